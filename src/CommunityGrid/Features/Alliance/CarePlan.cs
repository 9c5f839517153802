using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Alliance;

/// <summary>A community's own visit interval for one care tag; tags without a row use <see cref="CarePlan.DefaultDays"/>.</summary>
public sealed class CareVisitInterval : IAreaScoped
{
    public const int MaxDays = 365;

    private CareVisitInterval() { }

    public Guid Id { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public CareTags Tag { get; private set; }
    public int Days { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static CareVisitInterval For(string communityPath, CareTags tag, int days, DateTime now)
    {
        var interval = new CareVisitInterval { Id = Guid.CreateVersion7(), AreaPath = communityPath, Tag = tag };
        interval.Change(days, now);
        return interval;
    }

    public void Change(int days, DateTime now)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new InvalidInputException("interval_invalid", $"走访间隔应为 1–{MaxDays} 天", $"An interval is 1–{MaxDays} days.");
        }

        Days = days;
        UpdatedAt = now;
    }
}

/// <summary>How often each care tag is visited. A resident with several tags is visited as often as the most demanding one asks.</summary>
public static class CarePlan
{
    public static int DefaultDays(CareTags tag) => tag switch
    {
        CareTags.LivingAlone => 7,
        CareTags.Elderly80Plus => 14,
        CareTags.Disabled => 14,
        CareTags.LeftBehindChild => 14,
        CareTags.Hardship => 30,
        _ => 30,
    };

    public static int IntervalDays(CareTags tags, IReadOnlyDictionary<CareTags, int> custom)
    {
        ArgumentNullException.ThrowIfNull(custom);
        var split = CareTagLabels.Split(tags);
        return split.Count == 0 ? 0 : split.Min(t => custom.TryGetValue(t, out var d) ? d : DefaultDays(t));
    }

    /// <summary>Due one interval after the last visit; never visited means due now.</summary>
    public static DateTime? DueAt(DateTime? lastVisit, int intervalDays) => lastVisit?.AddDays(intervalDays);
}
