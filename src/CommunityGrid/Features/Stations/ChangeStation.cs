using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Stations;

/// <summary>
/// A station's new facilities and hours (both always sent), and for the community's admins its name,
/// address and location (left out, they stay). Station staff send facilities and hours only.
/// </summary>
public sealed record EditStation(
    IReadOnlyList<Facilities>? Facilities,
    [property: MaxLength(Station.HoursTextLength)] string? OpensAt,
    [property: MaxLength(Station.HoursTextLength)] string? ClosesAt,
    bool RoundTheClock,
    [property: MaxLength(Station.NameMaxLength)] string? Name = null,
    [property: MaxLength(Station.AddressMaxLength)] string? Address = null,
    double? Latitude = null,
    double? Longitude = null);

/// <summary>
/// Changes a station: the community's admins everything, the station's staff its facilities and hours only.
/// Anyone else gets 404.
/// </summary>
public sealed class ChangeStation(AppDbContext db, CurrentUser current, GridIndex grids, StationQueries queries)
{
    public async Task<StationView> HandleAsync(Guid id, EditStation request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.SingleOrDefaultAsync(s => s.Id == id, ct);
        var admin = station is not null && scope.Administers(station.AreaPath);
        if (station is null || !(admin || Station.RunBy(scope, station)))
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
                OpenStation.MustLieInCommunity(grids, lat, lng, AreaPath.Ancestor(station.AreaPath, AreaLevel.Community) ?? station.AreaPath);
            }
        }

        station.Serve(Station.Combine(request.Facilities), opensAt, closesAt);
        await db.SaveInTransactionAsync(ct);
        return await queries.GetAsync(id, ct);
    }
}
