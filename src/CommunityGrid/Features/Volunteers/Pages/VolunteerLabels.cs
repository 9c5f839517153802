using System.Globalization;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Volunteers.Pages;

/// <summary>Words and times of the volunteer pages, Chinese first.</summary>
public static class VolunteerLabels
{
    public static string Type(Lang l, ActivityType t) => l?.IsChinese != false ? t.ChineseName() : t.EnglishName();

    public static string Status(Lang l, SignUpStatus s) => s switch
    {
        SignUpStatus.Confirmed => l.T("已报名", "Signed up"),
        SignUpStatus.Waiting => l.T("候补", "Waiting list"),
        _ => l.T("已取消", "Cancelled"),
    };

    /// <summary>A shift as "11-28 09:00–11:00" in Beijing time.</summary>
    public static string Span(DateTime startUtc, DateTime endUtc)
    {
        var start = BeijingTime.WallClock(startUtc);
        var end = BeijingTime.WallClock(endUtc);
        return start.Date == end.Date
            ? $"{start.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)}"
            : $"{start.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}";
    }

    /// <summary>A refusal as people read it: the Chinese message, then the English one.</summary>
    public static string Refusal(DomainRuleException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.MessageEn == e.Message ? e.Message : $"{e.Message}（{e.MessageEn}）";
    }

    /// <summary>Skills as typed in one field: separated by commas (either width), 、 or semicolons.</summary>
    public static IReadOnlyList<string> SkillList(string? typed) =>
        (typed ?? "").Split([',', '，', '、', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Level(Lang l, AreaLevel level) =>
        level == AreaLevel.Grid ? l.T("网格", "Grid") : l.T("社区", "Community");

    public static string Time(DateTime? utc) => utc is { } t ? BeijingTime.FormatTime(t) : "—";

    public static string Hours(int minutes) => (minutes / 60m).ToString("0.#", CultureInfo.InvariantCulture);

    public static string Distance(double metres) => metres < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{metres:0} m")
        : string.Create(CultureInfo.InvariantCulture, $"{metres / 1000:0.0} km");
}
