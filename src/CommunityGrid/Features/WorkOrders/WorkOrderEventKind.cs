namespace CommunityGrid.Features.WorkOrders;

/// <summary>What happened to an order: one value per kind of timeline step. Stored and sent as its <see cref="WorkOrderEventKinds.Code"/>.</summary>
public enum WorkOrderEventKind
{
    Registered = 1,
    Routed,
    Dispatched,
    Published,
    Accepted,
    Returned,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionRefused,
    Handled,
    Verified,
    Answered,
    VerificationFailed,
    CallbackPending,
    Rated,
    Redo,
    Closed,
    Cancelled,
    Supervised,
    Merged,
    DuplicateMerged,
    Warning,
    Overdue,
    Escalated,
    ProblemOrder,
}

/// <summary>Who hears about a step (besides the actor, who never hears about their own action).</summary>
[Flags]
public enum EventAudiences
{
    None = 0,
    /// <summary>The requester (and, except for the merge itself, those who follow the order).</summary>
    Requester = 1,
    Assignee = 2,
    /// <summary>Grid chief and grid workers of the order's grid.</summary>
    GridStaff = 4,
    /// <summary>Community admins of the order's community.</summary>
    CommunityAdmins = 8,
    /// <summary>Street admins above the order's community.</summary>
    StreetAdmins = 16,
}

/// <summary>Which text message a step sends, kept small: SMS costs money and attention.</summary>
public enum EventSms
{
    None = 0,
    /// <summary>The requester's phone: the order is resolved, please rate it.</summary>
    AskRequesterToRate,
    /// <summary>The handlers' phones: the order is overdue and escalated.</summary>
    TellHandlersItIsEscalated,
}

/// <summary>One kind's row: wire code, label, the requester's timeline line, staff line, audiences and SMS rule.</summary>
/// <param name="Timeline">The step in plain Chinese as the requester reads it; {actor} is the actor's name.</param>
/// <param name="StaffLine">The line staff read; {actor}, {note}, {assignee} are filled in; null: the note, else the timeline.</param>
public sealed record EventKindRow(string Code, string LabelZh, string LabelEn, string Timeline, string? StaffLine, EventAudiences Audiences, EventSms Sms);

/// <summary>The one table of event kinds. A kind without a row fails its test (WorkOrderEventKindTests).</summary>
public static class WorkOrderEventKinds
{
    private const EventAudiences Requester = EventAudiences.Requester;
    private const EventAudiences Assignee = EventAudiences.Assignee;
    private const EventAudiences GridStaff = EventAudiences.GridStaff;

    public static readonly IReadOnlyDictionary<WorkOrderEventKind, EventKindRow> Table = new Dictionary<WorkOrderEventKind, EventKindRow>
    {
        [WorkOrderEventKind.Registered] = new("registered", "新工单", "New order", "您的诉求已登记", null, EventAudiences.None, EventSms.None),
        [WorkOrderEventKind.Routed] = new("routed", "新工单待派单", "New order to dispatch", "已分流，等待派单", "已分流，请及时派单", GridStaff, EventSms.None),
        [WorkOrderEventKind.Dispatched] = new("dispatched", "工单已派单", "Order dispatched", "已派单，等待签收", "已派给 {assignee}，请及时签收", Requester | Assignee, EventSms.None),
        [WorkOrderEventKind.Published] = new("published", "工单已发布到接单大厅", "Order published to the pool", "已发布到接单大厅，等待党员志愿者接单", "已发布到接单大厅，等待党员志愿者接单", Requester, EventSms.None),
        [WorkOrderEventKind.Accepted] = new("accepted", "工单已接单", "Order accepted", "{actor} 已接单，正在处理", "{actor} 已接单", Requester | Assignee, EventSms.None),
        [WorkOrderEventKind.Returned] = new("returned", "工单被退回", "Order returned", "承办方退单，正在重新派单", "{actor} 退单：{note}，请重新派单", GridStaff, EventSms.None),
        [WorkOrderEventKind.ExtensionRequested] = new("extension_requested", "延期申请", "Extension requested", "承办方申请延期", "{actor} 申请延期：{note}，请审批", EventAudiences.CommunityAdmins, EventSms.None),
        [WorkOrderEventKind.ExtensionApproved] = new("extension_approved", "延期已批准", "Extension approved", "延期已获批准", null, Assignee, EventSms.None),
        [WorkOrderEventKind.ExtensionRefused] = new("extension_refused", "延期未批准", "Extension refused", "延期申请未获批准", null, Assignee, EventSms.None),
        [WorkOrderEventKind.Handled] = new("handled", "工单待核查", "Order to verify", "承办方已处理完毕，等待网格核查", "{actor} 已处理完毕，请核查", Requester | GridStaff, EventSms.None),
        [WorkOrderEventKind.Verified] = new("verified", "工单已办结", "Order resolved", "网格员核查通过，已办结", null, Requester | Assignee, EventSms.None),
        [WorkOrderEventKind.Answered] = new("answered", "工单已答复", "Order answered", "已当场答复办结", null, Requester, EventSms.None),
        [WorkOrderEventKind.VerificationFailed] = new("verification_failed", "核查未通过", "Verification failed", "核查未通过，继续处理", "核查未通过：{note}，请继续办理", Assignee, EventSms.None),
        [WorkOrderEventKind.CallbackPending] = new("callback_pending", "工单待评价", "Please rate the order", "请您对办理结果进行评价", null, Requester, EventSms.AskRequesterToRate),
        [WorkOrderEventKind.Rated] = new("rated", "工单已评价", "Order rated", "您已评价", "群众评价：{note}", Assignee | GridStaff, EventSms.None),
        [WorkOrderEventKind.Redo] = new("redo", "工单重办", "Order to redo", "根据您的评价，重新办理", "群众不满意，请重新办理", Assignee, EventSms.None),
        [WorkOrderEventKind.Closed] = new("closed", "工单已结束", "Order closed", "工单已结束", null, Requester, EventSms.None),
        [WorkOrderEventKind.Cancelled] = new("cancelled", "工单已撤销", "Order cancelled", "您已撤销该诉求", "诉求人已撤销工单", Assignee | GridStaff, EventSms.None),
        [WorkOrderEventKind.Supervised] = new("supervised", "工单督办", "Order supervised", "上级已督办", "{actor} 督办：{note}", Assignee, EventSms.None),
        [WorkOrderEventKind.Merged] = new("merged", "工单已合并", "Order merged", "与已有工单重复，已合并，您将收到原工单的进展", null, Requester, EventSms.None),
        [WorkOrderEventKind.DuplicateMerged] = new("duplicate_merged", "重复工单已合并", "Duplicate merged", "合并了相同问题的工单", null, EventAudiences.None, EventSms.None),
        [WorkOrderEventKind.Warning] = new("warning", "工单即将超时", "Order nearly overdue", "即将超时，已提醒承办方", null, Assignee, EventSms.None),
        [WorkOrderEventKind.Overdue] = new("overdue", "工单已超时", "Order overdue", "已超时，已提醒承办方", null, Assignee, EventSms.None),
        [WorkOrderEventKind.Escalated] = new("escalated", "工单超时升级", "Order escalated", "已超时，已升级督办", "已升级至{escalatedTo}", Assignee | GridStaff | EventAudiences.CommunityAdmins, EventSms.TellHandlersItIsEscalated),
        [WorkOrderEventKind.ProblemOrder] = new("problem_order", "问题工单", "Problem order", "已列为问题工单，由街道跟进", null, GridStaff | EventAudiences.StreetAdmins, EventSms.None),
    };

    private static readonly Dictionary<string, WorkOrderEventKind> ByCode = Table.ToDictionary(r => r.Value.Code, r => r.Key, StringComparer.Ordinal);

    /// <summary>Every code a webhook may filter on.</summary>
    public static readonly IReadOnlySet<string> Codes = ByCode.Keys.ToHashSet(StringComparer.Ordinal);

    public static string Code(this WorkOrderEventKind kind) => Table[kind].Code;

    public static EventKindRow Row(this WorkOrderEventKind kind) => Table[kind];

    /// <summary>The kind of a stored code; null for a code no kind has (an old row, or a typo in a filter).</summary>
    public static WorkOrderEventKind? Parse(string code) => ByCode.TryGetValue(code, out var kind) ? kind : null;
}
