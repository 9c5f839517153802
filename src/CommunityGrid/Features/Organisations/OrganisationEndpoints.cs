using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Organisations;

public sealed record OrganisationQuery(OrganisationKind? Kind = null, string? AreaCode = null, string? Name = null, int? Page = null, int? PageSize = null);

public sealed record OrganisationView(Guid Id, OrganisationKind Kind, string Name, string AreaCode, string AreaName, string AreaPath, string? ContactName, string? ContactPhone, string? Address, double? Latitude, double? Longitude);

public sealed record RegisterOrganisationRequest(
    OrganisationKind Kind,
    [property: Required, MaxLength(Organisation.NameMaxLength)] string Name,
    [property: Required, MaxLength(Area.CodeMaxLength)] string AreaCode,
    [property: MaxLength(Organisation.ContactNameMaxLength)] string? ContactName,
    [property: MaxLength(Organisation.ContactPhoneMaxLength)] string? ContactPhone,
    [property: MaxLength(Organisation.AddressMaxLength)] string? Address,
    [property: Range(-90, 90)] double? Latitude,
    [property: Range(-180, 180)] double? Longitude);

public sealed record EstateQuery(string? CommunityCode = null, int? Page = null, int? PageSize = null);

public sealed record EstateView(Guid Id, string Name, Guid CommunityId, string CommunityCode, string CommunityName, EstateManagement Management, Guid ManagerOrganisationId, string ManagerName, IReadOnlyList<string> BuildingCodes, string AreaPath);

public sealed record CreateEstateRequest(
    [property: Required, MaxLength(Estate.NameMaxLength)] string Name,
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    EstateManagement Management,
    Guid ManagerOrganisationId);

/// <summary>The full set of buildings of the estate: buildings left out leave it.</summary>
public sealed record AssignBuildingsRequest([property: Required] IReadOnlyList<string> BuildingCodes);

/// <summary>Organisations and estates (小区), scoped to the caller's registry like residents.</summary>
internal static class OrganisationEndpoints
{
    public static RouteGroupBuilder MapOrganisations(this RouteGroupBuilder api)
    {
        var organisations = api.MapGroup("/organisations").WithTags("Organisations");
        organisations.MapGet("/", ListOrganisations)
            .WithSummary("Organisations under the caller's registry scope.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        organisations.MapPost("/", RegisterOrganisation)
            .WithSummary("Registers an organisation (property company, committee, merchant, station…) in an area of the caller's registry.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        var estates = api.MapGroup("/estates").WithTags("Organisations");
        estates.MapGet("/", ListEstates)
            .WithSummary("Estates of the communities the caller works in.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        estates.MapGet("/{id:guid}", GetEstate).ProducesProblem(StatusCodes.Status404NotFound);
        estates.MapPost("/", CreateEstate)
            .WithSummary("Creates an estate of a community the caller administers, with its manager organisation.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        estates.MapPut("/{id:guid}/buildings", AssignBuildings)
            .WithSummary("Sets which buildings of the community belong to the estate.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<Page<OrganisationView>>> ListOrganisations([AsParameters] OrganisationQuery q, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await RegistryScopeAsync(current, ct);
        var (number, size) = Paging.Normalise(q.Page, q.PageSize);
        var organisations = db.Organisations.AsNoTracking().InRegistryScope(scope);
        if (!string.IsNullOrWhiteSpace(q.AreaCode))
        {
            var code = q.AreaCode.Trim();
            var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code, ct);
            if (area is null || !scope.KeepsRegistryOf(area.Path))
            {
                throw new NotFoundException("area");
            }

            organisations = organisations.Under([area.Path]);
        }

        if (q.Kind is { } kind)
        {
            organisations = organisations.Where(o => o.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(q.Name))
        {
            var name = q.Name.Trim();
            organisations = organisations.Where(o => o.Name.Contains(name));
        }

        var total = await organisations.CountAsync(ct);
        var items = await (
            from o in organisations
            join a in db.Areas on o.AreaId equals a.Id
            orderby o.AreaPath, o.Name, o.Id
            select new OrganisationView(o.Id, o.Kind, o.Name, a.Code, a.Name, o.AreaPath, o.ContactName, o.ContactPhone, o.Address, o.Latitude, o.Longitude))
            .Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Page<OrganisationView>(items, number, size, total));
    }

    private static async Task<Created<OrganisationView>> RegisterOrganisation(RegisterOrganisationRequest request, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await RegistryScopeAsync(current, ct);
        var code = request.AreaCode.Trim();
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code, ct);
        if (area is null || !scope.KeepsRegistryOf(area.Path))
        {
            throw new NotFoundException("area");
        }

        if (!Enum.IsDefined(request.Kind))
        {
            throw new InvalidInputException("organisation_kind_invalid", "组织类型不正确", "Unknown kind of organisation.");
        }

        var organisation = Organisation.Register(request.Kind, request.Name, area, Blank(request.ContactName), Blank(request.ContactPhone), Blank(request.Address), request.Latitude, request.Longitude);
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/organisations/{organisation.Id}",
            new OrganisationView(organisation.Id, organisation.Kind, organisation.Name, area.Code, area.Name, organisation.AreaPath, organisation.ContactName, organisation.ContactPhone, organisation.Address, organisation.Latitude, organisation.Longitude));
    }

    private static async Task<Ok<Page<EstateView>>> ListEstates([AsParameters] EstateQuery q, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await RegistryScopeAsync(current, ct);
        var (number, size) = Paging.Normalise(q.Page, q.PageSize);
        var estates = db.Estates.AsNoTracking().Under(CommunitiesOf(scope));
        if (!string.IsNullOrWhiteSpace(q.CommunityCode))
        {
            var code = q.CommunityCode.Trim();
            await AreaFilter.PathInViewAsync(db, scope, code, ct);
            estates = estates.Where(e => db.Areas.Any(a => a.Id == e.CommunityId && a.Code == code));
        }

        var total = await estates.CountAsync(ct);
        var ids = await estates.OrderBy(e => e.AreaPath).ThenBy(e => e.Name).ThenBy(e => e.Id)
            .Skip((number - 1) * size).Take(size).Select(e => e.Id).ToListAsync(ct);
        var views = await ViewsAsync(db, ids, ct);
        return TypedResults.Ok(new Page<EstateView>([.. ids.Select(id => views[id])], number, size, total));
    }

    private static async Task<Ok<EstateView>> GetEstate(Guid id, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await RegistryScopeAsync(current, ct);
        if (!await db.Estates.AsNoTracking().Under(CommunitiesOf(scope)).AnyAsync(e => e.Id == id, ct))
        {
            throw new NotFoundException("estate");
        }

        return TypedResults.Ok((await ViewsAsync(db, [id], ct))[id]);
    }

    private static async Task<Created<EstateView>> CreateEstate(CreateEstateRequest request, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var code = request.CommunityCode.Trim();
        var community = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code, ct);
        if (community is null || !scope.Administers(community.Path))
        {
            throw new NotFoundException("community");
        }

        var manager = await db.Organisations.AsNoTracking().InRegistryScope(scope).SingleOrDefaultAsync(o => o.Id == request.ManagerOrganisationId, ct)
            ?? throw new NotFoundException("organisation");
        var estate = Estate.Create(request.Name, community, request.Management, manager);
        db.Estates.Add(estate);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/estates/{estate.Id}", (await ViewsAsync(db, [estate.Id], ct))[estate.Id]);
    }

    private static async Task<Ok<EstateView>> AssignBuildings(Guid id, AssignBuildingsRequest request, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var estate = await db.Estates.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (estate is null || !scope.Administers(estate.AreaPath))
        {
            throw new NotFoundException("estate");
        }

        var codes = request.BuildingCodes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var buildings = await db.Areas.Where(a => codes.Contains(a.Code)).ToListAsync(ct);
        var outside = codes.Except(buildings.Where(b => b.Level == AreaLevel.Building && b.Path.StartsWith(estate.AreaPath, StringComparison.Ordinal)).Select(b => b.Code), StringComparer.Ordinal).ToList();
        if (outside.Count > 0)
        {
            throw new InvalidInputException(
                "building_not_in_community",
                $"以下编码不是本社区的楼栋：{string.Join("、", outside)}",
                $"These codes are not buildings of the estate's community: {string.Join(", ", outside)}");
        }

        var leaving = await db.Areas.Where(a => a.EstateId == id && !codes.Contains(a.Code)).ToListAsync(ct);
        foreach (var building in leaving)
        {
            building.AssignEstate(null);
        }

        foreach (var building in buildings)
        {
            building.AssignEstate(id);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok((await ViewsAsync(db, [id], ct))[id]);
    }

    private static async Task<Scope> RegistryScopeAsync(CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.RegistryPaths.Count > 0 ? scope : throw new NotFoundException("list");
    }

    /// <summary>Estates hang off communities; grid and building staff see the estates of the community they work in.</summary>
    private static List<string> CommunitiesOf(Scope scope) =>
        [.. scope.RegistryPaths.Select(p => AreaPath.Community(p) ?? p).Distinct(StringComparer.Ordinal)];

    private static async Task<Dictionary<Guid, EstateView>> ViewsAsync(AppDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await (
            from e in db.Estates.AsNoTracking().Where(e => ids.Contains(e.Id))
            join c in db.Areas on e.CommunityId equals c.Id
            join o in db.Organisations on e.ManagerOrganisationId equals o.Id
            select new { e.Id, e.Name, e.CommunityId, CommunityCode = c.Code, CommunityName = c.Name, e.Management, e.ManagerOrganisationId, ManagerName = o.Name, e.AreaPath })
            .ToListAsync(ct);
        var buildings = await db.Areas.AsNoTracking().Where(a => a.EstateId != null && ids.Contains(a.EstateId.Value))
            .Select(a => new { EstateId = a.EstateId!.Value, a.Code }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new EstateView(
            r.Id, r.Name, r.CommunityId, r.CommunityCode, r.CommunityName, r.Management, r.ManagerOrganisationId, r.ManagerName,
            [.. buildings.Where(b => b.EstateId == r.Id).Select(b => b.Code).Order(StringComparer.Ordinal)],
            r.AreaPath));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
