using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes.Pages;

public static class ProgrammeLabels
{
    public static string Status(Lang l, MicroProjectStatus s)
    {
        ArgumentNullException.ThrowIfNull(l);
        return s switch
        {
            MicroProjectStatus.Proposed => l.T("待筛选", "Awaiting screening"),
            MicroProjectStatus.ScreenedOut => l.T("未入选", "Screened out"),
            MicroProjectStatus.Voting => l.T("议事会表决中", "Council voting"),
            MicroProjectStatus.NotApproved => l.T("未通过", "Not approved"),
            MicroProjectStatus.Publicised => l.T("公示中", "In publicity"),
            MicroProjectStatus.Implementing => l.T("实施中", "Being implemented"),
            MicroProjectStatus.Completed => l.T("已完成", "Completed"),
            _ => s.ToString(),
        };
    }

    public static string StatusClass(MicroProjectStatus s) => s switch
    {
        MicroProjectStatus.Completed => "badge st-done",
        MicroProjectStatus.ScreenedOut or MicroProjectStatus.NotApproved => "badge muted",
        _ => "badge st-open",
    };

    public static string Choice(Lang l, VoteChoice c)
    {
        ArgumentNullException.ThrowIfNull(l);
        return c switch
        {
            VoteChoice.For => l.T("赞成", "For"),
            VoteChoice.Against => l.T("反对", "Against"),
            _ => l.T("弃权", "Abstain"),
        };
    }

    public static string Decision(Lang l, CouncilDecision d)
    {
        ArgumentNullException.ThrowIfNull(l);
        return d switch
        {
            CouncilDecision.Approved => l.T("表决通过", "Approved"),
            CouncilDecision.Rejected => l.T("表决未通过", "Rejected"),
            _ => l.T("未达到法定人数", "No quorum"),
        };
    }

    public static string Kind(Lang l, EventKind k)
    {
        ArgumentNullException.ThrowIfNull(l);
        return l.T(k.Chinese(), k.English());
    }

    public static string Yuan(long yuan) => yuan.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " 元";
}
