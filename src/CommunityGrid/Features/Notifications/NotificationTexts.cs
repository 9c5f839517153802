using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Features.Notifications;

/// <summary>A notification line in Chinese (first) and English.</summary>
public sealed record NotificationText(string Title, string Chinese, string English);

/// <summary>Who a notification speaks to: the requester reads their own words, staff read the work.</summary>
public enum Audience
{
    Requester = 1,
    Follower = 2,
    Assignee = 3,
    GridStaff = 4,
    Supervisor = 5,
}

/// <summary>The words of notifications, per event kind and audience.</summary>
public static class NotificationTexts
{
    private static readonly Dictionary<string, (string Zh, string En)> Labels = new(StringComparer.Ordinal)
    {
        ["registered"] = ("新工单", "New order"),
        ["routed"] = ("新工单待派单", "New order to dispatch"),
        ["dispatched"] = ("工单已派单", "Order dispatched"),
        ["published"] = ("工单已发布到接单大厅", "Order published to the pool"),
        ["accepted"] = ("工单已接单", "Order accepted"),
        ["returned"] = ("工单被退回", "Order returned"),
        ["extension_requested"] = ("延期申请", "Extension requested"),
        ["extension_approved"] = ("延期已批准", "Extension approved"),
        ["extension_refused"] = ("延期未批准", "Extension refused"),
        ["handled"] = ("工单待核查", "Order to verify"),
        ["verified"] = ("工单已办结", "Order resolved"),
        ["answered"] = ("工单已答复", "Order answered"),
        ["verification_failed"] = ("核查未通过", "Verification failed"),
        ["callback_pending"] = ("工单待评价", "Please rate the order"),
        ["rated"] = ("工单已评价", "Order rated"),
        ["redo"] = ("工单重办", "Order to redo"),
        ["closed"] = ("工单已结束", "Order closed"),
        ["cancelled"] = ("工单已撤销", "Order cancelled"),
        ["supervised"] = ("工单督办", "Order supervised"),
        ["merged"] = ("工单已合并", "Order merged"),
        ["duplicate_merged"] = ("重复工单已合并", "Duplicate merged"),
        ["warning"] = ("工单即将超时", "Order nearly overdue"),
        ["overdue"] = ("工单已超时", "Order overdue"),
        ["escalated"] = ("工单超时升级", "Order escalated"),
        ["problem_order"] = ("问题工单", "Problem order"),
    };

    /// <summary>Every kind a webhook may filter on.</summary>
    public static readonly IReadOnlySet<string> KnownKinds = Labels.Keys.ToHashSet(StringComparer.Ordinal);

    public static NotificationText For(WorkOrder order, WorkOrderEvent e, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(e);
        var (zh, en) = Labels.TryGetValue(e.Kind, out var l) ? l : (e.Kind, e.Kind);
        var title = $"【{zh}】{order.Number} {order.Title}";
        var chinese = audience switch
        {
            Audience.Requester => e.PlainChinese(),
            Audience.Follower => $"您反映的问题已并入此工单：{e.PlainChinese()}",
            _ => StaffLine(order, e),
        };
        var english = audience is Audience.Requester or Audience.Follower
            ? $"{en}: your report {order.Number} \"{order.Title}\"."
            : $"{en}: {order.Number} \"{order.Title}\".";
        return new NotificationText(title, chinese, english);
    }

    /// <summary>The one-line form for group robots: 【工单超时升级】GD… 9号楼下水堵塞 已升级至…督办.</summary>
    public static string RobotLine(WorkOrder order, WorkOrderEvent e)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(e);
        var zh = Labels.TryGetValue(e.Kind, out var l) ? l.Zh : e.Kind;
        return $"【{zh}】{order.Number} {order.Title} {StaffLine(order, e)}";
    }

    public static string English(string kind) => Labels.TryGetValue(kind, out var l) ? l.En : kind;

    private static string StaffLine(WorkOrder order, WorkOrderEvent e) => e.Kind switch
    {
        "routed" => "已分流，请及时派单",
        "dispatched" => $"已派给 {order.AssigneeName}，请及时签收",
        "published" => "已发布到接单大厅，等待党员志愿者接单",
        "accepted" => $"{e.ActorName} 已接单",
        "returned" => $"{e.ActorName} 退单：{e.Note}，请重新派单",
        "extension_requested" => $"{e.ActorName} 申请延期：{e.Note}，请审批",
        "handled" => $"{e.ActorName} 已处理完毕，请核查",
        "verification_failed" => $"核查未通过：{e.Note}，请继续办理",
        "rated" => $"群众评价：{e.Note}",
        "redo" => "群众不满意，请重新办理",
        "cancelled" => "诉求人已撤销工单",
        "supervised" => $"{e.ActorName} 督办：{e.Note}",
        "escalated" => "已升级至" + (e.Note ?? "").Replace("超时自动升级：", "", StringComparison.Ordinal),
        _ => e.Note is { Length: > 0 } note ? note : e.PlainChinese(),
    };
}
