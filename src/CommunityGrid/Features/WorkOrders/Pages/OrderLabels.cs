using System.Globalization;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders.Pages;

/// <summary>Words and times of the closed-loop pages, Chinese first.</summary>
internal static class OrderLabels
{
    public static string Status(Lang l, string status) =>
        Enum.TryParse<WorkOrderStatus>(status, out var s) ? Status(l, s) : status;

    public static string Status(Lang l, WorkOrderStatus s) => l.T(StatusNames.Chinese(s), s switch
    {
        WorkOrderStatus.Registered => "Registered",
        WorkOrderStatus.AwaitingDispatch => "Awaiting dispatch",
        WorkOrderStatus.AwaitingAcceptance => "Awaiting acceptance",
        WorkOrderStatus.InProgress => "In progress",
        WorkOrderStatus.AwaitingVerification => "Awaiting verification",
        WorkOrderStatus.Resolved => "Resolved",
        WorkOrderStatus.AwaitingCallback => "Awaiting your rating",
        WorkOrderStatus.Closed => "Closed",
        WorkOrderStatus.Cancelled => "Cancelled",
        WorkOrderStatus.Merged => "Merged",
        _ => s.ToString(),
    });

    /// <summary>CSS class of a status badge: waiting (grey), working (red), done (green).</summary>
    public static string StatusClass(string status) => status switch
    {
        nameof(WorkOrderStatus.Closed) or nameof(WorkOrderStatus.Resolved) or nameof(WorkOrderStatus.AwaitingCallback) => "badge st-done",
        nameof(WorkOrderStatus.Cancelled) or nameof(WorkOrderStatus.Merged) => "badge muted",
        _ => "badge st-open",
    };

    public static string Origin(Lang l, string origin) =>
        Enum.TryParse<WorkOrderOrigin>(origin, out var o) ? l.T(KpiReport.OriginName(o), o.ToString()) : origin;

    public static string Satisfaction(Lang l, string? satisfaction) => satisfaction switch
    {
        nameof(WorkOrders.Satisfaction.Satisfied) => l.T("满意", "Satisfied"),
        nameof(WorkOrders.Satisfaction.BasicallySatisfied) => l.T("基本满意", "Basically satisfied"),
        nameof(WorkOrders.Satisfaction.Unsatisfied) => l.T("不满意", "Unsatisfied"),
        _ => "",
    };

    /// <summary>The deadline of the phase the order is in: acceptance while it waits for a taker, else resolution.</summary>
    public static DateTime? CurrentDeadline(string status, DateTime? acceptDeadline, DateTime? resolveDeadline) =>
        status == nameof(WorkOrderStatus.AwaitingAcceptance) ? acceptDeadline : status is nameof(WorkOrderStatus.InProgress) ? resolveDeadline : null;

    public static string UrgencyClass(string urgency) => urgency switch
    {
        nameof(Urgency.Red) => "urgency red",
        nameof(Urgency.Yellow) => "urgency yellow",
        _ => "urgency",
    };

    public static string UrgencyText(Lang l, string urgency) => urgency switch
    {
        nameof(Urgency.Red) => l.T("已超时", "Overdue"),
        nameof(Urgency.Yellow) => l.T("即将超时", "Due soon"),
        _ => "",
    };

    /// <summary>Urgency as the sweep marked it, or red when the deadline has passed since its last run.</summary>
    public static string EffectiveUrgency(string urgency, DateTime? deadline, DateTime now) =>
        deadline is { } d && now >= d ? nameof(Urgency.Red) : urgency;

    public static string Minutes(Lang l, double? minutes)
    {
        if (minutes is not { } m)
        {
            return "—";
        }

        var total = (int)Math.Round(m);
        return total < 60 ? l.T($"{total} 分钟", $"{total} min") : l.T($"{total / 60} 小时 {total % 60} 分", $"{total / 60} h {total % 60} min");
    }

    public static string Percent(Ratio r) => r.Value is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static bool Reports(IEnumerable<Role> roles) => roles.Any(r => r is Role.Resident or Role.Rider or Role.BuildingHead or Role.PartyMember or Role.Volunteer);

    public static bool WorksTheGrid(IEnumerable<Role> roles) => roles.Any(r => r is Role.GridChief or Role.GridWorker or Role.BuildingHead);

    public static bool TakesFromThePool(IEnumerable<Role> roles) => roles.Any(r => r is Role.PartyMember or Role.Volunteer);

    public static bool Supervises(IEnumerable<Role> roles) => roles.Any(r => r.Administers());
}
