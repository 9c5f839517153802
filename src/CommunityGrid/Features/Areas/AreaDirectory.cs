using System.Linq.Expressions;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Areas;

public sealed record AreaDetail(
    AreaSummary Area,
    IReadOnlyList<AreaSummary> Ancestors,
    int ChildCount,
    int RetiredChildCount,
    int GridCount,
    JsonElement? Boundary);

/// <summary>
/// Reads of the area tree as a caller may see it: the nodes on the way to their grants and
/// everything under them. Anything else is reported as not found. Shared by the API and pages.
/// </summary>
public sealed class AreaDirectory(AppDbContext db)
{
    /// <summary>The live communities the caller administers (a community admin: one; a street or district admin: theirs), by code.</summary>
    public static async Task<List<(string Code, string Name)>> AdministeredCommunitiesAsync(AppDbContext db, Scope scope, CancellationToken ct = default) =>
        await AdministeredCommunitiesAsync(db, scope, Paging.MaxSize, ct);

    /// <summary>The same, at most <paramref name="take"/> of them.</summary>
    public static async Task<List<(string Code, string Name)>> AdministeredCommunitiesAsync(AppDbContext db, Scope scope, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await db.Areas.AsNoTracking().Under(scope.AdminPaths).Where(a => a.Level == AreaLevel.Community && !a.Retired)
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).Take(take).ToListAsync(ct);
        return [.. rows.Select(r => (r.Code, r.Name))];
    }

    public async Task<AreaDetail> DetailAsync(Scope scope, Guid id, CancellationToken ct = default)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Id == id).Where(VisibleTo(scope)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("area");
        return await DetailOfAsync(scope, area, ct);
    }

    public async Task<AreaDetail> ByCodeAsync(Scope scope, string code, CancellationToken ct = default)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == code).Where(VisibleTo(scope)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("area");
        return await DetailOfAsync(scope, area, ct);
    }

    public async Task<Page<AreaSummary>> ChildrenAsync(Scope scope, Guid id, int? page, int? pageSize, bool includeRetired, CancellationToken ct = default)
    {
        await MustSeeAsync(scope, id, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var children = db.Areas.AsNoTracking().Where(a => a.ParentId == id).Where(VisibleTo(scope));
        if (!includeRetired)
        {
            children = children.Where(a => !a.Retired);
        }

        var total = await children.CountAsync(ct);
        var items = await children.OrderBy(a => a.SortOrder).ThenBy(a => a.Code)
            .Skip((number - 1) * size).Take(size)
            .Select(a => new AreaSummary(a.Id, a.Code, a.Name, a.Level.ToString(), a.Path, a.ParentId, a.Retired))
            .ToListAsync(ct);
        return new Page<AreaSummary>(items, number, size, total);
    }

    /// <summary>The caller's home nodes: the outermost node of each grant.</summary>
    public async Task<IReadOnlyList<AreaSummary>> RootsAsync(Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var homes = scope.HomePaths.ToList();
        return await db.Areas.AsNoTracking().Where(a => homes.Contains(a.Path)).OrderBy(a => a.Path)
            .Select(a => new AreaSummary(a.Id, a.Code, a.Name, a.Level.ToString(), a.Path, a.ParentId, a.Retired))
            .ToListAsync(ct);
    }

    /// <summary>GeoJSON FeatureCollection of the live grids with a boundary under the node.</summary>
    public async Task<string> GridsGeoJsonAsync(Scope scope, Guid id, CancellationToken ct = default)
    {
        var path = await MustSeeAsync(scope, id, ct);
        var grids = await db.Areas.AsNoTracking().Under([path]).Where(VisibleTo(scope))
            .Where(a => a.Level == AreaLevel.Grid && !a.Retired && a.BoundaryGeoJson != null)
            .OrderBy(a => a.Code)
            .Select(a => new { a.Id, a.Code, a.Name, a.BoundaryGeoJson })
            .ToListAsync(ct);
        return GeoJson.WriteFeatureCollection(grids.Select(g => (
            GeoJson.ReadGeometry(g.BoundaryGeoJson!),
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["code"] = g.Code,
                ["name"] = g.Name,
                ["id"] = g.Id.ToString(),
            })));
    }

    /// <summary>The node's path if the caller may see it; otherwise not found.</summary>
    internal async Task<string> MustSeeAsync(Scope scope, Guid id, CancellationToken ct)
    {
        var path = await db.Areas.AsNoTracking().Where(a => a.Id == id).Where(VisibleTo(scope)).Select(a => a.Path).SingleOrDefaultAsync(ct);
        return path ?? throw new NotFoundException("area");
    }

    internal async Task<AreaDetail> DetailOfAsync(Scope scope, Area area, CancellationToken ct)
    {
        var codes = AreaPath.AncestorCodes(area.Path);
        // Ancestor paths are prefixes of one another, so path order is top-down order.
        var ancestors = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code))
            .OrderBy(a => a.Path)
            .Select(a => new AreaSummary(a.Id, a.Code, a.Name, a.Level.ToString(), a.Path, a.ParentId, a.Retired))
            .ToListAsync(ct);
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == area.Id).Where(VisibleTo(scope))
            .GroupBy(a => a.Retired).Select(g => new { Retired = g.Key, Count = g.Count() }).ToListAsync(ct);
        var grids = await db.Areas.AsNoTracking().Under([area.Path]).Where(VisibleTo(scope))
            .CountAsync(a => a.Level == AreaLevel.Grid && !a.Retired, ct);
        JsonElement? boundary = area.BoundaryGeoJson is null ? null : JsonDocument.Parse(area.BoundaryGeoJson).RootElement.Clone();
        return new AreaDetail(
            AreaEndpoints.ToSummary(area),
            ancestors,
            children.Where(c => !c.Retired).Sum(c => c.Count),
            children.Where(c => c.Retired).Sum(c => c.Count),
            grids,
            boundary);
    }

    /// <summary>
    /// Nodes the caller may read: under one of their home paths, or on the way down to one (the
    /// ancestors of a grant, so a grid worker can name the community and street of their grid).
    /// </summary>
    internal static Expression<Func<Area, bool>> VisibleTo(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var homes = scope.HomePaths;
        var onTheWay = homes.SelectMany(AreaPath.Ancestors).Distinct(StringComparer.Ordinal).ToList();
        var area = Expression.Parameter(typeof(Area), "a");
        var path = Expression.Property(area, nameof(Area.Path));
        Expression body = Expression.Call(
            Expression.Constant(onTheWay),
            typeof(List<string>).GetMethod(nameof(List<string>.Contains))!,
            path);
        var compare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
        foreach (var home in homes)
        {
            var (lo, hi) = AreaPath.PrefixRange(home);
            var inRange = Expression.AndAlso(
                Expression.GreaterThanOrEqual(Expression.Call(compare, path, Expression.Constant(lo)), Expression.Constant(0)),
                Expression.LessThan(Expression.Call(compare, path, Expression.Constant(hi)), Expression.Constant(0)));
            body = Expression.OrElse(body, inRange);
        }

        return Expression.Lambda<Func<Area, bool>>(body, area);
    }

    internal static bool Sees(Scope scope, string path) =>
        scope.HomePaths.Any(h => path.StartsWith(h, StringComparison.Ordinal) || h.StartsWith(path, StringComparison.Ordinal));
}
