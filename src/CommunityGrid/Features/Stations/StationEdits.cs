using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Stations;

/// <summary>
/// A new station of a community. <see cref="OrganisationId"/> names a Station-kind organisation already
/// registered in the community that runs no station yet; left out, the station's organisation is
/// registered with it (name, address and location of the station; the contact given here).
/// Hours are "HH:mm" Beijing time, or <see cref="RoundTheClock"/>.
/// </summary>
public sealed record CreateStation(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    Guid? OrganisationId,
    [property: Required, MaxLength(Station.NameMaxLength)] string Name,
    [property: Required, MaxLength(Station.AddressMaxLength)] string Address,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<Facilities>? Facilities,
    [property: MaxLength(5)] string? OpensAt,
    [property: MaxLength(5)] string? ClosesAt,
    bool RoundTheClock,
    [property: MaxLength(32)] string? ContactName,
    [property: MaxLength(20)] string? ContactPhone);

/// <summary>
/// A station's new facilities and hours (both always sent), and for the community's admins its name,
/// address and location (left out, they stay). Station staff send facilities and hours only.
/// </summary>
public sealed record EditStation(
    IReadOnlyList<Facilities>? Facilities,
    [property: MaxLength(5)] string? OpensAt,
    [property: MaxLength(5)] string? ClosesAt,
    bool RoundTheClock,
    [property: MaxLength(Station.NameMaxLength)] string? Name = null,
    [property: MaxLength(Station.AddressMaxLength)] string? Address = null,
    double? Latitude = null,
    double? Longitude = null);

/// <summary>What the form of a station shows: its values and what the caller may change.</summary>
public sealed record StationForm(Guid Id, string CommunityCode, string CommunityName, string OrganisationName, string Name, string Address, double Latitude, double Longitude,
    IReadOnlyList<Facilities> Facilities, string OpensAt, string ClosesAt, bool RoundTheClock, bool MayEditPlace);

public sealed record CommunityChoice(string Code, string Name);

public sealed record OrganisationChoice(Guid Id, string Name, string CommunityCode);

/// <summary>
/// Opens and edits stations. The community's admins (or above) open them and change everything;
/// the station's staff change its facilities and hours. Anyone else gets 404.
/// </summary>
public sealed class StationEdits(AppDbContext db, CurrentUser current, GridIndex grids, StationDesk desk)
{
    public async Task<StationView> CreateAsync(CreateStation request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, (request.CommunityCode ?? "").Trim(), ct);
        if (!scope.Administers(community.Path))
        {
            throw new NotFoundException("community");
        }

        var facilities = Station.Combine(request.Facilities);
        var (opensAt, closesAt) = Station.Hours(request.OpensAt, request.ClosesAt, request.RoundTheClock);
        var (lat, lng) = Required(request.Latitude, request.Longitude);

        Organisation organisation;
        if (request.OrganisationId is { } organisationId)
        {
            organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, ct) ?? throw new NotFoundException("organisation");
            if (!scope.Administers(organisation.AreaPath))
            {
                throw new NotFoundException("organisation");
            }

            if (organisation.Kind != OrganisationKind.Station)
            {
                throw new DomainRuleException("organisation_not_a_station", "该组织不是驿站类组织", "The organisation is not of kind Station.", RuleKind.Unprocessable);
            }

            if (!organisation.AreaPath.StartsWith(community.Path, StringComparison.Ordinal))
            {
                throw new DomainRuleException("organisation_outside_community", "该组织不在本社区", "The organisation is registered outside this community.", RuleKind.Unprocessable);
            }

            if (await db.Stations.AnyAsync(s => s.OrganisationId == organisationId, ct))
            {
                throw HasStation();
            }
        }
        else
        {
            var area = await db.Areas.AsNoTracking().SingleAsync(a => a.Id == community.Id, ct);
            organisation = Organisation.Register(OrganisationKind.Station, (request.Name ?? "").Trim(), area, Blank(request.ContactName), Blank(request.ContactPhone),
                (request.Address ?? "").Trim(), lat, lng);
            db.Organisations.Add(organisation);
        }

        // The entity checks name, address, range and hours before the point is located.
        var station = Station.Open(organisation.Id, request.Name ?? "", community.Path, request.Address ?? "", lat, lng, facilities, opensAt, closesAt, desk.Now);
        InCommunity(lat, lng, community.Path);
        db.Stations.Add(station);
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateException e) when (Unique.IsViolation(e))
        {
            throw HasStation();
        }

        return await desk.GetAsync(station.Id, ct);
    }

    public async Task<StationView> EditAsync(Guid id, EditStation request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.SingleOrDefaultAsync(s => s.Id == id, ct);
        var admin = station is not null && scope.Administers(station.AreaPath);
        if (station is null || !(admin || RunsIt(scope, station)))
        {
            throw new NotFoundException("station");
        }

        if (request.Facilities is null)
        {
            throw new InvalidInputException("facilities_required", "请选择驿站的设施（可以为空列表）", "Send the station's facilities (an empty list for none).");
        }

        var (opensAt, closesAt) = Station.Hours(request.OpensAt, request.ClosesAt, request.RoundTheClock);
        var name = request.Name ?? station.Name;
        var address = request.Address ?? station.Address;
        var lat = request.Latitude ?? station.Latitude;
        var lng = request.Longitude ?? station.Longitude;
        var placeChanged = name.Trim() != station.Name || address.Trim() != station.Address || lat != station.Latitude || lng != station.Longitude;
        if (placeChanged && !admin)
        {
            throw new DomainRuleException("staff_edit_facilities_and_hours_only", "驿站工作人员只能修改设施和开放时间；名称、地址、位置请社区修改",
                "Station staff change the facilities and hours only; the community changes the name, address and location.");
        }

        if (placeChanged)
        {
            var moved = lat != station.Latitude || lng != station.Longitude;
            station.Describe(name, address, lat, lng);
            if (moved)
            {
                InCommunity(lat, lng, AreaPath.Ancestor(station.AreaPath, AreaLevel.Community) ?? station.AreaPath);
            }
        }

        station.Serve(Station.Combine(request.Facilities), opensAt, closesAt);
        await db.SaveInTransactionAsync(ct);
        return await desk.GetAsync(id, ct);
    }

    /// <summary>The station's values for its form; 404 to anyone who may not edit it.</summary>
    public async Task<StationForm> FormAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var admin = station is not null && scope.Administers(station.AreaPath);
        if (station is null || !(admin || RunsIt(scope, station)))
        {
            throw new NotFoundException("station");
        }

        var community = await Communities.OfPathAsync(db, station.AreaPath, ct);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == station.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var allDay = station.OpensAt == station.ClosesAt;
        return new StationForm(station.Id, community.Code, community.Name, organisation, station.Name, station.Address, station.Latitude, station.Longitude,
            FacilityLabels.Split(station.Facilities), allDay ? "" : $"{station.OpensAt:HH\\:mm}", allDay ? "" : $"{station.ClosesAt:HH\\:mm}", allDay, admin);
    }

    /// <summary>Communities the caller may open a station in (none: not an admin).</summary>
    public async Task<IReadOnlyList<CommunityChoice>> CommunitiesAsync(CancellationToken ct = default)
    {
        var communities = await AreaDirectory.AdministeredCommunitiesAsync(db, await current.ScopeAsync(ct), ct);
        return [.. communities.Select(c => new CommunityChoice(c.Code, c.Name))];
    }

    /// <summary>Station-kind organisations in the caller's communities that run no station yet.</summary>
    public async Task<IReadOnlyList<OrganisationChoice>> FreeOrganisationsAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var rows = await db.Organisations.AsNoTracking().Under(scope.AdminPaths)
            .Where(o => o.Kind == OrganisationKind.Station && !db.Stations.Any(s => s.OrganisationId == o.Id))
            .OrderBy(o => o.Name).Take(Paging.MaxSize).Select(o => new { o.Id, o.Name, o.AreaPath }).ToListAsync(ct);
        return [.. rows.Select(o => new OrganisationChoice(o.Id, o.Name, AreaPath.Ancestor(o.AreaPath, AreaLevel.Community) is { } c ? AreaPath.CodeOf(c) : ""))];
    }

    private static bool RunsIt(Scope scope, Station station) => scope.Has(Role.StationStaff) && scope.OrganisationId == station.OrganisationId;

    /// <summary>The point must fall in one of the community's grids.</summary>
    private void InCommunity(double lat, double lng, string communityPath)
    {
        var inside = grids.Locate(lat, lng) is { } gridId && grids.Info(gridId) is { } grid && grid.Path.StartsWith(communityPath, StringComparison.Ordinal);
        if (!inside)
        {
            throw new DomainRuleException("location_outside_community", "驿站位置不在本社区范围内", "The location lies outside the community.", RuleKind.Unprocessable);
        }
    }

    private static (double Lat, double Lng) Required(double? lat, double? lng) =>
        lat is { } la && lng is { } lo ? (la, lo) : throw new InvalidInputException("location_required", "请填写驿站的经纬度", "The station's latitude and longitude are required.");

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DomainRuleException HasStation() =>
        new("organisation_has_station", "该组织已经运营一个驿站", "The organisation runs a station already.");
}
