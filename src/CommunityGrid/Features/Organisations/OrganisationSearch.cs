using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Organisations;

/// <summary>GET /api/organisations/search: the organisation picker's source, within the registry the caller keeps, by name.</summary>
internal static class OrganisationSearch
{
    public const int MaxResults = 20;

    public static RouteGroupBuilder MapOrganisationSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/organisations/search", Search).WithTags("Organisations")
            .WithSummary("Search-as-you-type for the organisation picker: organisations under the caller's registry scope, by name, optionally of one kind; up to 20, with where each is by name.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<PickerChoice>>> Search(string? q, OrganisationKind? kind, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.RegistryPaths.Count == 0)
        {
            throw new NotFoundException("organisation list");
        }

        var query = db.Organisations.AsNoTracking().InRegistryScope(scope);
        if (kind is { } k)
        {
            query = query.Where(o => o.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(o => o.Name.Contains(text));
        }

        var rows = await query.OrderBy(o => o.Name).ThenBy(o => o.Id).Take(MaxResults).Select(o => new { o.Id, o.Name, o.AreaPath, o.Kind }).ToListAsync(ct);
        var names = await db.Areas.AsNoTracking().Where(a => rows.Select(r => r.AreaPath).Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, StringComparer.Ordinal, ct);
        var where = await AreaLabels.WhereAsync(db, rows.Select(r => r.AreaPath), depth: 1, ct);
        return TypedResults.Ok<IReadOnlyList<PickerChoice>>([.. rows.Select(r => new PickerChoice(r.Id.ToString(), r.Name,
            string.Join(" · ", new[] { names.GetValueOrDefault(r.AreaPath), where[r.AreaPath] }.Where(s => !string.IsNullOrEmpty(s))), r.Kind.ToString()))]);
    }
}
