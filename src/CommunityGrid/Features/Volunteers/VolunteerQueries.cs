using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record ActivityListItem(Guid Id, string Title, ActivityType Type, string TypeName, string Address, double Latitude, double Longitude,
    DateTime StartsAt, DateTime EndsAt, string? TeamName, int Capacity, int Confirmed, double? DistanceMetres);

/// <summary>The caller's sign-up; <see cref="CanCheckIn"/> and <see cref="CanCheckOut"/> say whether that action is open now (the place aside).</summary>
public sealed record MySignUp(Guid Id, SignUpStatus Status, int? WaitingPosition, DateTime? CheckedInAt, DateTime? CheckedOutAt, int? VerifiedMinutes, long AwardedPoints,
    bool CanCheckIn = false, bool CanCheckOut = false);

public sealed record ShiftView(Guid Id, DateTime StartsAt, DateTime EndsAt, int Capacity, int Confirmed, int Waiting, MySignUp? Mine);

public sealed record ActivityDetail(Guid Id, string Title, ActivityType Type, string TypeName, string Description, Guid? TeamId, string? TeamName,
    string Address, double Latitude, double Longitude, int? CheckInRadiusMetres, string OrganiserName, DateTime StartsAt, DateTime EndsAt,
    int PointsPerHour, bool IsOrganiser, bool MaySignUp, IReadOnlyList<ShiftView> Shifts);

public sealed record HoursRecordView(DateTime At, HoursRecordKind Kind, int? FromMinutes, int ToMinutes, string? Reason, string ByName, long Points);

/// <summary>One sign-up on the organiser's roster; <see cref="AttendedMinutes"/> is the most that verification accepts.</summary>
public sealed record RosterEntry(Guid Id, Guid ShiftId, string PersonName, SignUpStatus Status, int QueueNumber, DateTime SignedUpAt, DateTime? CheckedInAt,
    DateTime? CheckedOutAt, int DefaultMinutes, int? VerifiedMinutes, DateTime? VerifiedAt, string? VerifiedByName, long AwardedPoints, IReadOnlyList<HoursRecordView> History,
    int AttendedMinutes = 0);

public sealed record RecordItem(Guid SignUpId, Guid ActivityId, string Title, ActivityType Type, string TypeName, DateTime StartsAt, DateTime EndsAt,
    SignUpStatus Status, DateTime? CheckedInAt, DateTime? CheckedOutAt, int? VerifiedMinutes, long AwardedPoints);

public sealed record TypeTotal(ActivityType Type, string TypeName, int Activities, int Minutes);

public sealed record VolunteerRecord(Guid PersonId, string Name, int VerifiedActivities, int TotalMinutes, decimal TotalHours, long PointsFromHours,
    IReadOnlyList<TypeTotal> ByType, Page<RecordItem> Items);

/// <summary>The read side of volunteering: activities near me or mine, one activity with its shifts, the organiser's roster, a volunteer's record.</summary>
public sealed class VolunteerQueries(AppDbContext db, CurrentUser current, VolunteerAccess access, PointsLedger ledger, TimeProvider clock)
{
    public const double DefaultNearMetres = 3000;
    public const double MaxNearMetres = 20_000;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Activities the caller sees that have not ended: near a point (nearest first, within
    /// <paramref name="withinMetres"/>), or for the caller's grids (and their whole communities), or all, soonest first.
    /// </summary>
    public async Task<Page<ActivityListItem>> ListAsync(Scope scope, double? latitude, double? longitude, double? withinMetres, bool myGrid, int? page, int? pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (number, size) = Paging.Normalise(page, pageSize);
        var now = Now;
        var query = db.VolunteerActivities.AsNoTracking().Under(await access.VisiblePathsAsync(scope, ct)).Where(a => a.EndsAt > now);
        if (myGrid)
        {
            // Activities belong to a grid's team or to a whole community: "mine" is my grids and their communities.
            var grids = scope.Grants.Select(g => AreaPath.Ancestor(g.AreaPath, AreaLevel.Grid)).OfType<string>().Distinct().ToList();
            var mine = grids.Concat(grids.Select(g => AreaPath.Ancestor(g, AreaLevel.Community)!)).Distinct().ToList();
            query = query.Where(a => mine.Contains(a.AreaPath));
        }

        if (latitude is { } lat && longitude is { } lng)
        {
            var radius = Math.Clamp(withinMetres ?? DefaultNearMetres, 1, MaxNearMetres);
            // A box around the point in the database, the exact distance here.
            var dLat = radius / 111_320d;
            var dLng = radius / (111_320d * Math.Max(0.1, Math.Cos(lat * Math.PI / 180)));
            var boxed = await ItemsAsync(query.Where(a => a.Latitude >= lat - dLat && a.Latitude <= lat + dLat && a.Longitude >= lng - dLng && a.Longitude <= lng + dLng)
                .OrderBy(a => a.StartsAt).Take(1000), ct);
            var near = boxed.Select(i => i with { DistanceMetres = Math.Round(GreatCircle.Metres(lat, lng, i.Latitude, i.Longitude)) })
                .Where(i => i.DistanceMetres <= radius).OrderBy(i => i.DistanceMetres).ThenBy(i => i.StartsAt).ToList();
            return new Page<ActivityListItem>(near.Skip((number - 1) * size).Take(size).ToList(), number, size, near.Count);
        }

        var total = await query.CountAsync(ct);
        var items = await ItemsAsync(query.OrderBy(a => a.StartsAt).ThenBy(a => a.Id).Skip((number - 1) * size).Take(size), ct);
        return new Page<ActivityListItem>(items, number, size, total);
    }

    /// <summary>The public list of a community's coming activities: no personal data.</summary>
    public async Task<Page<ActivityListItem>> PublicListAsync(string communityCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == communityCode && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("community");
        var now = Now;
        var query = db.VolunteerActivities.AsNoTracking().Under([path]).Where(a => a.EndsAt > now);
        var total = await query.CountAsync(ct);
        var items = await ItemsAsync(query.OrderBy(a => a.StartsAt).ThenBy(a => a.Id).Skip((number - 1) * size).Take(size), ct);
        return new Page<ActivityListItem>(items, number, size, total);
    }

    private async Task<List<ActivityListItem>> ItemsAsync(IQueryable<VolunteerActivity> query, CancellationToken ct)
    {
        var rows = await query.Select(a => new
        {
            a.Id,
            a.Title,
            a.Type,
            a.Address,
            a.Latitude,
            a.Longitude,
            a.StartsAt,
            a.EndsAt,
            TeamName = db.VolunteerTeams.Where(t => t.Id == a.TeamId).Select(t => t.Name).FirstOrDefault(),
            Capacity = db.ActivityShifts.Where(s => s.ActivityId == a.Id).Sum(s => s.Capacity),
            Confirmed = db.SignUps.Count(s => s.ActivityId == a.Id && s.Status == SignUpStatus.Confirmed),
        }).ToListAsync(ct);
        return rows.Select(r => new ActivityListItem(r.Id, r.Title, r.Type, r.Type.ChineseName(), r.Address, r.Latitude, r.Longitude, r.StartsAt, r.EndsAt, r.TeamName,
            r.Capacity, r.Confirmed, null)).ToList();
    }

    public async Task<ActivityDetail> DetailAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var a = await access.VisibleActivityAsync(scope, id, ct);
        var teamName = a.TeamId is { } teamId ? await db.VolunteerTeams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).SingleOrDefaultAsync(ct) : null;
        var counts = await db.SignUps.AsNoTracking().Where(s => s.ActivityId == id && s.Status != SignUpStatus.Cancelled)
            .GroupBy(s => new { s.ShiftId, s.Status }).Select(g => new { g.Key.ShiftId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var mine = scope.PersonId is { } personId
            ? await db.SignUps.AsNoTracking().Where(s => s.ActivityId == id && s.PersonId == personId && s.Status != SignUpStatus.Cancelled).ToListAsync(ct)
            : [];
        var shifts = new List<ShiftView>();
        foreach (var s in a.Shifts.OrderBy(s => s.StartsAt))
        {
            var my = mine.SingleOrDefault(m => m.ShiftId == s.Id);
            shifts.Add(new ShiftView(s.Id, s.StartsAt, s.EndsAt, s.Capacity,
                counts.Where(c => c.ShiftId == s.Id && c.Status == SignUpStatus.Confirmed).Sum(c => c.Count),
                counts.Where(c => c.ShiftId == s.Id && c.Status == SignUpStatus.Waiting).Sum(c => c.Count),
                my is null ? null : await MineAsync(my, s, ct)));
        }

        var policy = await ledger.PolicyAsync(a.AreaPath, ct);
        return new ActivityDetail(a.Id, a.Title, a.Type, a.Type.ChineseName(), a.Description, a.TeamId, teamName, a.Address, a.Latitude, a.Longitude,
            a.CheckInRadiusMetres, a.OrganiserName, a.StartsAt, a.EndsAt, policy.RateFor(a.Type), await access.IsOrganiserAsync(scope, a, ct), scope.PersonId is not null, shifts);
    }

    /// <summary>The caller's sign-up as the answer of every sign-up action: status, place in the queue, and whether check-in and check-out are open.</summary>
    public async Task<MySignUp> MineAsync(SignUp s, ActivityShift shift, CancellationToken ct)
    {
        int? position = s.Status == SignUpStatus.Waiting
            ? await db.SignUps.CountAsync(o => o.ShiftId == s.ShiftId && o.Status == SignUpStatus.Waiting && o.QueueNumber < s.QueueNumber, ct) + 1
            : null;
        return new MySignUp(s.Id, s.Status, position, s.CheckedInAt, s.CheckedOutAt, s.VerifiedMinutes, s.AwardedPoints,
            s.CheckInRefusal(shift, Now) is null, s.CheckOutRefusal(shift, Now) is null);
    }

    public async Task<IReadOnlyList<RosterEntry>> RosterAsync(Guid activityId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var activity = await access.VisibleActivityAsync(scope, activityId, ct);
        if (!await access.IsOrganiserAsync(scope, activity, ct))
        {
            throw VolunteerAccess.NotOrganiser();
        }

        var signUps = await db.SignUps.AsNoTracking().Where(s => s.ActivityId == activityId).OrderBy(s => s.ShiftId).ThenBy(s => s.Status).ThenBy(s => s.QueueNumber).ToListAsync(ct);
        var ids = signUps.Select(s => s.Id).ToList();
        var history = (await db.HoursRecords.AsNoTracking().Where(r => ids.Contains(r.SignUpId)).ToListAsync(ct)).OrderBy(r => r.At).ToLookup(r => r.SignUpId);
        var shifts = activity.Shifts.ToDictionary(s => s.Id);
        return signUps.OrderBy(s => shifts[s.ShiftId].StartsAt).ThenBy(s => s.Status).ThenBy(s => s.QueueNumber)
            .Select(s => new RosterEntry(s.Id, s.ShiftId, s.PersonName, s.Status, s.QueueNumber, s.SignedUpAt, s.CheckedInAt, s.CheckedOutAt, s.DefaultMinutes(shifts[s.ShiftId]),
                s.VerifiedMinutes, s.VerifiedAt, s.VerifiedByName, s.AwardedPoints,
                history[s.Id].Select(r => new HoursRecordView(r.At, r.Kind, r.FromMinutes, r.ToMinutes, r.Reason, r.ByName, r.Points)).ToList(),
                s.AttendedMinutes(shifts[s.ShiftId])))
            .ToList();
    }

    /// <summary>志愿服务记录 of one person: verified hours per type, and their sign-ups (newest first).</summary>
    public async Task<VolunteerRecord> RecordAsync(Guid personId, DateTime? fromUtc, DateTime? toUtc, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var name = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("person");
        var query = from s in db.SignUps.AsNoTracking()
                    where s.PersonId == personId && s.Status != SignUpStatus.Cancelled
                    join a in db.VolunteerActivities.AsNoTracking() on s.ActivityId equals a.Id
                    join sh in db.ActivityShifts.AsNoTracking() on s.ShiftId equals sh.Id
                    select new { s, a, sh };
        if (fromUtc is { } from)
        {
            query = query.Where(x => x.sh.StartsAt >= from);
        }

        if (toUtc is { } to)
        {
            query = query.Where(x => x.sh.StartsAt < to);
        }

        var byType = await query.Where(x => x.s.VerifiedMinutes != null).GroupBy(x => x.a.Type)
            .Select(g => new { Type = g.Key, Count = g.Count(), Minutes = g.Sum(x => x.s.VerifiedMinutes!.Value), Points = g.Sum(x => x.s.AwardedPoints) }).ToListAsync(ct);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(x => x.sh.StartsAt).ThenBy(x => x.s.Id).Skip((number - 1) * size).Take(size)
            .Select(x => new RecordItem(x.s.Id, x.a.Id, x.a.Title, x.a.Type, "", x.sh.StartsAt, x.sh.EndsAt, x.s.Status, x.s.CheckedInAt, x.s.CheckedOutAt, x.s.VerifiedMinutes, x.s.AwardedPoints))
            .ToListAsync(ct);
        var minutes = byType.Sum(t => t.Minutes);
        return new VolunteerRecord(personId, name, byType.Sum(t => t.Count), minutes, Math.Round(minutes / 60m, 1), byType.Sum(t => t.Points),
            byType.OrderByDescending(t => t.Minutes).Select(t => new TypeTotal(t.Type, t.Type.ChineseName(), t.Count, t.Minutes)).ToList(),
            new Page<RecordItem>(items.Select(i => i with { TypeName = i.Type.ChineseName() }).ToList(), number, size, total));
    }
}
