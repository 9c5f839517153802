using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
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
        services.AddScoped<AreaDirectory>();
        return services;
    }

    public static RouteGroupBuilder MapAreas(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/areas").WithTags("Areas");
        group.MapGet("/locate", Locate).AllowAnonymous()
            .WithSummary("The grid containing a WGS-84 point, with its ancestors; 404 outside every grid.");
        group.MapGet("/roots", Roots)
            .WithSummary("The caller's home nodes: the outermost area of each of their role assignments.");
        group.MapGet("/{id:guid}", Detail)
            .WithSummary("One area with its ancestors and child counts; 404 outside the caller's areas.");
        group.MapGet("/{id:guid}/children", Children)
            .WithSummary("The children of an area the caller may see, paged.");
        group.MapGet("/by-code/{code}", ByCode)
            .WithSummary("One area by its stable code.");
        group.MapGet("/{id:guid}/grids.geojson", GridsGeoJson)
            .Produces<string>(StatusCodes.Status200OK, GeoJsonContentType)
            .WithSummary("GeoJSON FeatureCollection of the live grids under an area (properties code, name, id).");
        group.MapPost("/", AreaEdits.Create)
            .WithSummary("Creates an area under a parent the caller administers.");
        group.MapPut("/{id:guid}", AreaEdits.Update)
            .WithSummary("Renames an area and replaces its boundary.");
        group.MapPost("/{id:guid}/move", AreaEdits.Move)
            .WithSummary("Moves an area (and everything under it) to a new parent of the same level.");
        group.MapPost("/{id:guid}/retire", AreaEdits.Retire)
            .WithSummary("Retires an area with no live children; it keeps its history.");
        return api;
    }

    public const string GeoJsonContentType = "application/geo+json";

    private static async Task<Ok<IReadOnlyList<AreaSummary>>> Roots(CurrentUser current, AreaDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.RootsAsync(await current.ScopeAsync(ct), ct));

    private static async Task<Ok<AreaDetail>> Detail(Guid id, CurrentUser current, AreaDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.DetailAsync(await current.ScopeAsync(ct), id, ct));

    private static async Task<Ok<Page<AreaSummary>>> Children(Guid id, int? page, int? pageSize, bool? includeRetired, CurrentUser current, AreaDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ChildrenAsync(await current.ScopeAsync(ct), id, page, pageSize, includeRetired ?? false, ct));

    private static async Task<Ok<AreaDetail>> ByCode(string code, CurrentUser current, AreaDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.ByCodeAsync(await current.ScopeAsync(ct), code, ct));

    private static async Task<ContentHttpResult> GridsGeoJson(Guid id, CurrentUser current, AreaDirectory directory, CancellationToken ct) =>
        TypedResults.Content(await directory.GridsGeoJsonAsync(await current.ScopeAsync(ct), id, ct), GeoJsonContentType, System.Text.Encoding.UTF8);

    internal static async Task<Ok<LocateResponse>> Locate(double lat, double lng, GridIndex index, AppDbContext db, CancellationToken ct)
    {
        if (index.Locate(lat, lng) is not { } gridId)
        {
            throw new DomainRuleException("outside_all_grids", "该位置不在任何网格内", "The point lies outside every grid.", RuleKind.NotFound);
        }

        var grid = await db.Areas.AsNoTracking().SingleAsync(a => a.Id == gridId, ct);
        var codes = AreaPath.Codes(grid.Path);
        // Ancestor paths are prefixes of one another, so path order is top-down order.
        var ancestors = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code) && a.Id != gridId)
            .OrderBy(a => a.Path).Select(a => ToSummary(a)).ToListAsync(ct);
        return TypedResults.Ok(new LocateResponse(ToSummary(grid), ancestors));
    }

    internal static AreaSummary ToSummary(Area a) => new(a.Id, a.Code, a.Name, a.Level.ToString(), a.Path, a.ParentId, a.Retired);
}
