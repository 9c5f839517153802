using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Governance;

public sealed record AttendeeInput(
    [property: Required, MaxLength(MeetingAttendee.NameMaxLength)] string Name,
    [property: Required, MaxLength(MeetingAttendee.UnitMaxLength)] string Unit,
    bool Present);

public sealed record ConveneMeetingRequest(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    Guid? EstateId,
    [property: Required, MaxLength(JointMeeting.TitleMaxLength)] string Title,
    DateTime HeldAt,
    [property: Required, MaxLength(JointMeeting.AgendaMaxLength)] string Agenda,
    [property: Required] IReadOnlyList<AttendeeInput> Attendees);

public sealed record DecideRequest(
    [property: Required, MaxLength(MeetingDecision.TextMaxLength)] string Text,
    Guid? OrganisationId,
    DateOnly Deadline,
    [property: Required, MaxLength(WorkOrderCategory.CodeMaxLength)] string CategoryCode,
    Guid? EstateId);

public sealed record ConcludeMeetingRequest([property: Required, MaxLength(JointMeeting.MinutesMaxLength)] string Minutes);

public sealed record AttendeeView(string Name, string Unit, bool Present);

/// <summary>A decision and how its order is doing: status, and whether its deadline has passed while it is still open.</summary>
public sealed record DecisionView(Guid Id, Guid MeetingId, string Text, Guid OwnerOrganisationId, string OwnerName, DateOnly Deadline, Guid WorkOrderId, string OrderNumber,
    string OrderStatus, string OrderStatusName, bool Done, bool Overdue);

public sealed record MeetingListItem(Guid Id, string Title, DateTime HeldAt, MeetingStatus Status, int Decisions, int OpenDecisions);

public sealed record MeetingView(Guid Id, string Title, string CommunityCode, string CommunityName, Guid? EstateId, DateTime HeldAt, string Agenda, string? Minutes, MeetingStatus Status,
    IReadOnlyList<AttendeeView> Attendees, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<DecisionView> CarriedOver, bool CallerMayRecord);

/// <summary>联席会议 for the API and the pages: convene, decide (each decision a dispatched order), conclude.</summary>
public sealed class Meetings(AppDbContext db, CurrentUser current, TimeProvider clock, GovernanceOrders orders)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<MeetingView> ConveneAsync(ConveneMeetingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == request.CommunityCode && a.Level == AreaLevel.Community, ct);
        if (community is null || !scope.IsStaffOf(community.Path))
        {
            throw new NotFoundException("community");
        }

        OnlyAdminsRecordMeetings(scope, community.Path);
        if (request.EstateId is { } estateId && !await db.Estates.AnyAsync(e => e.Id == estateId && e.AreaPath == community.Path, ct))
        {
            throw new NotFoundException("estate");
        }

        var meeting = JointMeeting.Convene(request.Title, community.Path, community.DistrictCode, request.EstateId, BeijingTime.ToUtc(request.HeldAt), request.Agenda,
            [.. request.Attendees.Select(a => (a.Name, a.Unit, a.Present))], scope.UserId!, Now);
        db.JointMeetings.Add(meeting);
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(meeting.Id, ct);
    }

    public async Task<Page<MeetingListItem>> ListAsync(string? communityCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var meetings = db.JointMeetings.AsNoTracking().Under(scope.StaffPaths);
        if (!string.IsNullOrWhiteSpace(communityCode))
        {
            var code = communityCode.Trim();
            var community = await db.Areas.AsNoTracking().Where(a => a.Code == code && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct);
            // A community outside the caller's staff areas is not there for them (404), like any object out of scope.
            if (community is null || !scope.StaffPaths.Any(p => AreaPath.IsUnder(community, p) || AreaPath.IsUnder(p, community)))
            {
                throw new NotFoundException("community");
            }

            meetings = meetings.Where(m => m.AreaPath == community);
        }

        var total = await meetings.CountAsync(ct);
        var items = await meetings.OrderByDescending(m => m.HeldAt).Skip((number - 1) * size).Take(size)
            .Select(m => new { m.Id, m.Title, m.HeldAt, m.Status }).ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToList();
        var decisions = await DecisionsAsync(db.MeetingDecisions.Where(d => ids.Contains(d.MeetingId)), ct);
        return new Page<MeetingListItem>([.. items.Select(m => new MeetingListItem(m.Id, m.Title, m.HeldAt, m.Status,
            decisions.Count(d => d.MeetingId == m.Id), decisions.Count(d => d.MeetingId == m.Id && !d.Done)))], number, size, total);
    }

    public async Task<MeetingView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var meeting = await db.JointMeetings.AsNoTracking().Include(m => m.Attendees).Under(scope.StaffPaths).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new NotFoundException("meeting");
        var name = await db.Areas.AsNoTracking().Where(a => a.Path == meeting.AreaPath).Select(a => a.Name).SingleAsync(ct);
        var decisions = await DecisionsAsync(db.MeetingDecisions.Where(d => d.MeetingId == id), ct);
        // The next meeting opens with what the one before it left open.
        var previous = await db.JointMeetings.AsNoTracking().Where(m => m.AreaPath == meeting.AreaPath && m.HeldAt < meeting.HeldAt)
            .OrderByDescending(m => m.HeldAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        var carried = previous is null ? [] : (await DecisionsAsync(db.MeetingDecisions.Where(d => d.MeetingId == previous), ct)).Where(d => !d.Done).ToList();
        return new MeetingView(meeting.Id, meeting.Title, AreaPath.CodeOf(meeting.AreaPath), name, meeting.EstateId, meeting.HeldAt, meeting.Agenda, meeting.Minutes, meeting.Status,
            [.. meeting.Attendees.OrderBy(a => !a.Present).ThenBy(a => a.Unit, StringComparer.Ordinal).Select(a => new AttendeeView(a.Name, a.Unit, a.Present))],
            decisions, carried, meeting.Status == MeetingStatus.InSession && scope.Administers(meeting.AreaPath));
    }

    /// <summary>
    /// A decision becomes a tracked order in one step: the order is registered at the estate (the meeting's, or
    /// the one named), dispatched to the decision's owner, and the decision keeps it.
    /// </summary>
    public async Task<MeetingView> DecideAsync(Guid id, DecideRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var meeting = await db.JointMeetings.Under(scope.StaffPaths).SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("meeting");
        OnlyAdminsRecordMeetings(scope, meeting.AreaPath);
        meeting.PastMeetingsNeverChange();
        JointMeeting.EveryDecisionHasAnOwner(request.OrganisationId);
        var today = BeijingTime.Date(Now);
        if (request.Deadline < today)
        {
            throw new InvalidInputException("deadline_in_the_past", "办结期限不能早于今天", "The deadline cannot lie in the past.");
        }

        var owner = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrganisationId, ct);
        if (owner is null || !(AreaPath.IsUnder(owner.AreaPath, meeting.AreaPath) || AreaPath.IsUnder(meeting.AreaPath, owner.AreaPath)))
        {
            throw new NotFoundException("organisation");
        }

        var estateId = request.EstateId ?? meeting.EstateId
            ?? throw new InvalidInputException("decision_place_required", "请指定决议涉及的小区", "Name the estate the decision concerns.");
        var building = await db.Areas.AsNoTracking().Where(b => b.EstateId == estateId && b.Path.StartsWith(meeting.AreaPath))
            .OrderBy(b => b.Code).Select(b => b.Path).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("estate");
        var house = await db.Areas.AsNoTracking().Where(h => h.Level == AreaLevel.House && !h.Retired && h.Path.StartsWith(building))
            .OrderBy(h => h.Code).Select(h => h.Code).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("estate");

        var title = $"联席会议决议：{request.Text}";
        var (orderId, _) = await orders.CreateAsync(new CreateWorkOrder(request.CategoryCode, title.Length > WorkOrder.TitleMaxLength ? title[..(WorkOrder.TitleMaxLength - 1)] + "…" : title,
            $"{meeting.Title}（{BeijingTime.Format(meeting.HeldAt)}）决议：{request.Text}。责任单位：{owner.Name}，期限：{request.Deadline:yyyy-MM-dd}。",
            null, null, house, null, null, null, null, null), ct);
        await orders.DispatchToAsync(orderId, owner.Id, $"联席会议决议，期限 {request.Deadline:yyyy-MM-dd}", ct);

        var decision = meeting.Decide(request.Text, owner.Id, owner.Name, request.Deadline, orderId, today);
        db.MeetingDecisions.Add(decision);
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<MeetingView> ConcludeAsync(Guid id, ConcludeMeetingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var meeting = await db.JointMeetings.Under(scope.StaffPaths).SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("meeting");
        OnlyAdminsRecordMeetings(scope, meeting.AreaPath);
        meeting.Conclude(request.Minutes, Now);
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(id, ct);
    }

    private static void OnlyAdminsRecordMeetings(Scope scope, string communityPath)
    {
        if (!scope.Administers(communityPath))
        {
            throw new DomainRuleException("only_admins_record_meetings", "只有社区（或上级）管理员可以记录联席会议", "Only admins record joint meetings.", RuleKind.Forbidden);
        }
    }

    private async Task<List<DecisionView>> DecisionsAsync(IQueryable<MeetingDecision> query, CancellationToken ct)
    {
        var today = BeijingTime.Date(Now);
        var rows = await query.AsNoTracking().Join(db.WorkOrders, d => d.WorkOrderId, o => o.Id, (d, o) => new { d, o.Number, o.Status }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.d.Deadline).ThenBy(r => r.Number, StringComparer.Ordinal).Select(r =>
        {
            var done = r.Status is WorkOrderStatus.Resolved or WorkOrderStatus.AwaitingCallback or WorkOrderStatus.Closed or WorkOrderStatus.Merged or WorkOrderStatus.Cancelled;
            return new DecisionView(r.d.Id, r.d.MeetingId, r.d.Text, r.d.OwnerOrganisationId, r.d.OwnerName, r.d.Deadline, r.d.WorkOrderId, r.Number, r.Status.ToString(),
                StatusNames.Chinese(r.Status), done, !done && r.d.Deadline < today);
        })];
    }
}
