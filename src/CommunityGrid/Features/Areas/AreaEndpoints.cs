using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Areas;

public sealed record AreaSummary(Guid Id, string Code, string Name, string Level, string Path, Guid? ParentId, bool Retired);

public sealed record LocateResponse(AreaSummary Grid, IReadOnlyList<AreaSummary> Ancestors);

internal static class AreaEndpoints
{
    public static IServiceCollection AddAreas(this IServiceCollection services)
    {
        services.AddSingleton<GridIndex>();
        return services;
    }

    public static RouteGroupBuilder MapAreas(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/areas").WithTags("Areas");
        group.MapGet("/locate", Locate).AllowAnonymous()
            .WithSummary("The grid containing a WGS-84 point, with its ancestors; 404 outside every grid.");
        return api;
    }

    internal static async Task<Results<Ok<LocateResponse>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>>> Locate(double lat, double lng, GridIndex index, AppDbContext db, CancellationToken ct)
    {
        if (index.Locate(lat, lng) is not { } gridId)
        {
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 404,
                Title = "该位置不在任何网格内",
                Detail = "The point lies outside every grid.",
                Extensions = { ["code"] = "outside_all_grids" },
            });
        }

        var grid = await db.Areas.AsNoTracking().SingleAsync(a => a.Id == gridId, ct);
        var codes = grid.Path.TrimEnd('/').Split('/');
        var ancestors = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code) && a.Id != gridId)
            .OrderBy(a => a.Level).Select(a => ToSummary(a)).ToListAsync(ct);
        return TypedResults.Ok(new LocateResponse(ToSummary(grid), ancestors));
    }

    internal static AreaSummary ToSummary(Area a) => new(a.Id, a.Code, a.Name, a.Level.ToString(), a.Path, a.ParentId, a.Retired);
}
