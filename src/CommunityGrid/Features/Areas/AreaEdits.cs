using System.Reflection;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Features.Areas;

/// <param name="Boundary">A GeoJSON geometry object (Polygon or MultiPolygon, WGS-84); optional.</param>
public sealed record CreateAreaRequest(
    [property: Required] Guid? ParentId,
    [property: Required, MaxLength(Area.CodeMaxLength)] string Code,
    [property: Required, MaxLength(Area.NameMaxLength)] string Name,
    JsonElement? Boundary);

/// <param name="Boundary">Replaces the boundary; null removes it; left out, the boundary stays.</param>
public sealed record UpdateAreaRequest(
    [property: Required, MaxLength(Area.NameMaxLength)] string Name,
    JsonElement Boundary);

public sealed record MoveAreaRequest([property: Required] Guid? NewParentId);

public sealed record MoveResult(AreaDetail Area, int RewrittenRows);

/// <summary>
/// Writes to the area tree. Only an admin of the parent's scope may change a node; a node the caller
/// cannot administer is not found (404), a parent they cannot administer is an unknown parent (400).
/// Each write is one transaction; the grid index is rebuilt after any change touching grids.
/// </summary>
internal static class AreaEdits
{
    public static async Task<Created<AreaDetail>> Create(CreateAreaRequest request, CurrentUser current, AppDbContext db, AreaDirectory directory, GridIndex index, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        AdminsOnly(scope);
        var boundary = GeoJson.ParseBoundary(request.Boundary);
        var created = await InTransactionAsync(db, async () =>
        {
            var parent = await AdministeredParentAsync(db, scope, request.ParentId!.Value, ct);
            var area = Area.CreateUnder(parent, request.Code.Trim(), request.Name, boundary?.Json, await NextSortOrderAsync(db, parent.Id, ct));
            if (await db.Areas.AnyAsync(a => a.Code == area.Code, ct))
            {
                throw CodeTaken(area.Code);
            }

            if (area.Level == AreaLevel.Grid && boundary is { } b)
            {
                await GridMustNotOverlapSiblingsAsync(db, parent.Id, area.Id, b.Geometry, ct);
            }

            db.Areas.Add(area);
            await db.SaveChangesAsync(ct);
            return area;
        }, ct);

        await ReindexIfGridsChangedAsync(index, db, created.Level, ct);
        var detail = await directory.DetailOfAsync(scope, created, ct);
        return TypedResults.Created($"/api/areas/{created.Id}", detail);
    }

    public static async Task<Ok<AreaDetail>> Update(Guid id, UpdateAreaRequest request, CurrentUser current, AppDbContext db, AreaDirectory directory, GridIndex index, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var keepBoundary = request.Boundary.ValueKind == JsonValueKind.Undefined;
        var boundary = keepBoundary ? null : GeoJson.ParseBoundary(request.Boundary);
        var area = await InTransactionAsync(db, async () =>
        {
            var area = await AdministeredAsync(db, scope, id, ct);
            area.Rename(request.Name);
            if (!keepBoundary)
            {
                area.SetBoundary(boundary?.Json);
            }

            if (area.Level == AreaLevel.Grid && !area.Retired && boundary is { } b && area.ParentId is { } parentId)
            {
                await GridMustNotOverlapSiblingsAsync(db, parentId, area.Id, b.Geometry, ct);
            }

            await db.SaveChangesAsync(ct);
            return area;
        }, ct);

        await ReindexIfGridsChangedAsync(index, db, area.Level, ct);
        return TypedResults.Ok(await directory.DetailOfAsync(scope, area, ct));
    }

    /// <summary>
    /// Moves a node under a new parent. The node keeps its code; its path and the paths (and district
    /// keys) of everything under it are rewritten in the same transaction: areas and every record that
    /// copies an area path. Audit entries keep the path they were written with: history stays.
    /// </summary>
    public static async Task<Ok<MoveResult>> Move(Guid id, MoveAreaRequest request, CurrentUser current, AppDbContext db, AreaDirectory directory, GridIndex index, TimeProvider clock, DirectoryCache callers, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var (area, rewritten) = await InTransactionAsync(db, async () =>
        {
            var area = await AdministeredAsync(db, scope, id, ct);
            var newParent = await AdministeredParentAsync(db, scope, request.NewParentId!.Value, ct);
            var oldPath = area.Path;
            area.MoveUnder(newParent);
            if (area.Path == oldPath)
            {
                return (area, 0);
            }

            if (area.Level == AreaLevel.Grid && !area.Retired && area.BoundaryGeoJson is { } json)
            {
                await GridMustNotOverlapSiblingsAsync(db, newParent.Id, area.Id, GeoJson.ReadGeometry(json), ct);
            }

            await db.SaveChangesAsync(ct);
            var rewritten = await RewritePathsAsync(db, oldPath, area.Path, area.DistrictCode, ct);
            db.AuditEntries.Add(AuditEntry.Of(
                clock.GetUtcNow().UtcDateTime,
                scope.UserId,
                scope.UserName,
                "PathsRewritten",
                nameof(Area),
                area.Id.ToString(),
                area.Path,
                JsonSerializer.Serialize(new { path = oldPath }),
                JsonSerializer.Serialize(new { path = area.Path, districtCode = area.DistrictCode, rows = rewritten })));
            await db.SaveChangesAsync(ct);
            return (area, rewritten);
        }, ct);

        // Grants carry area paths, rewritten above past the change tracker: who anyone is must be read again.
        callers.ForgetAll();
        await ReindexIfGridsChangedAsync(index, db, area.Level, ct);
        return TypedResults.Ok(new MoveResult(await directory.DetailOfAsync(scope, area, ct), rewritten));
    }

    public static async Task<Ok<AreaDetail>> Retire(Guid id, CurrentUser current, AppDbContext db, AreaDirectory directory, GridIndex index, TimeProvider clock, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var area = await InTransactionAsync(db, async () =>
        {
            var area = await AdministeredAsync(db, scope, id, ct);
            var activeChildren = await db.Areas.CountAsync(a => a.ParentId == area.Id && !a.Retired, ct);
            area.Retire(clock.GetUtcNow().UtcDateTime, activeChildren);
            await db.SaveChangesAsync(ct);
            return area;
        }, ct);

        await ReindexIfGridsChangedAsync(index, db, area.Level, ct);
        return TypedResults.Ok(await directory.DetailOfAsync(scope, area, ct));
    }

    /// <summary>
    /// Rewrites the path prefix (and district key) of every row under <paramref name="oldPath"/>, in every table
    /// of the model that hangs off the area tree, so no feature's rows are left behind under the old path.
    /// Append-only records (audit, hours, transfers, visits, check-ins) keep the place they were written at.
    /// Returns how many rows changed.
    /// </summary>
    private static async Task<int> RewritePathsAsync(AppDbContext db, string oldPath, string newPath, string districtCode, CancellationToken ct)
    {
        var rewrite = typeof(AreaEdits).GetMethod(nameof(RewriteAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        var tables = db.Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && typeof(IAreaScoped).IsAssignableFrom(t.ClrType) && !typeof(IAppendOnly).IsAssignableFrom(t.ClrType))
            .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal);
        var rows = 0;
        foreach (var table in tables)
        {
            var pathProperty = table.FindProperty(nameof(IAreaScoped.AreaPath)) is not null ? nameof(IAreaScoped.AreaPath) : nameof(Area.Path);
            var hasDistrict = table.FindProperty(nameof(Area.DistrictCode)) is not null;
            var query = set.MakeGenericMethod(table.ClrType).Invoke(db, null);
            rows += await (Task<int>)rewrite.MakeGenericMethod(table.ClrType).Invoke(null, [query, pathProperty, hasDistrict, oldPath, newPath, districtCode, ct])!;
        }

        return rows;
    }

    private static Task<int> RewriteAsync<T>(IQueryable<T> table, string pathProperty, bool hasDistrict, string oldPath, string newPath, string districtCode, CancellationToken ct)
        where T : class, IAreaScoped
    {
        var cut = oldPath.Length;
        Expression<Func<T, string>> path = x => EF.Property<string>(x, pathProperty);
#pragma warning disable CA1845 // An expression tree for SQL: spans cannot be translated, Substring can.
        Expression<Func<T, string>> rewritten = x => newPath + EF.Property<string>(x, pathProperty).Substring(cut);
#pragma warning restore CA1845
        Expression<Func<T, string>> district = x => EF.Property<string>(x, "DistrictCode");
        return hasDistrict
            ? table.Under([oldPath]).ExecuteUpdateAsync(s => s.SetProperty(path, rewritten).SetProperty(district, districtCode), ct)
            : table.Under([oldPath]).ExecuteUpdateAsync(s => s.SetProperty(path, rewritten), ct);
    }

    private static async Task GridMustNotOverlapSiblingsAsync(AppDbContext db, Guid parentId, Guid selfId, Geometry boundary, CancellationToken ct)
    {
        var siblings = await db.Areas.AsNoTracking()
            .Where(a => a.ParentId == parentId && a.Id != selfId && a.Level == AreaLevel.Grid && !a.Retired && a.BoundaryGeoJson != null)
            .Select(a => new { a.Code, a.BoundaryGeoJson })
            .ToListAsync(ct);
        Area.GridMustNotOverlapSiblings(boundary, siblings.Select(s => (s.Code, GeoJson.ReadGeometry(s.BoundaryGeoJson!))));
    }

    private static void AdminsOnly(Scope scope)
    {
        if (scope.AdminPaths.Count == 0)
        {
            throw new NotFoundException("area");
        }
    }

    /// <summary>The node, tracked, if the caller administers its parent's scope (the city node: a city admin); else 404.</summary>
    private static async Task<Area> AdministeredAsync(AppDbContext db, Scope scope, Guid id, CancellationToken ct)
    {
        var area = await db.Areas.SingleOrDefaultAsync(a => a.Id == id, ct);
        var allowed = area is not null && (area.ParentId is null
            ? scope.Has(Role.CityAdmin) && scope.Administers(area.Path)
            : scope.Administers(area.ParentPath));
        return allowed ? area! : throw new NotFoundException("area");
    }

    /// <summary>A parent the caller administers; any other id reads as an unknown parent, so nothing leaks.</summary>
    private static async Task<Area> AdministeredParentAsync(AppDbContext db, Scope scope, Guid parentId, CancellationToken ct)
    {
        var parent = await db.Areas.SingleOrDefaultAsync(a => a.Id == parentId, ct);
        if (parent is null || !scope.Administers(parent.Path))
        {
            throw new InvalidInputException("parent_not_found", "上级区域不存在或无权管理", "The parent area does not exist or is not yours to administer.");
        }

        return parent;
    }

    private static async Task<int> NextSortOrderAsync(AppDbContext db, Guid parentId, CancellationToken ct) =>
        (await db.Areas.Where(a => a.ParentId == parentId).MaxAsync(a => (int?)a.SortOrder, ct) ?? 0) + 1;

    private static DomainRuleException CodeTaken(string code) =>
        new("code_taken", $"区域编码 {code} 已被使用", $"The area code {code} is already taken.");

    private static async Task ReindexIfGridsChangedAsync(GridIndex index, AppDbContext db, AreaLevel level, CancellationToken ct)
    {
        if (level <= AreaLevel.Grid)
        {
            await index.ReloadAsync(db, ct);
        }
    }

    /// <summary>
    /// Runs the work in one explicit transaction through the provider's execution strategy (on SQLite
    /// every write is inside a transaction, which the write gate queues). Anything thrown rolls back.
    /// </summary>
    private static Task<T> InTransactionAsync<T>(AppDbContext db, Func<Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            try
            {
                var result = await work();
                await tx.CommitAsync(token);
                return result;
            }
            catch
            {
                db.ChangeTracker.Clear();
                throw;
            }
        }, ct);
}
