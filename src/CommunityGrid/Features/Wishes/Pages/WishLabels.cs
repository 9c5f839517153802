using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Wishes.Pages;

public static class WishLabels
{
    public static string Status(Lang l, WishStatus s)
    {
        ArgumentNullException.ThrowIfNull(l);
        return s switch
        {
            WishStatus.AwaitingReview => l.T("待审核", "Awaiting review"),
            WishStatus.Rejected => l.T("未通过", "Rejected"),
            WishStatus.Published => l.T("待认领", "Waiting for a claimer"),
            WishStatus.Claimed => l.T("已认领", "Claimed"),
            WishStatus.Fulfilled => l.T("已实现，待确认", "Fulfilled, to confirm"),
            WishStatus.Confirmed => l.T("已圆梦", "Came true"),
            _ => s.ToString(),
        };
    }

    public static string StatusClass(WishStatus s) => s switch
    {
        WishStatus.Confirmed => "badge st-done",
        WishStatus.Rejected => "badge muted",
        _ => "badge st-open",
    };

    public static string Group(Lang l, WisherGroup g)
    {
        ArgumentNullException.ThrowIfNull(l);
        return g switch
        {
            WisherGroup.Rider => l.T("骑手", "Rider"),
            WisherGroup.Child => l.T("儿童", "Child"),
            WisherGroup.Elderly => l.T("老人", "Elderly"),
            _ => l.T("居民", "Resident"),
        };
    }
}
