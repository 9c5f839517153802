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
    /// <summary>Every kind a webhook may filter on.</summary>
    public static IReadOnlySet<string> KnownKinds => WorkOrderEventKinds.Codes;

    private static (string Zh, string En) Label(WorkOrderEvent e) => e.KindOf is { } kind ? (kind.Row().LabelZh, kind.Row().LabelEn) : (e.Kind, e.Kind);

    public static NotificationText For(WorkOrder order, WorkOrderEvent e, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(e);
        var (zh, en) = Label(e);
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
        var zh = Label(e).Zh;
        return $"【{zh}】{order.Number} {order.Title} {StaffLine(order, e)}";
    }

    public static string English(string kind) => WorkOrderEventKinds.Parse(kind) is { } k ? k.Row().LabelEn : kind;

    private static string StaffLine(WorkOrder order, WorkOrderEvent e)
    {
        var line = e.KindOf?.Row().StaffLine;
        if (line is null)
        {
            return e.Note is { Length: > 0 } note ? note : e.PlainChinese();
        }

        return line
            .Replace("{actor}", e.ActorName, StringComparison.Ordinal)
            .Replace("{assignee}", order.AssigneeName, StringComparison.Ordinal)
            .Replace("{note}", e.Note, StringComparison.Ordinal)
            .Replace("{escalatedTo}", (e.Note ?? "").Replace("超时自动升级：", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
