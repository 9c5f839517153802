using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People;

/// <summary>
/// GET /api/people/search: the person picker's source — residents of the registry the caller keeps (404 for a caller
/// who keeps none, like the resident list), by name, with where they live by name. Names as the caller's role sees them in the register.
/// </summary>
internal static class PersonSearch
{
    public const int MaxResults = 20;

    public static RouteGroupBuilder MapPersonSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/people/search", Search).WithTags("People")
            .WithSummary("Search-as-you-type for the person picker: residents the caller keeps the registry of, by name; up to 20, with their community and grid by name.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PickerChoice>>> Search(string? q, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.RegistryPaths.Count == 0)
        {
            // Like the resident list: a caller who keeps no registry has no residents to search.
            throw new NotFoundException("resident list");
        }

        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Ok<IReadOnlyList<PickerChoice>>([]);
        }

        var text = q.Trim();
        var rows = await db.People.AsNoTracking().InRegistryScope(scope).Where(p => p.Name.Contains(text))
            .OrderBy(p => p.Name).ThenBy(p => p.Id).Take(MaxResults).Select(p => new { p.Id, p.Name, p.AreaPath }).ToListAsync(ct);
        var where = await AreaLabels.WhereAsync(db, rows.Select(r => r.AreaPath), depth: 5, ct);
        return TypedResults.Ok<IReadOnlyList<PickerChoice>>([.. rows.Select(r => new PickerChoice(r.Id.ToString(), r.Name, Short(where[r.AreaPath]), "Person"))]);
    }

    /// <summary>The grid and the community ("仕奇社区第一网格 · 仕奇社区"), leaving out building, unit and house.</summary>
    private static string Short(string where) => string.Join(" · ", where.Split(" · ").Where(w => !w.EndsWith('楼') && !w.EndsWith("单元", StringComparison.Ordinal)).Take(2));
}
