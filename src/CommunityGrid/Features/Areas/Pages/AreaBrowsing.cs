using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Features.Areas.Pages;

/// <summary>A node as the pages show it.</summary>
public sealed record AreaNode(Guid Id, string Code, string Name, AreaLevel Level, string Path, bool Retired);

/// <summary>A child row of the area browser; counts are null where the caller does not keep the registry.</summary>
public sealed record AreaChildRow(AreaNode Area, int? Grids, int? Buildings, int? Households, int? Residents);

/// <summary>Everything one area panel shows: where the node sits, its counts, its children and its map.</summary>
public sealed record AreaView(AreaNode Node, IReadOnlyList<AreaNode> Ancestors, AreaChildRow Totals, IReadOnlyList<AreaChildRow> Children, IReadOnlyList<GridShape> Grids, bool KeepsRegistry, bool Administers);

/// <summary>A grid outline for the map.</summary>
public sealed record GridShape(string Code, string Name, Geometry Boundary);

/// <summary>
/// Read side of the area pages, with the counts the API does not give. Visibility is the areas
/// directory's rule (<see cref="AreaDirectory.VisibleTo"/>): the nodes on the path to the caller's
/// grants and everything under them; anything else is "not found".
/// </summary>
internal static class AreaBrowsing
{
    /// <summary>The node with this code if the caller may see it, else null (the page answers 404).</summary>
    public static async Task<AreaNode?> FindVisibleAsync(AppDbContext db, Scope scope, string code, CancellationToken ct = default)
    {
        return await db.Areas.AsNoTracking().Where(a => a.Code == code).Where(AreaDirectory.VisibleTo(scope)).Select(ToNode).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Loads one panel. Queries run one after another: the page owns the request's DbContext and
    /// a context takes one query at a time.
    /// </summary>
    public static async Task<AreaView> LoadViewAsync(AppDbContext db, IRegistryCounts registry, Scope scope, AreaNode node, CancellationToken ct = default)
    {
        var ancestors = await AncestorsAsync(db, node, ct);
        var totals = await CountsAsync(db, registry, scope, node, ct);
        var children = await ChildrenAsync(db, registry, scope, node, ct);
        var grids = await GridShapesAsync(db, scope, node, ct);
        return new AreaView(node, ancestors, totals, children, grids, scope.KeepsRegistryOf(node.Path), scope.Administers(node.Path));
    }

    /// <summary>Ancestors of a node, city first (codes come from its path, so one query; a deeper node has a longer path).</summary>
    public static async Task<List<AreaNode>> AncestorsAsync(AppDbContext db, AreaNode node, CancellationToken ct = default)
    {
        var codes = AreaPath.AncestorCodes(node.Path);
        return await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).OrderBy(a => a.Path.Length).Select(ToNode).ToListAsync(ct);
    }

    /// <summary>Children the caller may see, with counts under each where the caller keeps the registry.</summary>
    public static async Task<List<AreaChildRow>> ChildrenAsync(AppDbContext db, IRegistryCounts registry, Scope scope, AreaNode node, CancellationToken ct = default)
    {
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == node.Id).Where(AreaDirectory.VisibleTo(scope))
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Code).Select(ToNode).ToListAsync(ct);
        var rows = new List<AreaChildRow>();
        foreach (var child in children)
        {
            rows.Add(await CountsAsync(db, registry, scope, child, ct));
        }

        return rows;
    }

    /// <summary>Grids, buildings, households and residents under a node; null where the caller does not keep its registry.</summary>
    public static async Task<AreaChildRow> CountsAsync(AppDbContext db, IRegistryCounts registry, Scope scope, AreaNode node, CancellationToken ct = default)
    {
        if (!scope.KeepsRegistryOf(node.Path))
        {
            return new AreaChildRow(node, null, null, null, null);
        }

        string[] under = [node.Path];
        int? grids = node.Level < AreaLevel.Grid
            ? await db.Areas.AsNoTracking().Under(under).CountAsync(a => a.Level == AreaLevel.Grid && !a.Retired, ct)
            : null;
        int? buildings = node.Level < AreaLevel.Building
            ? await db.Areas.AsNoTracking().Under(under).CountAsync(a => a.Level == AreaLevel.Building && !a.Retired, ct)
            : null;
        var (households, residents) = await registry.CountAsync(scope, node.Path, ct);
        return new AreaChildRow(node, grids, buildings, households, residents);
    }

    /// <summary>Grid outlines at or under a node that the caller may see (the map of the area browser).</summary>
    public static async Task<List<GridShape>> GridShapesAsync(AppDbContext db, Scope scope, AreaNode node, CancellationToken ct = default)
    {
        if (node.Level > AreaLevel.Grid)
        {
            return [];
        }

        var grids = await db.Areas.AsNoTracking().Under([node.Path])
            .Where(a => a.Level == AreaLevel.Grid && !a.Retired && a.BoundaryGeoJson != null)
            .Where(AreaDirectory.VisibleTo(scope))
            .OrderBy(a => a.Code)
            .Select(a => new { a.Code, a.Name, a.BoundaryGeoJson })
            .ToListAsync(ct);
        return [.. grids.Select(g => new GridShape(g.Code, g.Name, GeoJson.ReadGeometry(g.BoundaryGeoJson!)))];
    }

    /// <summary>The grid a path lies in (the 5th code of the path), if it reaches that deep.</summary>
    public static string? GridCodeOf(string path) => AreaPath.AncestorCode(path, AreaLevel.Grid);

    private static readonly System.Linq.Expressions.Expression<Func<Area, AreaNode>> ToNode =
        a => new AreaNode(a.Id, a.Code, a.Name, a.Level, a.Path, a.Retired);
}

internal static class AreaLevelNames
{
    public static string ChineseName(this AreaLevel level) => level switch
    {
        AreaLevel.City => "市",
        AreaLevel.District => "区",
        AreaLevel.Street => "街道",
        AreaLevel.Community => "社区",
        AreaLevel.Grid => "网格",
        AreaLevel.Building => "楼栋",
        AreaLevel.Unit => "单元",
        AreaLevel.House => "户",
        _ => level.ToString(),
    };

    public static string EnglishName(this AreaLevel level) => level switch
    {
        AreaLevel.City => "City",
        AreaLevel.District => "District",
        AreaLevel.Street => "Street",
        AreaLevel.Community => "Community",
        AreaLevel.Grid => "Grid",
        AreaLevel.Building => "Building",
        AreaLevel.Unit => "Unit",
        AreaLevel.House => "House",
        _ => level.ToString(),
    };
}
