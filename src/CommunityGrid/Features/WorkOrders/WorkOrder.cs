using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders;

public enum WorkOrderStatus
{
    /// <summary>已登记</summary>
    Registered = 1,
    /// <summary>待派单</summary>
    AwaitingDispatch = 2,
    /// <summary>待签收</summary>
    AwaitingAcceptance = 3,
    /// <summary>处置中</summary>
    InProgress = 4,
    /// <summary>待核查</summary>
    AwaitingVerification = 5,
    /// <summary>已办结</summary>
    Resolved = 6,
    /// <summary>待回访</summary>
    AwaitingCallback = 7,
    /// <summary>已评价 (or closed without a callback)</summary>
    Closed = 8,
    /// <summary>已撤销</summary>
    Cancelled = 9,
    /// <summary>已合并 into another order</summary>
    Merged = 10,
}

public enum WorkOrderOrigin
{
    /// <summary>居民点单</summary>
    Resident = 1,
    /// <summary>网格员巡查 (随手拍)</summary>
    Patrol = 2,
    /// <summary>骑手随手拍 (红蜂团)</summary>
    Rider = 3,
    /// <summary>12345 热线转办</summary>
    Hotline = 4,
    /// <summary>Open311 client</summary>
    Open311 = 5,
    /// <summary>工作人员代录 (e.g. a joint-meeting decision)</summary>
    Staff = 6,
}

public enum AssigneeKind
{
    None = 0,
    User = 1,
    Organisation = 2,
    /// <summary>接单大厅: any party member or volunteer bound to the grid (or its community when opened wider).</summary>
    Pool = 3,
}

public enum Satisfaction
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    Unsatisfied = 3,
}

public enum ClosedHow
{
    None = 0,
    Rated = 1,
    /// <summary>No callback answer within the configured days: counted separately in KPIs.</summary>
    NoCallback = 2,
    /// <summary>No requester to call back (a patrol finding, a merged original's own close).</summary>
    NoRequester = 3,
}

/// <summary>Who acts on an order: the user, their organisation and their role grants.</summary>
public sealed record Actor(string UserId, string Name, Guid? OrganisationId, Guid? PersonId, IReadOnlyList<Grant> Grants)
{
    public static readonly Actor System = new("system", "系统", null, null, []);

    public bool IsSystem => UserId == "system";

    private bool Holds(Func<Grant, bool> predicate) => Grants.Any(predicate);

    /// <summary>Grid chief or worker of the grid of <paramref name="gridPath"/>, or an admin above it.</summary>
    public bool IsGridStaffOf(string gridPath) =>
        Holds(g => g.Role is Role.GridChief or Role.GridWorker && gridPath.StartsWith(g.AreaPath, StringComparison.Ordinal)) || AdministersArea(gridPath);

    public bool AdministersArea(string path) => Holds(g => g.Role.Administers() && path.StartsWith(g.AreaPath, StringComparison.Ordinal));

    /// <summary>A party member or volunteer bound inside <paramref name="path"/> (the grid, or its community when opened wider).</summary>
    public bool IsPoolMemberUnder(string path) =>
        Holds(g => g.Role is Role.PartyMember or Role.Volunteer && g.AreaPath.StartsWith(path, StringComparison.Ordinal));

    /// <summary>Someone above the grid: community, street, district or city admin over the path.</summary>
    public bool SupervisesArea(string gridPath) =>
        Holds(g => g.Role is Role.CommunityAdmin or Role.StreetAdmin or Role.DistrictAdmin or Role.CityAdmin && gridPath.StartsWith(g.AreaPath, StringComparison.Ordinal));
}

/// <summary>
/// A work order (工单) and its closed loop: 点单 → 派单 → 接单 → 办结 → 核查 → 评单, with the side
/// paths of SPEC.md. Each transition checks the state and the actor, then appends a timeline event.
/// <see cref="Version"/> is a concurrency token: two people acting at once — one wins, the other
/// gets 409.
/// </summary>
public sealed class WorkOrder : IAreaScoped
{
    // The text limits, written once: the entity's checks, the requests' validation and the EF mapping all use these.
    public const int NumberMaxLength = 24;
    public const int TitleMaxLength = 100;
    public const int DescriptionMaxLength = 2000;
    /// <summary>A note, reason or comment someone types at a step.</summary>
    public const int NoteMaxLength = 500;
    public const int AddressMaxLength = 200;
    public const int ExternalReferenceMaxLength = 64;
    public const int RequesterNameMaxLength = 32;
    public const int RequesterPhoneMaxLength = 20;
    /// <summary>A person's display name or an organisation's name.</summary>
    public const int AssigneeNameMaxLength = 100;
    public const int HandlerNameMaxLength = Accounts.AppUser.DisplayNameMaxLength;
    public const int ProblemThreshold = 3;

    private readonly List<WorkOrderEvent> events = [];

    private WorkOrder() { }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public Guid CategoryId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public WorkOrderOrigin Origin { get; private set; }
    /// <summary>12345 hotline ticket number, Open311 client name…</summary>
    public string? ExternalReference { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public Guid? HouseId { get; private set; }
    public string? Address { get; private set; }
    public Guid GridId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public RouteTarget RoutedTo { get; private set; }
    public Guid? EstateId { get; private set; }
    /// <summary>The estate's manager (property company, committee, or the community's station).</summary>
    public Guid? PropertyOrganisationId { get; private set; }
    public string? RequesterUserId { get; private set; }
    public Guid? RequesterPersonId { get; private set; }
    public string? RequesterName { get; private set; }
    public string? RequesterPhone { get; private set; }
    public WorkOrderStatus Status { get; private set; }
    public AssigneeKind AssigneeKind { get; private set; }
    public string? AssigneeUserId { get; private set; }
    public Guid? AssigneeOrganisationId { get; private set; }
    public string? AssigneeName { get; private set; }
    /// <summary>When published to the pool: open to the whole community, not only the grid.</summary>
    public bool PoolOpenToCommunity { get; private set; }
    /// <summary>Was ever published to the pool: its members keep sight of it (a lost race answers 409, not 404).</summary>
    public bool PublishedToPool { get; private set; }
    public string? HandlerUserId { get; private set; }
    public string? HandlerName { get; private set; }
    public string? DispatcherUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DispatchedAt { get; private set; }
    public DateTime? AcceptDeadline { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? ResolveDeadline { get; private set; }
    public DateTime? ExtensionRequestedUntil { get; private set; }
    public bool ExtensionApproved { get; private set; }
    public DateTime? HandledAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public ClosedHow ClosedHow { get; private set; }
    public bool? CallbackResolved { get; private set; }
    public Satisfaction? Satisfaction { get; private set; }
    public int RedoCount { get; private set; }
    public int HandoffCount { get; private set; }
    public bool IsProblemOrder { get; private set; }
    /// <summary>0 = with the handler; each automatic escalation moves one level up the chain.</summary>
    public int EscalationLevel { get; private set; }
    public DateTime? LastEscalatedAt { get; private set; }
    /// <summary>Yellow (75% of the limit used) or red (limit passed), for the phase the order is in.</summary>
    public Urgency Urgency { get; private set; }
    public Guid? MergedIntoId { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<WorkOrderEvent> Events => events;

    public bool IsOpen => Status is not (WorkOrderStatus.Closed or WorkOrderStatus.Cancelled or WorkOrderStatus.Merged);

    /// <summary>Registers an order already located to its grid and routed; it waits for dispatch.</summary>
    public static WorkOrder Register(Intake intake, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(intake);
        if (string.IsNullOrWhiteSpace(intake.Title) || intake.Title.Length > TitleMaxLength)
        {
            throw new InvalidInputException("title_invalid", $"标题不能为空且不超过 {TitleMaxLength} 字", $"A title is required, at most {TitleMaxLength} characters.");
        }

        if ((intake.Description?.Length ?? 0) > DescriptionMaxLength)
        {
            throw new InvalidInputException("description_too_long", $"描述不超过 {DescriptionMaxLength} 字", $"The description is at most {DescriptionMaxLength} characters.");
        }

        if (intake.Origin == WorkOrderOrigin.Hotline && string.IsNullOrWhiteSpace(intake.ExternalReference))
        {
            throw new InvalidInputException("hotline_ticket_required", "12345 转办工单必须填写热线工单号", "A hotline transfer needs the 12345 ticket number.");
        }

        var order = new WorkOrder
        {
            Id = Guid.CreateVersion7(),
            Number = intake.Number,
            CategoryId = intake.Category.Id,
            Title = intake.Title.Trim(),
            Description = intake.Description?.Trim() ?? "",
            Origin = intake.Origin,
            ExternalReference = intake.ExternalReference,
            Latitude = intake.Latitude,
            Longitude = intake.Longitude,
            HouseId = intake.HouseId,
            Address = intake.Address,
            GridId = intake.GridId,
            AreaPath = intake.GridPath,
            DistrictCode = intake.DistrictCode,
            RoutedTo = intake.PropertyOrganisationId is null ? RouteTarget.Grid : RouteTarget.Property,
            EstateId = intake.EstateId,
            PropertyOrganisationId = intake.PropertyOrganisationId,
            RequesterUserId = intake.ReporterIsRequester && !intake.Reporter.IsSystem ? intake.Reporter.UserId : null,
            RequesterPersonId = intake.RequesterPersonId,
            RequesterName = intake.RequesterName ?? (intake.ReporterIsRequester ? intake.Reporter.Name : null),
            RequesterPhone = intake.RequesterPhone,
            Status = WorkOrderStatus.Registered,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var actor = intake.Reporter;
        order.Record(actor, now, WorkOrderEventKind.Registered, intake.Origin == WorkOrderOrigin.Hotline ? $"12345 热线转办，工单号 {intake.ExternalReference}" : null);
        // Routing is the system's step (by category and address), not the reporter's.
        order.MoveTo(WorkOrderStatus.AwaitingDispatch, Actor.System, now, WorkOrderEventKind.Routed,
            order.RoutedTo == RouteTarget.Property ? "按类别与地址分流至小区物业管理单位" : "按类别与地址分流至所在网格");
        return order;
    }

    /// <summary>派单: to a person, an organisation (e.g. the property company) or the pool.</summary>
    public void Dispatch(Actor actor, Assignee assignee, TimeLimit acceptLimit, TimeLimit resolveLimit, WorkCalendar calendar, DateTime now, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(assignee);
        ArgumentNullException.ThrowIfNull(calendar);
        Refuse(MayNotDispatch(actor));
        AssigneeKind = assignee.Kind;
        AssigneeUserId = assignee.UserId;
        AssigneeOrganisationId = assignee.OrganisationId;
        AssigneeName = assignee.Name;
        PoolOpenToCommunity = assignee.Kind == AssigneeKind.Pool && assignee.OpenToCommunity;
        PublishedToPool |= assignee.Kind == AssigneeKind.Pool;
        DispatcherUserId = actor.UserId;
        DispatchedAt ??= now;
        AcceptDeadline = calendar.Deadline(now, acceptLimit);
        ResolveDeadline ??= calendar.Deadline(now, resolveLimit);
        EscalationLevel = 0;
        Urgency = Urgency.None;
        MoveTo(WorkOrderStatus.AwaitingAcceptance, actor, now, assignee.Kind == AssigneeKind.Pool ? WorkOrderEventKind.Published : WorkOrderEventKind.Dispatched,
            Join(assignee.Kind == AssigneeKind.Pool ? (PoolOpenToCommunity ? "发布到社区接单大厅" : "发布到网格接单大厅") : $"派给 {assignee.Name}", note));
    }

    /// <summary>接单 / 签收.</summary>
    public void Accept(Actor actor, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotAccept(actor));
        HandlerUserId = actor.UserId;
        HandlerName = actor.Name;
        if (AssigneeKind == AssigneeKind.Pool)
        {
            AssigneeKind = AssigneeKind.User;
            AssigneeUserId = actor.UserId;
            AssigneeName = actor.Name;
        }

        AcceptedAt = now;
        Urgency = Urgency.None;
        EscalationLevel = 0;
        MoveTo(WorkOrderStatus.InProgress, actor, now, WorkOrderEventKind.Accepted, $"{actor.Name} 已接单");
    }

    /// <summary>退单: the assignee hands it back with a reason; the dispatcher re-dispatches (or overrules to the same assignee).</summary>
    public void Return(Actor actor, string reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotReturn(actor));
        ReasonMustBeGiven(reason);
        HandoffCount++;
        AssigneeKind = AssigneeKind.None;
        AssigneeUserId = null;
        AssigneeOrganisationId = null;
        AssigneeName = null;
        HandlerUserId = null;
        HandlerName = null;
        AcceptDeadline = null;
        // A request for more time goes with the handler who asked: the next one asks for their own.
        ExtensionRequestedUntil = null;
        MoveTo(WorkOrderStatus.AwaitingDispatch, actor, now, WorkOrderEventKind.Returned, reason);
        BecomeProblemOrderAfterTooMany(actor, now);
    }

    /// <summary>延期申请: by the handler, before the deadline.</summary>
    public void RequestExtension(Actor actor, DateTime until, string reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotRequestExtension(actor, now));
        ReasonMustBeGiven(reason);
        if (until <= (ResolveDeadline ?? now))
        {
            throw new InvalidInputException("extension_not_later", "延期后的时限必须晚于当前时限", "The new deadline must be later than the current one.");
        }

        ExtensionRequestedUntil = until;
        Record(actor, now, WorkOrderEventKind.ExtensionRequested, Join($"申请延期至 {BeijingTime.Format(until)}", reason));
    }

    /// <summary>延期审批: by the level above (community admin or higher over the order).</summary>
    public void DecideExtension(Actor actor, bool approve, string? note, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotDecideExtension(actor));
        var until = ExtensionRequestedUntil!.Value;
        ExtensionRequestedUntil = null;
        if (approve)
        {
            ResolveDeadline = until;
            ExtensionApproved = true;
            Urgency = Urgency.None;
            EscalationLevel = 0;
        }

        Record(actor, now, approve ? WorkOrderEventKind.ExtensionApproved : WorkOrderEventKind.ExtensionRefused, Join(approve ? $"同意延期至 {BeijingTime.Format(until)}" : "不同意延期", note));
    }

    /// <summary>办结: the handler reports it done, with a note and photos; the grid verifies.</summary>
    public void Resolve(Actor actor, string note, IReadOnlyList<Guid>? photos, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Status == WorkOrderStatus.AwaitingDispatch)
        {
            AnswerOnTheSpot(actor, note, now);
            return;
        }

        Refuse(MayNotResolve(actor));
        ReasonMustBeGiven(note);
        HandledAt = now;
        ExtensionRequestedUntil = null;
        MoveTo(WorkOrderStatus.AwaitingVerification, actor, now, WorkOrderEventKind.Handled, note, photos);
    }

    /// <summary>核查通过: the grid confirms the work; the order is resolved and waits for the requester's callback.</summary>
    public void Verify(Actor actor, string? note, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotVerify(actor));
        MoveTo(WorkOrderStatus.Resolved, actor, now, WorkOrderEventKind.Verified, note);
        ResolvedAt = now;
        AwaitCallback(actor, now);
    }

    /// <summary>核查不通过: back to the handler.</summary>
    public void RejectVerification(Actor actor, string reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotVerify(actor));
        ReasonMustBeGiven(reason);
        MoveTo(WorkOrderStatus.InProgress, actor, now, WorkOrderEventKind.VerificationFailed, reason);
    }

    /// <summary>评单: the requester answers resolved or not and rates; unsatisfied or unresolved means a redo.</summary>
    public void Callback(Actor actor, bool resolved, Satisfaction satisfaction, string? comment, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotRate(actor));
        CallbackResolved = resolved;
        Satisfaction = satisfaction;
        var rating = satisfaction switch
        {
            WorkOrders.Satisfaction.Satisfied => "满意",
            WorkOrders.Satisfaction.BasicallySatisfied => "基本满意",
            _ => "不满意",
        };
        Record(actor, now, WorkOrderEventKind.Rated, Join($"{(resolved ? "已解决" : "未解决")}，{rating}", comment));
        if (!resolved || satisfaction == WorkOrders.Satisfaction.Unsatisfied)
        {
            RedoCount++;
            HandledAt = null;
            MoveTo(WorkOrderStatus.InProgress, actor, now, WorkOrderEventKind.Redo, "群众不满意，重新办理");
            BecomeProblemOrderAfterTooMany(actor, now);
            return;
        }

        Close(actor, ClosedHow.Rated, now);
    }

    /// <summary>A service order of the pool, done and rated well by its requester, earns its handler (党员/志愿者) points.</summary>
    public bool EarnsHandlerPoints => PublishedToPool && Status == WorkOrderStatus.Closed && ClosedHow == ClosedHow.Rated
        && CallbackResolved == true && Satisfaction is WorkOrders.Satisfaction.Satisfied or WorkOrders.Satisfaction.BasicallySatisfied && HandlerUserId is not null;

    /// <summary>A rider's report (红蜂随手拍) that the grid verified as a real problem earns the rider points.</summary>
    public bool EarnsReporterPoints => Origin == WorkOrderOrigin.Rider && ResolvedAt is not null && RequesterPersonId is not null
        && Status is not (WorkOrderStatus.Cancelled or WorkOrderStatus.Merged);

    /// <summary>No answer within the callback window: closed as "no callback" (counted separately).</summary>
    public void CloseWithoutCallback(DateTime now)
    {
        Refuse(StateMustBe(WorkOrderStatus.AwaitingCallback));
        Close(Actor.System, ClosedHow.NoCallback, now);
    }

    /// <summary>撤单: the requester withdraws it before anyone accepted it.</summary>
    public void Cancel(Actor actor, string? reason, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotCancel(actor));
        ClosedAt = now;
        MoveTo(WorkOrderStatus.Cancelled, actor, now, WorkOrderEventKind.Cancelled, reason);
    }

    /// <summary>督办: an upper level presses the handler, optionally with a new deadline.</summary>
    public void Supervise(Actor actor, string note, DateTime? newDeadline, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Refuse(MayNotSupervise(actor));
        ReasonMustBeGiven(note);
        if (newDeadline is { } d)
        {
            if (d <= now)
            {
                throw new InvalidInputException("deadline_in_past", "新的时限必须晚于现在", "The new deadline must be in the future.");
            }

            ResolveDeadline = d;
            Urgency = Urgency.None;
        }

        Record(actor, now, WorkOrderEventKind.Supervised, Join(note, newDeadline is { } nd ? $"限 {BeijingTime.Format(nd)} 前办结" : null));
    }

    /// <summary>合并: a duplicate joins its original; its requester follows the original.</summary>
    /// <summary>
    /// Merges this duplicate into <paramref name="original"/>. The duplicate's requester (if it has one) follows the
    /// original from now on: the follower row is returned for the caller to save with the merge.
    /// </summary>
    public WorkOrderFollower? MergeInto(Actor actor, WorkOrder original, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(original);
        Refuse(MayNotMerge(actor));
        if (original.Id == Id || !original.IsOpen || original.MergedIntoId is not null)
        {
            throw new DomainRuleException("merge_target_invalid", "只能合并到另一张办理中的工单", "The original must be another open order.");
        }

        Refuse(OnlyGridStaffCanMerge(actor, original));

        MergedIntoId = original.Id;
        ClosedAt = now;
        MoveTo(WorkOrderStatus.Merged, actor, now, WorkOrderEventKind.Merged, $"与工单 {original.Number} 重复，已合并");
        original.Record(actor, now, WorkOrderEventKind.DuplicateMerged, $"合并了重复工单 {Number}");
        return RequesterUserId is not null || RequesterPersonId is not null || RequesterPhone is not null
            ? WorkOrderFollower.Of(original.Id, Id, RequesterUserId, RequesterPersonId, RequesterPhone, AreaPath, DistrictCode, now)
            : null;
    }

    /// <summary>The background clock: warnings at 75% and at the limit, then one level up the chain every interval.</summary>
    public bool Tick(DateTime now, TimeSpan escalationInterval, int topLevel, Func<int, string> levelName)
    {
        ArgumentNullException.ThrowIfNull(levelName);
        var (start, deadline) = Status switch
        {
            WorkOrderStatus.AwaitingAcceptance => (DispatchedAt, AcceptDeadline),
            WorkOrderStatus.InProgress => (AcceptedAt ?? DispatchedAt, ResolveDeadline),
            _ => (null, null),
        };
        if (start is not { } s || deadline is not { } d)
        {
            return false;
        }

        var changed = false;
        var used = (now - s).TotalSeconds / Math.Max(1, (d - s).TotalSeconds);
        var urgency = now >= d ? Urgency.Red : used >= 0.75 ? Urgency.Yellow : Urgency.None;
        if (urgency > Urgency)
        {
            Urgency = urgency;
            Record(Actor.System, now, urgency == Urgency.Red ? WorkOrderEventKind.Overdue : WorkOrderEventKind.Warning,
                urgency == Urgency.Red ? "已超过时限（红色预警）" : "时限已用 75%（黄色预警）");
            changed = true;
        }

        // Level n of the chain is pressed at the deadline + (n - 1) intervals; a clock jump catches up level by level.
        while (now >= d && EscalationLevel < topLevel && now >= d + (EscalationLevel * escalationInterval))
        {
            EscalationLevel++;
            LastEscalatedAt = now;
            Record(Actor.System, now, WorkOrderEventKind.Escalated, $"超时自动升级：{levelName(EscalationLevel)}督办");
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// What <paramref name="caller"/> may do next, asked of the very guards the actions throw from. It
    /// answers for the state and the caller; what they type (a note, a date, the original of a merge) is
    /// checked when they act. <paramref name="category"/> tells whether it may be answered on the spot,
    /// <paramref name="now"/> whether an extension can still be asked.
    /// </summary>
    public IReadOnlyList<WorkOrderAction> AllowedActions(Actor caller, WorkOrderCategory category, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(category);
        return [.. Enum.GetValues<WorkOrderAction>().Where(action => Refusal(action, caller, category.IsConsultation, now) is null)];
    }

    private DomainRuleException? Refusal(WorkOrderAction action, Actor caller, bool isConsultation, DateTime now) => action switch
    {
        WorkOrderAction.Dispatch => MayNotDispatch(caller),
        WorkOrderAction.AnswerOnTheSpot => MayNotAnswerOnTheSpot(caller, isConsultation),
        WorkOrderAction.Accept => MayNotAccept(caller),
        WorkOrderAction.Return => MayNotReturn(caller),
        WorkOrderAction.RequestExtension => MayNotRequestExtension(caller, now),
        WorkOrderAction.DecideExtension => MayNotDecideExtension(caller),
        WorkOrderAction.Resolve => MayNotResolve(caller),
        WorkOrderAction.Verify or WorkOrderAction.RejectVerification => MayNotVerify(caller),
        WorkOrderAction.Callback => MayNotRate(caller),
        WorkOrderAction.Cancel => MayNotCancel(caller),
        WorkOrderAction.Supervise => MayNotSupervise(caller),
        WorkOrderAction.Merge => MayNotMerge(caller),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "An action without its rule."),
    };

    /// <summary>The requester: by their account, or by their person record when the order was taken down for them.</summary>
    public bool IsRequestedBy(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return RequesterUserId is not null ? actor.UserId == RequesterUserId : actor.PersonId is not null && actor.PersonId == RequesterPersonId;
    }

    public WorkOrderEvent? LastEvent => events.Count == 0 ? null : events[^1];

    private void AnswerOnTheSpot(Actor actor, string note, DateTime now)
    {
        Refuse(OnlyGridStaffCanAnswerOnTheSpot(actor));
        ReasonMustBeGiven(note);
        HandlerUserId = actor.UserId;
        HandlerName = actor.Name;
        HandledAt = now;
        MoveTo(WorkOrderStatus.Resolved, actor, now, WorkOrderEventKind.Answered, note);
        ResolvedAt = now;
        AwaitCallback(actor, now);
    }

    /// <summary>Only consultations may be answered on the spot; checked by the caller who knows the category.</summary>
    internal static void OnlyConsultationsAreAnsweredOnTheSpot(WorkOrderCategory category)
    {
        ArgumentNullException.ThrowIfNull(category);
        Refuse(OnlyConsultationsAreAnsweredOnTheSpot(category.IsConsultation));
    }

    private void AwaitCallback(Actor actor, DateTime now)
    {
        if (RequesterUserId is null && RequesterPersonId is null && RequesterPhone is null)
        {
            Close(actor, ClosedHow.NoRequester, now);
            return;
        }

        MoveTo(WorkOrderStatus.AwaitingCallback, actor, now, WorkOrderEventKind.CallbackPending, "请诉求人评价");
    }

    private void Close(Actor actor, ClosedHow how, DateTime now)
    {
        ClosedHow = how;
        ClosedAt = now;
        MoveTo(WorkOrderStatus.Closed, actor, now, WorkOrderEventKind.Closed, how switch
        {
            ClosedHow.NoCallback => "逾期未评价，自动结单",
            ClosedHow.NoRequester => "无需回访，结单",
            _ => null,
        });
    }

    private void BecomeProblemOrderAfterTooMany(Actor actor, DateTime now)
    {
        if (!IsProblemOrder && (RedoCount >= ProblemThreshold || HandoffCount >= ProblemThreshold))
        {
            IsProblemOrder = true;
            Record(actor, now, WorkOrderEventKind.ProblemOrder, RedoCount >= ProblemThreshold ? "重办达三次，列为问题工单，报街道" : "三次退单转手，列为问题工单，报街道");
        }
    }

    private bool MayTakeIt(Actor actor) => AssigneeKind switch
    {
        AssigneeKind.User => actor.UserId == AssigneeUserId,
        AssigneeKind.Organisation => actor.OrganisationId is not null && actor.OrganisationId == AssigneeOrganisationId,
        AssigneeKind.Pool => actor.IsPoolMemberUnder(PoolOpenToCommunity ? CommunityPath : AreaPath),
        _ => false,
    };

    /// <summary>The community's path: the grid path without its last code.</summary>
    public string CommunityPath => Kernel.AreaPath.Parent(AreaPath);

    // The rules below answer why an actor may not act (null when they may). Each action throws the
    // refusal of its MayNot… guard, and AllowedActions asks the same guards: buttons cannot drift from rules.

    private DomainRuleException? MayNotDispatch(Actor actor) =>
        StateMustBe(WorkOrderStatus.AwaitingDispatch) ?? OnlyGridStaffCanDispatch(actor);

    /// <summary>The consultation rule is asked apart: the order does not hold its category.</summary>
    private DomainRuleException? MayNotAnswerOnTheSpot(Actor actor, bool isConsultation) =>
        StateMustBe(WorkOrderStatus.AwaitingDispatch) ?? OnlyConsultationsAreAnsweredOnTheSpot(isConsultation) ?? OnlyGridStaffCanAnswerOnTheSpot(actor);

    private DomainRuleException? MayNotAccept(Actor actor) =>
        StateMustBe(WorkOrderStatus.AwaitingAcceptance) ?? OnlyTheAssigneeCanAccept(actor);

    private DomainRuleException? MayNotReturn(Actor actor) =>
        StateMustBe(WorkOrderStatus.AwaitingAcceptance, WorkOrderStatus.InProgress) ?? OnlyTheAssigneeOrHandlerCanReturn(actor);

    private DomainRuleException? MayNotRequestExtension(Actor actor, DateTime now) =>
        StateMustBe(WorkOrderStatus.InProgress) ?? OnlyTheHandler(actor) ?? ExtensionsAreAskedBeforeTheDeadline(now) ?? OneExtensionRequestAtATime();

    private DomainRuleException? MayNotDecideExtension(Actor actor) =>
        AnExtensionMustBePending() ?? OnlyTheLevelAboveDecidesExtensions(actor);

    private DomainRuleException? MayNotResolve(Actor actor) =>
        StateMustBe(WorkOrderStatus.InProgress) ?? OnlyTheHandler(actor);

    private DomainRuleException? MayNotVerify(Actor actor) =>
        StateMustBe(WorkOrderStatus.AwaitingVerification) ?? OnlyGridStaffCanVerify(actor);

    private DomainRuleException? MayNotRate(Actor actor) =>
        StateMustBe(WorkOrderStatus.AwaitingCallback) ?? OnlyTheRequesterOrGridStaffRate(actor);

    private DomainRuleException? MayNotCancel(Actor actor) =>
        StateMustBe(WorkOrderStatus.Registered, WorkOrderStatus.AwaitingDispatch, WorkOrderStatus.AwaitingAcceptance) ?? OnlyTheRequesterCanCancel(actor);

    private DomainRuleException? MayNotSupervise(Actor actor) =>
        OnlyOpenOrdersAreSupervised() ?? OnlyCommunityLevelOrAboveSupervises(actor);

    /// <summary>This order's side of a merge; the original is checked when it is named.</summary>
    private DomainRuleException? MayNotMerge(Actor actor) =>
        StateMustBe(WorkOrderStatus.Registered, WorkOrderStatus.AwaitingDispatch, WorkOrderStatus.AwaitingAcceptance) ?? OnlyGridStaffCanMerge(actor, this);

    private DomainRuleException? OnlyGridStaffCanDispatch(Actor actor) => actor.IsGridStaffOf(AreaPath) ? null
        : new DomainRuleException("not_grid_staff", "只有本网格的网格员（或上级管理员）可以派单", "Only the grid's staff (or admins above) can dispatch.");

    private static DomainRuleException? OnlyConsultationsAreAnsweredOnTheSpot(bool isConsultation) => isConsultation ? null
        : new DomainRuleException("invalid_transition", "只有咨询类诉求可以当场答复办结", "Only consultations can be answered on the spot.");

    private DomainRuleException? OnlyGridStaffCanAnswerOnTheSpot(Actor actor) => actor.IsGridStaffOf(AreaPath) ? null
        : new DomainRuleException("not_grid_staff", "只有网格工作人员可以当场答复", "Only grid staff can answer on the spot.");

    private DomainRuleException? OnlyTheAssigneeCanAccept(Actor actor) => MayTakeIt(actor) ? null
        : new DomainRuleException("not_the_assignee", "只有被派单的人员或单位才能接单", "Only the assignee can accept this order.");

    /// <summary>Before acceptance the assignee (not a pool member: they simply do not take it); after, the handler.</summary>
    private DomainRuleException? OnlyTheAssigneeOrHandlerCanReturn(Actor actor) =>
        (Status == WorkOrderStatus.AwaitingAcceptance ? MayTakeIt(actor) && AssigneeKind != AssigneeKind.Pool : actor.UserId == HandlerUserId) ? null
        : new DomainRuleException("not_the_assignee", "只有被派单的人员或单位才能退单", "Only the assignee can return this order.");

    private DomainRuleException? ExtensionsAreAskedBeforeTheDeadline(DateTime now) => ResolveDeadline is { } deadline && now >= deadline
        ? new DomainRuleException("extension_after_deadline", "已超过办理时限，不能再申请延期", "An extension must be requested before the deadline.")
        : null;

    private DomainRuleException? OneExtensionRequestAtATime() => ExtensionRequestedUntil is null ? null
        : new DomainRuleException("extension_pending", "已有待审批的延期申请", "An extension request is already pending.");

    private DomainRuleException? AnExtensionMustBePending() => ExtensionRequestedUntil is not null ? null
        : new DomainRuleException("no_extension_pending", "没有待审批的延期申请", "There is no pending extension request.");

    private DomainRuleException? OnlyTheLevelAboveDecidesExtensions(Actor actor) => actor.SupervisesArea(AreaPath) ? null
        : new DomainRuleException("not_the_level_above", "延期须由上一级（社区及以上）审批", "An extension is approved by the level above (community or higher).");

    private DomainRuleException? OnlyGridStaffCanVerify(Actor actor) => actor.IsGridStaffOf(AreaPath) ? null
        : new DomainRuleException("not_grid_staff", "只有本网格的网格员（或上级管理员）可以核查", "Only the grid's staff (or admins above) can verify.");

    private DomainRuleException? OnlyTheHandler(Actor actor) => actor.UserId == HandlerUserId ? null
        : new DomainRuleException("not_the_handler", "只有接单人可以办理", "Only the person who accepted the order can do this.");

    private DomainRuleException? OnlyTheRequesterOrGridStaffRate(Actor actor) => IsRequestedBy(actor) || actor.IsGridStaffOf(AreaPath) ? null
        : new DomainRuleException("not_the_requester", "只有诉求人（或代为回访的网格员）可以评价", "Only the requester (or the grid worker calling them back) can rate.");

    private DomainRuleException? OnlyTheRequesterCanCancel(Actor actor) => actor.UserId == RequesterUserId ? null
        : new DomainRuleException("not_the_requester", "只有诉求人可以撤销工单", "Only the requester can cancel.");

    private DomainRuleException? OnlyOpenOrdersAreSupervised() => IsOpen ? null
        : new DomainRuleException("order_not_open", "工单已结束，不能督办", "The order is no longer open.");

    private DomainRuleException? OnlyCommunityLevelOrAboveSupervises(Actor actor) => actor.SupervisesArea(AreaPath) ? null
        : new DomainRuleException("not_a_supervisor", "只有社区及以上层级可以督办", "Only community level or above can supervise.");

    private static DomainRuleException? OnlyGridStaffCanMerge(Actor actor, WorkOrder order) => actor.IsGridStaffOf(order.AreaPath) ? null
        : new DomainRuleException("not_grid_staff", "只有网格工作人员可以合并工单", "Only grid staff can merge orders.");

    private static void ReasonMustBeGiven(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > NoteMaxLength)
        {
            throw new InvalidInputException("reason_required", $"请填写说明（不超过 {NoteMaxLength} 字）", $"A note is required (at most {NoteMaxLength} characters).");
        }
    }

    private DomainRuleException? StateMustBe(params WorkOrderStatus[] allowed) => allowed.Contains(Status) ? null
        : new DomainRuleException("invalid_transition", $"工单当前状态（{StatusNames.Chinese(Status)}）不允许此操作", $"This action is not allowed while the order is {Status}.");

    private static void Refuse(DomainRuleException? refusal)
    {
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    private void MoveTo(WorkOrderStatus to, Actor actor, DateTime now, WorkOrderEventKind kind, string? note, IReadOnlyList<Guid>? photos = null)
    {
        var from = Status;
        Status = to;
        Record(actor, now, kind, note, photos, from);
    }

    internal void Record(Actor actor, DateTime now, WorkOrderEventKind kind, string? note, IReadOnlyList<Guid>? photos = null, WorkOrderStatus? from = null)
    {
        Version++;
        UpdatedAt = now;
        events.Add(WorkOrderEvent.Of(this, actor, now, kind, from ?? Status, Status, note, photos));
    }

    private static string? Join(string? a, string? b) =>
        string.IsNullOrWhiteSpace(b) ? a : string.IsNullOrWhiteSpace(a) ? b : $"{a}；{b}";

}

/// <summary>What a caller may ask of an order (<see cref="WorkOrder.AllowedActions"/>).</summary>
public enum WorkOrderAction
{
    /// <summary>派单</summary>
    Dispatch = 1,
    /// <summary>当场答复: a consultation resolved without dispatch (POST …/resolve while awaiting dispatch).</summary>
    AnswerOnTheSpot = 2,
    /// <summary>接单 / 签收</summary>
    Accept = 3,
    /// <summary>退单</summary>
    Return = 4,
    /// <summary>延期申请</summary>
    RequestExtension = 5,
    /// <summary>延期审批: approve or refuse.</summary>
    DecideExtension = 6,
    /// <summary>办结</summary>
    Resolve = 7,
    /// <summary>核查通过</summary>
    Verify = 8,
    /// <summary>核查不通过</summary>
    RejectVerification = 9,
    /// <summary>评单</summary>
    Callback = 10,
    /// <summary>撤单</summary>
    Cancel = 11,
    /// <summary>督办</summary>
    Supervise = 12,
    /// <summary>合并</summary>
    Merge = 13,
}

public static class WorkOrderActions
{
    /// <summary>The API route of the action: POST /api/work-orders/{id}/{route}.</summary>
    public static string Route(this WorkOrderAction action) => action switch
    {
        WorkOrderAction.Dispatch => "dispatch",
        WorkOrderAction.AnswerOnTheSpot or WorkOrderAction.Resolve => "resolve",
        WorkOrderAction.Accept => "accept",
        WorkOrderAction.Return => "return",
        WorkOrderAction.RequestExtension => "request-extension",
        WorkOrderAction.DecideExtension => "approve-extension",
        WorkOrderAction.Verify => "verify",
        WorkOrderAction.RejectVerification => "reject-verification",
        WorkOrderAction.Callback => "callback",
        WorkOrderAction.Cancel => "cancel",
        WorkOrderAction.Supervise => "supervise",
        WorkOrderAction.Merge => "merge",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "An action without a route."),
    };
}

public enum Urgency
{
    None = 0,
    Yellow = 1,
    Red = 2,
}

/// <summary>Who an order is dispatched to.</summary>
public sealed record Assignee(AssigneeKind Kind, string? UserId, Guid? OrganisationId, string Name, bool OpenToCommunity = false);

/// <summary>Everything intake resolved before the order exists: place, grid, route, requester.</summary>
public sealed record Intake(
    string Number,
    WorkOrderCategory Category,
    string Title,
    string? Description,
    WorkOrderOrigin Origin,
    string? ExternalReference,
    double? Latitude,
    double? Longitude,
    Guid? HouseId,
    string? Address,
    Guid GridId,
    string GridPath,
    string DistrictCode,
    Guid? EstateId,
    Guid? PropertyOrganisationId,
    Actor Reporter,
    bool ReporterIsRequester,
    Guid? RequesterPersonId,
    string? RequesterName,
    string? RequesterPhone);

public static class StatusNames
{
    public static string Chinese(WorkOrderStatus s) => s switch
    {
        WorkOrderStatus.Registered => "已登记",
        WorkOrderStatus.AwaitingDispatch => "待派单",
        WorkOrderStatus.AwaitingAcceptance => "待签收",
        WorkOrderStatus.InProgress => "处置中",
        WorkOrderStatus.AwaitingVerification => "待核查",
        WorkOrderStatus.Resolved => "已办结",
        WorkOrderStatus.AwaitingCallback => "待回访",
        WorkOrderStatus.Closed => "已评价",
        WorkOrderStatus.Cancelled => "已撤销",
        WorkOrderStatus.Merged => "已合并",
        _ => s.ToString(),
    };
}
