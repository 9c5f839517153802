using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
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
    [property: MaxLength(Station.HoursTextLength)] string? OpensAt,
    [property: MaxLength(Station.HoursTextLength)] string? ClosesAt,
    bool RoundTheClock,
    [property: MaxLength(Organisation.ContactNameMaxLength)] string? ContactName,
    [property: MaxLength(Organisation.ContactPhoneMaxLength)] string? ContactPhone);

/// <summary>
/// The community's admins (or above) open a station; anyone else gets 404.
/// </summary>
public sealed class OpenStation(AppDbContext db, CurrentUser current, GridIndex grids, StationQueries queries, TimeProvider clock)
{
    public async Task<StationView> HandleAsync(CreateStation request, CancellationToken ct = default)
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
        var station = Station.Open(organisation.Id, request.Name ?? "", community.Path, request.Address ?? "", lat, lng, facilities, opensAt, closesAt, clock.GetUtcNow().UtcDateTime);
        MustLieInCommunity(grids, lat, lng, community.Path);
        db.Stations.Add(station);
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateException e) when (Unique.IsViolation(e))
        {
            throw HasStation();
        }

        return await queries.GetAsync(station.Id, ct);
    }

    /// <summary>The point must fall in one of the community's grids.</summary>
    internal static void MustLieInCommunity(GridIndex grids, double lat, double lng, string communityPath)
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
