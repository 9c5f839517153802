using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record ShiftRequest(DateTime StartsAt, DateTime EndsAt, int Capacity);

public sealed record PlanActivityRequest([property: MaxLength(VolunteerActivity.TitleMaxLength)] string Title, ActivityType Type,
    [property: MaxLength(VolunteerActivity.DescriptionMaxLength)] string? Description, Guid? TeamId, [property: MaxLength(Area.CodeMaxLength)] string? CommunityCode,
    double? Latitude, double? Longitude, [property: MaxLength(VolunteerActivity.AddressMaxLength)] string Address, int? CheckInRadiusMetres, IReadOnlyList<ShiftRequest> Shifts);

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

/// <summary>
/// 志愿服务 for the API and the pages alike: who sees which activities, sign-up with a waiting list,
/// check-in and check-out, and hours verified by the organiser and paid through the points ledger.
/// </summary>
public sealed partial class VolunteerDesk(AppDbContext db, CurrentUser current, PointsLedger ledger, TimeProvider clock)
{
    public const double DefaultNearMetres = 3000;
    public const double MaxNearMetres = 20_000;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    /// <summary>
    /// Where the caller sees activities: the communities they belong to (any grant, or the grid their
    /// 双报到 registration serves) and everything they administer.
    /// </summary>
    public async Task<IReadOnlyList<string>> VisiblePathsAsync(Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var paths = new List<string>(scope.AdminPaths);
        paths.AddRange(scope.Grants.Select(g => AreaPath.Ancestor(g.AreaPath, AreaLevel.Community)).OfType<string>());
        if (scope.PersonId is { } personId)
        {
            var served = await db.PartyRegistrations.AsNoTracking().Where(r => r.PersonId == personId).Select(r => r.AreaPath).SingleOrDefaultAsync(ct);
            if (served is not null && AreaPath.Ancestor(served, AreaLevel.Community) is { } community)
            {
                paths.Add(community);
            }
        }

        var outer = new List<string>();
        foreach (var p in paths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length))
        {
            if (!outer.Any(o => p.StartsWith(o, StringComparison.Ordinal)))
            {
                outer.Add(p);
            }
        }

        return outer;
    }

    public async Task<bool> IsOrganiserAsync(Scope scope, VolunteerActivity activity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(activity);
        if (scope.UserId is null)
        {
            return false;
        }

        if (activity.OrganiserUserId == scope.UserId || scope.Administers(activity.AreaPath))
        {
            return true;
        }

        return activity.TeamId is { } teamId && await db.VolunteerTeams.AsNoTracking().AnyAsync(t => t.Id == teamId && t.OrganiserUserId == scope.UserId, ct);
    }

    public static bool MayManageTeam(Scope scope, VolunteerTeam team)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(team);
        return scope.UserId is not null && (team.OrganiserUserId == scope.UserId || scope.Administers(team.AreaPath));
    }

    // ---- activities --------------------------------------------------------------------------

    /// <summary>发布活动: by the team's organiser (or an admin over it), or by a community admin for the community.</summary>
    public async Task<Guid> PlanAsync(PlanActivityRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await ScopeAsync(ct);
        string areaPath;
        if (request.TeamId is { } teamId)
        {
            var team = await db.VolunteerTeams.AsNoTracking().SingleOrDefaultAsync(t => t.Id == teamId, ct);
            if (team is null || !(await VisiblePathsAsync(scope, ct)).Any(p => team.AreaPath.StartsWith(p, StringComparison.Ordinal)))
            {
                throw new NotFoundException("team");
            }

            if (!MayManageTeam(scope, team))
            {
                throw NotOrganiser();
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
        var activity = VolunteerActivity.Plan(plan, areaPath, request.TeamId, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", Now);
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

    /// <summary>
    /// Activities the caller sees that have not ended: near a point (nearest first, within
    /// <paramref name="withinMetres"/>), or for the caller's grids (and their whole communities), or all, soonest first.
    /// </summary>
    public async Task<Page<ActivityListItem>> ListAsync(Scope scope, double? latitude, double? longitude, double? withinMetres, bool myGrid, int? page, int? pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (number, size) = Paging.Normalise(page, pageSize);
        var now = Now;
        var query = db.VolunteerActivities.AsNoTracking().Under(await VisiblePathsAsync(scope, ct)).Where(a => a.EndsAt > now);
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
            var near = boxed.Select(i => i with { DistanceMetres = Math.Round(VolunteerActivity.DistanceMetres(lat, lng, i.Latitude, i.Longitude)) })
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

    /// <summary>An activity the caller may see, else 404.</summary>
    public async Task<VolunteerActivity> VisibleActivityAsync(Scope scope, Guid id, CancellationToken ct = default)
    {
        var activity = await db.VolunteerActivities.AsNoTracking().Include(a => a.Shifts).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null || !(await VisiblePathsAsync(scope, ct)).Any(p => activity.AreaPath.StartsWith(p, StringComparison.Ordinal)))
        {
            throw new NotFoundException("activity");
        }

        return activity;
    }

    public async Task<ActivityDetail> DetailAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(ct);
        var a = await VisibleActivityAsync(scope, id, ct);
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
            a.CheckInRadiusMetres, a.OrganiserName, a.StartsAt, a.EndsAt, policy.RateFor(a.Type), await IsOrganiserAsync(scope, a, ct), scope.PersonId is not null, shifts);
    }

    private async Task<MySignUp> MineAsync(SignUp s, ActivityShift shift, CancellationToken ct)
    {
        int? position = s.Status == SignUpStatus.Waiting
            ? await db.SignUps.CountAsync(o => o.ShiftId == s.ShiftId && o.Status == SignUpStatus.Waiting && o.QueueNumber < s.QueueNumber, ct) + 1
            : null;
        return new MySignUp(s.Id, s.Status, position, s.CheckedInAt, s.CheckedOutAt, s.VerifiedMinutes, s.AwardedPoints,
            s.CheckInRefusal(shift, Now) is null, s.CheckOutRefusal(shift, Now) is null);
    }

    // ---- sign-up, waiting list, check-in/out -------------------------------------------------

    /// <summary>报名: a place if one is free, else the back of the waiting list.</summary>
    public async Task<MySignUp> SignUpAsync(Guid shiftId, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(ct);
        var personId = PersonOf(scope);
        var (activity, _) = await ShiftInSightAsync(scope, shiftId, ct);
        var personName = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Raising the shift's sequence locks its row: sign-ups to one shift take turns, so the count below is exact.
        await db.ActivityShifts.Where(s => s.Id == shiftId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Sequence, x => x.Sequence + 1), ct);
        var shift = await db.ActivityShifts.AsNoTracking().SingleAsync(s => s.Id == shiftId, ct);
        var confirmed = await db.SignUps.CountAsync(s => s.ShiftId == shiftId && s.Status == SignUpStatus.Confirmed, ct);
        var placeFree = confirmed < shift.Capacity;
        var existing = await db.SignUps.SingleOrDefaultAsync(s => s.ShiftId == shiftId && s.PersonId == personId, ct);
        if (existing is null)
        {
            existing = SignUp.Join(activity, shift, personId, personName, shift.Sequence, placeFree, Now);
            db.SignUps.Add(existing);
        }
        else
        {
            existing.Rejoin(shift, shift.Sequence, placeFree, Now);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await MineAsync(existing, shift, ct);
    }

    /// <summary>取消报名: a confirmed place passes to the first in line.</summary>
    public async Task<MySignUp> CancelAsync(Guid shiftId, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(ct);
        var personId = PersonOf(scope);
        var (_, shift) = await ShiftInSightAsync(scope, shiftId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ActivityShifts.Where(s => s.Id == shiftId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Sequence, x => x.Sequence), ct);
        var signUp = await OwnSignUpAsync(shiftId, personId, ct);
        var heldAPlace = signUp.Status == SignUpStatus.Confirmed;
        signUp.Cancel(Now);
        if (heldAPlace)
        {
            var next = await db.SignUps.Where(s => s.ShiftId == shiftId && s.Status == SignUpStatus.Waiting).OrderBy(s => s.QueueNumber).FirstOrDefaultAsync(ct);
            next?.Promote();
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await MineAsync(signUp, shift, ct);
    }

    public Task<MySignUp> CheckInAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default) =>
        OnOwnSignUpAsync(shiftId, (s, a, shift) => s.CheckIn(a, shift, latitude, longitude, Now), ct);

    public Task<MySignUp> CheckOutAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default) =>
        OnOwnSignUpAsync(shiftId, (s, a, shift) => s.CheckOut(a, shift, latitude, longitude, Now), ct);

    private async Task<MySignUp> OnOwnSignUpAsync(Guid shiftId, Action<SignUp, VolunteerActivity, ActivityShift> act, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var personId = PersonOf(scope);
        var (activity, shift) = await ShiftInSightAsync(scope, shiftId, ct);
        var signUp = await OwnSignUpAsync(shiftId, personId, ct);
        act(signUp, activity, shift);
        await db.SaveInTransactionAsync(ct);
        return await MineAsync(signUp, shift, ct);
    }

    private async Task<SignUp> OwnSignUpAsync(Guid shiftId, Guid personId, CancellationToken ct) =>
        await db.SignUps.SingleOrDefaultAsync(s => s.ShiftId == shiftId && s.PersonId == personId && s.Status != SignUpStatus.Cancelled, ct)
        ?? throw new DomainRuleException("not_signed_up", "您未报名该班次", "You are not signed up for this shift.");

    private async Task<(VolunteerActivity Activity, ActivityShift Shift)> ShiftInSightAsync(Scope scope, Guid shiftId, CancellationToken ct)
    {
        var activityId = await db.ActivityShifts.AsNoTracking().Where(s => s.Id == shiftId).Select(s => (Guid?)s.ActivityId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("shift");
        var activity = await VisibleActivityAsync(scope, activityId, ct);
        return (activity, activity.Shifts.Single(s => s.Id == shiftId));
    }

    private static Guid PersonOf(Scope scope) => scope.PersonId
        ?? throw new DomainRuleException("no_person_record", "您的账号未关联居民信息，不能报名志愿活动", "Your account has no resident record to sign up with.");

    // ---- organiser: roster, verification, correction -----------------------------------------

    public async Task<IReadOnlyList<RosterEntry>> RosterAsync(Guid activityId, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(ct);
        var activity = await VisibleActivityAsync(scope, activityId, ct);
        if (!await IsOrganiserAsync(scope, activity, ct))
        {
            throw NotOrganiser();
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

    /// <summary>核定时长 and pay the points for it, once: the sign-up's version guards against a second verifier.</summary>
    public Task<RosterEntry> VerifyAsync(Guid signUpId, int? minutes, CancellationToken ct = default) =>
        OrganiseAsync(signUpId, async (signUp, activity, shift, scope) =>
        {
            var record = signUp.Verify(shift, minutes, scope.UserId!, Name(scope), Now);
            await db.SaveChangesAsync(ct);
            await PayAsync(signUp, activity, record, ct);
        }, ct);

    /// <summary>
    /// 更正时长 with a reason. Once points were paid, the earlier award is reversed and the corrected
    /// minutes are paid under the next source ("id#2", …), all in one transaction: the volunteer
    /// ends up holding exactly what the corrected minutes earn, and each payment stays traceable.
    /// </summary>
    public Task<RosterEntry> CorrectAsync(Guid signUpId, int minutes, string? reason, CancellationToken ct = default) =>
        OrganiseAsync(signUpId, async (signUp, activity, shift, scope) =>
        {
            var earlierRef = SignUp.AwardSourceRef(signUp.Id, signUp.AwardRound);
            var record = signUp.Correct(shift, minutes, reason, scope.UserId!, Name(scope), Now);
            await db.SaveChangesAsync(ct);
            if (await ledger.ForSourceAsync(TransferSource.VolunteerHours, earlierRef, ct) is { } earlier)
            {
                await ledger.ReverseAsync(earlier.Id, $"志愿时长更正：{record.Reason}", ct);
            }

            await PayAsync(signUp, activity, record, ct);
        }, ct);

    private async Task PayAsync(SignUp signUp, VolunteerActivity activity, HoursRecord record, CancellationToken ct)
    {
        var policy = await ledger.PolicyAsync(activity.AreaPath, ct);
        var points = policy.PointsForMinutes(activity.Type, record.ToMinutes);
        long granted = 0;
        if (points > 0)
        {
            var account = await ledger.PersonAccountAsync(signUp.PersonId, ct);
            var result = await ledger.AwardAsync(new Award(TransferSource.VolunteerHours, record.SourceRef, activity.AreaPath, account.Id, points,
                $"志愿服务：{activity.Title}（{record.ToMinutes} 分钟）"), ct);
            granted = result.Granted;
        }

        record.Paid(granted);
        signUp.RecordAward(granted);
        db.HoursRecords.Add(record);
        await db.SaveChangesAsync(ct);
    }

    private async Task<RosterEntry> OrganiseAsync(Guid signUpId, Func<SignUp, VolunteerActivity, ActivityShift, Scope, Task> act, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var activityId = await db.SignUps.AsNoTracking().Where(s => s.Id == signUpId).Select(s => (Guid?)s.ActivityId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("sign-up");
        var activity = await VisibleActivityAsync(scope, activityId, ct);
        if (!await IsOrganiserAsync(scope, activity, ct))
        {
            throw NotOrganiser();
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var signUp = await db.SignUps.SingleAsync(s => s.Id == signUpId, ct);
            if (signUp.PersonId == scope.PersonId)
            {
                throw new DomainRuleException("cannot_verify_own_hours", "不能核定自己的服务时长", "You cannot verify your own hours.");
            }

            await act(signUp, activity, activity.Shifts.Single(s => s.Id == signUp.ShiftId), scope);
            await tx.CommitAsync(ct);
        }

        return (await RosterAsync(activityId, ct)).Single(r => r.Id == signUpId);
    }

    private static string Name(Scope scope) => scope.DisplayName ?? scope.UserName ?? "";

    private static DomainRuleException NotOrganiser() =>
        new("not_organiser", "只有活动组织者或社区管理员可以执行此操作", "Only the activity's organiser or a community admin may do this.");

    // ---- a volunteer's record ----------------------------------------------------------------

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
