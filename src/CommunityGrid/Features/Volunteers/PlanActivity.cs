using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record ShiftRequest(DateTime StartsAt, DateTime EndsAt, int Capacity);

public sealed record PlanActivityRequest([property: MaxLength(VolunteerActivity.TitleMaxLength)] string Title, ActivityType Type,
    [property: MaxLength(VolunteerActivity.DescriptionMaxLength)] string? Description, Guid? TeamId, [property: MaxLength(Area.CodeMaxLength)] string? CommunityCode,
    double? Latitude, double? Longitude, [property: MaxLength(VolunteerActivity.AddressMaxLength)] string Address, int? CheckInRadiusMetres, IReadOnlyList<ShiftRequest> Shifts);

public sealed record CreatedActivity(Guid Id);

/// <summary>发布活动: a team's organiser (or an admin over it), or a community admin for the community, publishes an activity with its shifts.</summary>
public sealed class PlanActivity(AppDbContext db, CurrentUser current, VolunteerAccess access, TimeProvider clock)
{
    /// <summary>发布活动: by the team's organiser (or an admin over it), or by a community admin for the community.</summary>
    public async Task<Guid> HandleAsync(PlanActivityRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        string areaPath;
        if (request.TeamId is { } teamId)
        {
            var team = await db.VolunteerTeams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null || !(await access.VisiblePathsAsync(scope, ct)).Any(p => team.AreaPath.StartsWith(p, StringComparison.Ordinal)))
            {
                throw new NotFoundException("team");
            }

            if (!VolunteerAccess.MayManageTeam(scope, team))
            {
                throw VolunteerAccess.NotOrganiser();
            }

            areaPath = team.AreaPath;
        }
        else
        {
            var path = await db.Areas.AsNoTracking().Where(a => a.Code == request.CommunityCode && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct);
            if (path is null || !scope.Administers(path))
            {
                throw new NotFoundException("community");
            }

            areaPath = path;
        }

        var (latitude, longitude) = await PlaceAsync(request, areaPath, ct);
        var plan = new ActivityPlan(request.Title, request.Type, request.Description, latitude, longitude, request.Address, request.CheckInRadiusMetres,
            (request.Shifts ?? []).Select(s => new ShiftPlan(BeijingTime.ToUtc(s.StartsAt), BeijingTime.ToUtc(s.EndsAt), s.Capacity)).ToList());
        var activity = VolunteerActivity.Plan(plan, areaPath, request.TeamId, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", clock.GetUtcNow().UtcDateTime);
        db.VolunteerActivities.Add(activity);
        await db.SaveInTransactionAsync(ct);
        return activity.Id;
    }

    /// <summary>
    /// The place's coordinates as given; without them, a point inside the boundary of the team's grid or
    /// community (or the nearest area above with one), so the activity is still found "near me". A
    /// check-in radius needs the real place.
    /// </summary>
    private async Task<(double Latitude, double Longitude)> PlaceAsync(PlanActivityRequest request, string areaPath, CancellationToken ct)
    {
        if (request.Latitude is { } lat && request.Longitude is { } lng)
        {
            return (lat, lng);
        }

        if (request.Latitude is not null || request.Longitude is not null)
        {
            throw new InvalidInputException("point_incomplete", "请同时填写纬度和经度", "Give both latitude and longitude.");
        }

        if (request.CheckInRadiusMetres is not null)
        {
            throw new InvalidInputException("location_required_for_radius", "设置签到范围时须填写活动地点的经纬度", "A check-in radius needs the place's latitude and longitude.");
        }

        var ancestors = Enumerable.Range(1, areaPath.Length).Where(i => areaPath[i - 1] == '/').Select(i => areaPath[..i]).ToList();
        var boundary = (await db.Areas.AsNoTracking().Where(a => ancestors.Contains(a.Path) && a.BoundaryGeoJson != null).Select(a => new { a.Path, a.BoundaryGeoJson }).ToListAsync(ct))
            .OrderByDescending(a => a.Path.Length).FirstOrDefault()
            ?? throw new InvalidInputException("location_required", "请填写活动地点的经纬度", "Give the place's latitude and longitude.");
        var point = GeoJson.ReadGeometry(boundary.BoundaryGeoJson!).InteriorPoint;
        return (Math.Round(point.Y, 6), Math.Round(point.X, 6));
    }
}
