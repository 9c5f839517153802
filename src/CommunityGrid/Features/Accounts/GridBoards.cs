using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Accounts;

public sealed record BoardMember(string DisplayName, string Title, string? Phone, string Role, string AreaCode, string AreaName);

public sealed record GridBoard(
    Guid GridId,
    string GridCode,
    string GridName,
    string CommunityCode,
    string CommunityName,
    IReadOnlyList<BoardMember> GridChiefs,
    IReadOnlyList<BoardMember> GridWorkers,
    IReadOnlyList<BoardMember> BuildingHeads);

/// <summary>The public board (红色网格) of a grid: who works there, read from their role assignments.</summary>
public sealed class GridBoards(AppDbContext db)
{
    public static RouteGroupBuilder MapGridBoards(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/areas").WithTags("Areas");
        group.MapGet("/{id:guid}/board", BoardById).AllowAnonymous()
            .WithSummary("The public board (红色网格) of a grid: chief, workers, building and unit heads with phones.");
        group.MapGet("/board", BoardByCode).AllowAnonymous()
            .WithSummary("The public board of a grid found by its code.");
        return api;
    }

    private static async Task<Ok<GridBoard>> BoardById(Guid id, GridBoards boards, CancellationToken ct) =>
        TypedResults.Ok(await boards.BoardAsync(id, null, ct));

    private static async Task<Ok<GridBoard>> BoardByCode(string code, GridBoards boards, CancellationToken ct) =>
        TypedResults.Ok(await boards.BoardAsync(null, code, ct));

    /// <summary>The public board (红色网格) of a live grid: its chief, workers and building/unit heads with phones.</summary>
    public async Task<GridBoard> BoardAsync(Guid? gridId, string? gridCode, CancellationToken ct = default)
    {
        var grids = db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid && !a.Retired);
        grids = gridId is { } id ? grids.Where(a => a.Id == id) : grids.Where(a => a.Code == gridCode);
        var grid = await grids.SingleOrDefaultAsync(ct) ?? throw new NotFoundException("grid");
        var community = await db.Areas.AsNoTracking().Where(a => a.Id == grid.ParentId)
            .Select(a => new { a.Code, a.Name }).SingleAsync(ct);

        var staff = await db.RoleAssignments.AsNoTracking().Under([grid.Path])
            .Where(r => r.Role == Role.GridChief || r.Role == Role.GridWorker || r.Role == Role.BuildingHead)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.Role, r.Title, r.AreaId, u.DisplayName, u.PhoneNumber })
            .Join(db.Areas, x => x.AreaId, a => a.Id, (x, a) => new { x.Role, x.Title, x.DisplayName, x.PhoneNumber, a.Code, a.Name, a.Level })
            .ToListAsync(ct);

        List<BoardMember> Members(Func<Role, bool> which) => [.. staff
            .Where(s => which(s.Role))
            .OrderBy(s => s.Code, StringComparer.Ordinal).ThenBy(s => s.DisplayName, StringComparer.Ordinal)
            .Select(s => new BoardMember(s.DisplayName, s.Title ?? DefaultTitle(s.Role, s.Level, s.Name), s.PhoneNumber, s.Role.ToString(), s.Code, s.Name))];

        return new GridBoard(
            grid.Id,
            grid.Code,
            grid.Name,
            community.Code,
            community.Name,
            Members(r => r == Role.GridChief),
            Members(r => r == Role.GridWorker),
            Members(r => r == Role.BuildingHead));
    }

    private static string DefaultTitle(Role role, AreaLevel level, string areaName) => (role, level) switch
    {
        (Role.BuildingHead, AreaLevel.Unit) => areaName + "单元长",
        (Role.BuildingHead, _) => areaName + "楼栋长",
        _ => role.ChineseName(),
    };
}
