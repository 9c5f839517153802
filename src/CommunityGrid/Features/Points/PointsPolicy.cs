using CommunityGrid.Features.Volunteers;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points;

/// <summary>
/// A community's points rules: what each kind of good deed earns, how many points one person may
/// earn in a day, and whether points lapse. Communities without a row use <see cref="Defaults"/>.
/// </summary>
public sealed class PointsPolicy : IAreaScoped
{
    public const int MaxPoints = 10_000;
    public const int MaxExpiryMonths = 120;
    public const int DefaultCodeValidDays = 7;
    public const int MaxCodeValidDays = 90;

    private PointsPolicy() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public string AreaPath { get; private set; } = "";
    /// <summary>Points per verified hour, for activity types without their own rate.</summary>
    public int HourlyRate { get; private set; }
    /// <summary>Points per hour by activity type, e.g. "ElderCare=15;CleanUp=8".</summary>
    public string TypeRates { get; private set; } = "";
    public int WorkOrderAward { get; private set; }
    public int ProblemReportAward { get; private set; }
    public int WishAward { get; private set; }
    /// <summary>Most points one person may be awarded per calendar day (Beijing time); null = no cap.</summary>
    public int? DailyCap { get; private set; }
    /// <summary>Awarded points lapse after this many months; null = never.</summary>
    public int? ExpiryMonths { get; private set; }
    /// <summary>How many days a redemption code (兑换码) for this community's items stays valid.</summary>
    public int CodeValidDays { get; private set; } = DefaultCodeValidDays;
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static PointsPolicy Defaults(Guid communityId, string areaPath) => new()
    {
        Id = Guid.CreateVersion7(),
        CommunityId = communityId,
        AreaPath = areaPath,
        HourlyRate = 10,
        WorkOrderAward = 20,
        ProblemReportAward = 5,
        WishAward = 30,
        DailyCap = 200,
        CodeValidDays = DefaultCodeValidDays,
    };

    public int RateFor(ActivityType type)
    {
        foreach (var pair in TypeRates.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=');
            if (parts.Length == 2 && Enum.TryParse<ActivityType>(parts[0], out var t) && t == type && int.TryParse(parts[1], out var rate))
            {
                return rate;
            }
        }

        return HourlyRate;
    }

    /// <summary>Points for <paramref name="minutes"/> of verified service: whole points, rounded down.</summary>
    public long PointsForMinutes(ActivityType type, int minutes) => minutes <= 0 ? 0 : (long)RateFor(type) * minutes / 60;

    public void Change(PolicyChange c, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(c);
        PointsMustBeSensible(c.HourlyRate, c.WorkOrderAward, c.ProblemReportAward, c.WishAward, c.DailyCap ?? 0);
        foreach (var rate in c.TypeRates ?? new Dictionary<ActivityType, int>())
        {
            PointsMustBeSensible(rate.Value);
        }

        if (c.ExpiryMonths is < 1 or > MaxExpiryMonths)
        {
            throw new InvalidInputException("invalid_expiry", $"有效期应为 1–{MaxExpiryMonths} 个月，或不设有效期", $"Expiry must be 1–{MaxExpiryMonths} months, or none.");
        }

        if (c.CodeValidDays is < 1 or > MaxCodeValidDays)
        {
            throw new InvalidInputException("invalid_code_validity", $"兑换码有效期应为 1–{MaxCodeValidDays} 天", $"A code must stay valid for 1–{MaxCodeValidDays} days.");
        }

        HourlyRate = c.HourlyRate;
        TypeRates = string.Join(';', (c.TypeRates ?? new Dictionary<ActivityType, int>()).OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"));
        WorkOrderAward = c.WorkOrderAward;
        ProblemReportAward = c.ProblemReportAward;
        WishAward = c.WishAward;
        DailyCap = c.DailyCap;
        ExpiryMonths = c.ExpiryMonths;
        CodeValidDays = c.CodeValidDays;
        UpdatedAt = now;
        Version++;
    }

    private static void PointsMustBeSensible(params int[] values)
    {
        if (values.Any(v => v is < 0 or > MaxPoints))
        {
            throw new InvalidInputException("invalid_points", $"积分应在 0–{MaxPoints} 之间", $"Points must be between 0 and {MaxPoints}.");
        }
    }
}

public sealed record PolicyChange(int HourlyRate, IReadOnlyDictionary<ActivityType, int>? TypeRates, int WorkOrderAward, int ProblemReportAward, int WishAward, int? DailyCap, int? ExpiryMonths,
    int CodeValidDays = PointsPolicy.DefaultCodeValidDays);
