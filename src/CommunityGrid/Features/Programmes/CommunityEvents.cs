using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Programmes;

/// <summary>A new event. Times without a zone are Beijing time.</summary>
public sealed record PlanEvent(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    EventKind Kind,
    [property: Required, MaxLength(CommunityEvent.TitleMaxLength)] string Title,
    [property: MaxLength(CommunityEvent.DescriptionMaxLength)] string? Description,
    [property: Required, MaxLength(CommunityEvent.PlaceMaxLength)] string Place,
    DateTime StartsAt,
    DateTime EndsAt,
    int Capacity,
    Guid? VolunteerActivityId);

public sealed record EventItem(Guid Id, string CommunityCode, EventKind Kind, string KindName, string Title, string Place, DateTime StartsAt, DateTime EndsAt,
    int Capacity, int SeatsLeft, bool Cancelled, bool SignedUp);

public sealed record EventView(Guid Id, string CommunityCode, string CommunityName, EventKind Kind, string KindName, string Title, string Description, string Place,
    DateTime StartsAt, DateTime EndsAt, int Capacity, int SeatsLeft, bool Cancelled, Guid? VolunteerActivityId, bool SignedUp, bool MaySignUp, bool MayWithdraw, bool MayCancel);

/// <summary>One month of a community's calendar (Beijing time), with the caller's own sign-ups marked.</summary>
public sealed record MonthView(string CommunityCode, string CommunityName, string Month, Page<EventItem> Events);

/// <summary>
/// The events calendar: community admins plan and cancel events; anyone bound to the community (residents,
/// staff) sees the month and signs up while seats are left and the event has not started. The calendar's
/// .ics is public, as a notice board is, so a phone can subscribe without a login.
/// </summary>
public sealed class CommunityEvents(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    public async Task<EventView> PlanAsync(PlanEvent request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, request.CommunityCode, ct);
        if (!scope.BoundIn(community.Path))
        {
            throw new NotFoundException("community");
        }

        MustAdminister(scope, community.Path);
        if (request.VolunteerActivityId is { } activityId
            && !await db.VolunteerActivities.AsNoTracking().Under([community.Path]).AnyAsync(a => a.Id == activityId, ct))
        {
            throw new NotFoundException("volunteer activity");
        }

        var e = CommunityEvent.Plan(community.Path, request.Kind, request.Title, request.Description, request.Place, BeijingTime.ToUtc(request.StartsAt),
            BeijingTime.ToUtc(request.EndsAt), request.Capacity, request.VolunteerActivityId, scope.UserId!, Now);
        db.Add(e);
        await db.SaveInTransactionAsync(ct);
        return await ViewAsync(e.Id, ct);
    }

    /// <summary>The month <paramref name="month"/> ("yyyy-MM", Beijing time; the current month when left out) of a community's calendar.</summary>
    public async Task<MonthView> MonthAsync(string communityCode, string? month, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        if (!scope.BoundIn(community.Path))
        {
            throw new NotFoundException("community");
        }

        var first = ParseMonth(month) ?? new DateOnly(BeijingTime.Date(Now).Year, BeijingTime.Date(Now).Month, 1);
        var from = BeijingTime.StartOfDayUtc(first);
        var to = BeijingTime.StartOfDayUtc(first.AddMonths(1));
        var (number, size) = Paging.Normalise(page, pageSize ?? Paging.MaxSize);
        var query = db.Set<CommunityEvent>().AsNoTracking().Where(e => e.AreaPath == community.Path && e.StartsAt >= from && e.StartsAt < to);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var mine = await MineAmongAsync(scope, rows.Select(r => r.Id).ToList(), ct);
        var items = rows.Select(e => Item(e, community.Code, mine.Contains(e.Id))).ToList();
        return new MonthView(community.Code, community.Name, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), new Page<EventItem>(items, number, size, total));
    }

    /// <summary>The caller's own sign-ups, soonest first.</summary>
    public async Task<Page<EventItem>> MineAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var ids = db.Set<EventSignUp>().Where(s => s.UserId == scope.UserId).Select(s => s.EventId);
        var query = db.Set<CommunityEvent>().AsNoTracking().Where(e => ids.Contains(e.Id));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<EventItem>([.. rows.Select(e => Item(e, AreaPath.CodeOf(e.AreaPath), true))], number, size, total);
    }

    public async Task<EventView> ViewAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var e = await db.Set<CommunityEvent>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || !scope.BoundIn(e.AreaPath))
        {
            throw new NotFoundException("event");
        }

        var community = await Communities.OfPathAsync(db, e.AreaPath, ct);
        var signedUp = scope.UserId is { } u && await db.Set<EventSignUp>().AnyAsync(s => s.EventId == id && s.UserId == u, ct);
        var open = !e.Cancelled && Now < e.StartsAt;
        return new EventView(e.Id, community.Code, community.Name, e.Kind, e.Kind.Chinese(), e.Title, e.Description, e.Place, e.StartsAt, e.EndsAt, e.Capacity, e.SeatsLeft,
            e.Cancelled, e.VolunteerActivityId, signedUp, open && !signedUp && e.SeatsLeft > 0, open && signedUp, scope.Administers(e.AreaPath) && open);
    }

    /// <summary>报名. Two sign-ups for the last seat: one gets it, the other 409 event_full; two at once from one user take one seat.</summary>
    public async Task<EventView> SignUpAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var e = await TrackedAsync(scope, id, ct);
            if (await db.Set<EventSignUp>().AnyAsync(s => s.EventId == id && s.UserId == scope.UserId, ct))
            {
                throw new DomainRuleException("already_signed_up", "您已报名该活动", "You have signed up for this event already.");
            }

            db.Add(e.SignUp(scope.UserId!, scope.PersonId, Now));
            return e.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await ViewAsync(id, ct);
    }

    public async Task<EventView> WithdrawAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var e = await TrackedAsync(scope, id, ct);
            var seat = await db.Set<EventSignUp>().SingleOrDefaultAsync(s => s.EventId == id && s.UserId == scope.UserId, ct)
                ?? throw new DomainRuleException("not_signed_up", "您没有报名该活动", "You have not signed up for this event.");
            e.Withdraw(Now);
            db.Remove(seat);
            return e.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await ViewAsync(id, ct);
    }

    public async Task<EventView> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var e = await TrackedAsync(scope, id, ct);
            MustAdminister(scope, e.AreaPath);
            e.Cancel(Now);
            return e.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await ViewAsync(id, ct);
    }

    /// <summary>One event as iCalendar text; public.</summary>
    public async Task<string> EventCalendarAsync(Guid id, string host, CancellationToken ct = default)
    {
        var e = await db.Set<CommunityEvent>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("event");
        return Calendar.Write(e.Title, [Entry(e, host)], host);
    }

    /// <summary>A community's calendar as iCalendar text: events from 30 days back on; public, for phone subscriptions.</summary>
    public async Task<string> CommunityCalendarAsync(string communityCode, string host, CancellationToken ct = default)
    {
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        var from = Now.AddDays(-30);
        var events = await db.Set<CommunityEvent>().AsNoTracking().Where(e => e.AreaPath == community.Path && e.StartsAt >= from)
            .OrderBy(e => e.StartsAt).Take(500).ToListAsync(ct);
        return Calendar.Write($"{community.Name}活动日历", events.Select(e => Entry(e, host)), host);
    }

    private static Calendar.Entry Entry(CommunityEvent e, string host) =>
        new(e.Id, e.Title, e.Kind.Chinese(), e.Description, e.Place, e.StartsAt, e.EndsAt, e.CreatedAt, e.Cancelled, $"https://{host}/events/{e.Id:D}");

    private async Task<CommunityEvent> TrackedAsync(Scope scope, Guid id, CancellationToken ct)
    {
        var e = await db.Set<CommunityEvent>().SingleOrDefaultAsync(x => x.Id == id, ct);
        return e is not null && scope.BoundIn(e.AreaPath) ? e : throw new NotFoundException("event");
    }

    private async Task<HashSet<Guid>> MineAmongAsync(Scope scope, List<Guid> ids, CancellationToken ct) =>
        scope.UserId is not { } u || ids.Count == 0 ? []
            : (await db.Set<EventSignUp>().AsNoTracking().Where(s => s.UserId == u && ids.Contains(s.EventId)).Select(s => s.EventId).ToListAsync(ct)).ToHashSet();

    private static EventItem Item(CommunityEvent e, string communityCode, bool mine) =>
        new(e.Id, communityCode, e.Kind, e.Kind.Chinese(), e.Title, e.Place, e.StartsAt, e.EndsAt, e.Capacity, e.SeatsLeft, e.Cancelled, mine);

    private static void MustAdminister(Scope scope, string communityPath)
    {
        if (!scope.Administers(communityPath))
        {
            throw new DomainRuleException("not_community_staff", "只有社区管理员可以办理", "Only the community's admins do this.", RuleKind.Forbidden);
        }
    }

    public static DateOnly? ParseMonth(string? month) =>
        month is null ? null
            : DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100 ? d
            : throw new InvalidInputException("month_invalid", "月份格式应为 yyyy-MM", "The month is written yyyy-MM.");
}
