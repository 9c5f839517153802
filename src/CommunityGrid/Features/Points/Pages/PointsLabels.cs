using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points.Pages;

internal static class PointsLabels
{
    public static string Source(Lang l, TransferSource s) => s switch
    {
        TransferSource.VolunteerHours => l.T("志愿服务", "Volunteer hours"),
        TransferSource.WorkOrder => l.T("工单奖励", "Work order"),
        TransferSource.ProblemReport => l.T("问题上报", "Problem report"),
        TransferSource.Wish => l.T("微心愿", "Wish"),
        TransferSource.Redemption => l.T("兑换", "Redemption"),
        TransferSource.Refund => l.T("退回", "Refund"),
        TransferSource.Settlement => l.T("核销结算", "Settlement"),
        TransferSource.Reversal => l.T("冲正", "Reversal"),
        TransferSource.Expiry => l.T("过期回收", "Expired"),
        _ => s.ToString(),
    };

    public static string Kind(Lang l, AccountKind k) => k switch
    {
        AccountKind.Person => l.T("个人", "Person"),
        AccountKind.Team => l.T("志愿服务队", "Team"),
        AccountKind.Merchant => l.T("商家", "Merchant"),
        AccountKind.CommunityPool => l.T("社区积分池", "Community pool"),
        AccountKind.Escrow => l.T("兑换暂存", "Held for codes"),
        _ => k.ToString(),
    };

    public static string Status(Lang l, RedemptionStatus s) => s switch
    {
        RedemptionStatus.Issued => l.T("待使用", "Valid"),
        RedemptionStatus.Redeemed => l.T("已使用", "Used"),
        RedemptionStatus.Cancelled => l.T("已取消", "Cancelled"),
        RedemptionStatus.Expired => l.T("已过期", "Expired"),
        _ => s.ToString(),
    };

    /// <summary>Beijing time for people; everything is stored in UTC.</summary>
    public static string Time(DateTime utc) => BeijingTime.Format(utc);

    /// <summary>"ABCD EFGH": two groups of four are easier to read out and type.</summary>
    public static string Spaced(string code) => code.Length == Redemption.CodeLength ? code[..4] + " " + code[4..] : code;
}
