using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Areas;

/// <summary>One choice of a picker: what it stands for (<see cref="Value"/>: an area code, a person's or an organisation's id), its name and where it is ("仕奇社区 · 人民路街道").</summary>
public sealed record PickerChoice(string Value, string Name, string Where, string Kind);

/// <summary>The "where" line of pickers and lists: a place's parents by name, nearest first, never a raw code.</summary>
public static class AreaLabels
{
    /// <summary>For each path, the names of up to <paramref name="depth"/> ancestors above it, nearest first, without the city ("仕奇社区 · 人民路街道").</summary>
    public static async Task<Dictionary<string, string>> WhereAsync(AppDbContext db, IEnumerable<string> paths, int depth = 2, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = paths.Distinct(StringComparer.Ordinal).ToList();
        var ancestors = list.SelectMany(p => AreaPath.Ancestors(p).Where(a => AreaPath.LevelOf(a) > AreaLevel.City)).Distinct(StringComparer.Ordinal).ToList();
        var names = ancestors.Count == 0 ? [] : await db.Areas.AsNoTracking().Where(a => ancestors.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, StringComparer.Ordinal, ct);
        return list.ToDictionary(p => p, p => string.Join(" · ", AreaPath.Ancestors(p).Reverse().Where(names.ContainsKey).Take(depth).Select(a => names[a])), StringComparer.Ordinal);
    }

    /// <summary>The name of an area by its code, or the code when it is unknown.</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(AppDbContext db, IEnumerable<string> codes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = codes.Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Areas.AsNoTracking().Where(a => list.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, StringComparer.Ordinal, ct);
        return list.ToDictionary(c => c, c => names.GetValueOrDefault(c) ?? c, StringComparer.Ordinal);
    }
}

/// <summary>
/// GET /api/areas/search: the area picker's source. Districts, streets, communities and grids are public names (their
/// boards and wish walls are public), so any signed-in caller may search them; <c>mine=true</c> keeps to the areas whose
/// registry the caller keeps (the KPI page, the residents filter). Buildings and houses are never offered.
/// </summary>
internal static class AreaSearch
{
    public const int MaxResults = 20;

    /// <summary>The levels a picker offers. A list, not a range: levels are stored by name, and names do not sort by level.</summary>
    private static readonly AreaLevel[] Offered = [AreaLevel.District, AreaLevel.Street, AreaLevel.Community, AreaLevel.Grid];

    public static RouteGroupBuilder MapAreaSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/areas/search", Search).WithTags("Areas")
            .WithSummary("Search-as-you-type for the area picker: name or code, optionally one level (District, Street, Community, Grid) and only the caller's own areas (mine=true); up to 20, with where each lies.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PickerChoice>>> Search(string? q, string? level, bool? mine, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var query = db.Areas.AsNoTracking().Where(a => !a.Retired && Offered.Contains(a.Level));
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (int.TryParse(level, out _) || !Enum.TryParse<AreaLevel>(level.Trim(), ignoreCase: true, out var wanted) || !Offered.Contains(wanted))
            {
                throw new InvalidInputException("area_level_unknown", "区域层级只能是 District、Street、Community 或 Grid", "The level is one of District, Street, Community or Grid.");
            }

            query = query.Where(a => a.Level == wanted);
        }

        if (mine == true)
        {
            var paths = scope.RegistryPaths;
            if (paths.Count == 0)
            {
                return TypedResults.Ok<IReadOnlyList<PickerChoice>>([]);
            }

            query = query.Under(paths);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(a => a.Name.Contains(text) || a.Code.StartsWith(text));
        }

        // A code is longer the deeper its level: the caller's street comes before its communities and grids.
        var rows = await query.OrderBy(a => a.Code.Length).ThenBy(a => a.Code).Take(MaxResults).Select(a => new { a.Code, a.Name, a.Path, a.Level }).ToListAsync(ct);
        var where = await AreaLabels.WhereAsync(db, rows.Select(r => r.Path), ct: ct);
        return TypedResults.Ok<IReadOnlyList<PickerChoice>>([.. rows.Select(r => new PickerChoice(r.Code, r.Name, where[r.Path], r.Level.ToString()))]);
    }
}
