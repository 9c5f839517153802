using System.Globalization;

namespace CommunityGrid.Kernel;

/// <summary>How a time limit is counted.</summary>
public enum TimeLimitUnit
{
    /// <summary>Clock hours, day and night (acceptance, emergencies, utilities).</summary>
    Hours = 1,
    /// <summary>Working days: weekends and public holidays skipped, make-up working days (调休) counted.</summary>
    WorkingDays = 2,
}

public readonly record struct TimeLimit(int Value, TimeLimitUnit Unit)
{
    public override string ToString() => Unit == TimeLimitUnit.Hours ? $"{Value} 小时" : $"{Value} 个工作日";
}

/// <summary>
/// The working-day calendar: Saturdays and Sundays are rest days, except make-up working days;
/// public holidays are rest days. Lists come from configuration (WorkCalendar:Holidays,
/// WorkCalendar:WorkingWeekends) with China's 2026 arrangement as the default. Times are in
/// China Standard Time (UTC+8, no daylight saving): a "day" is a Beijing day.
/// </summary>
public sealed class WorkCalendar
{
    // 国务院办公厅关于2026年部分节假日安排的通知 (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆).
    public static readonly string[] China2026Holidays =
    [
        "2026-01-01", "2026-01-02", "2026-01-03",
        "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
        "2026-04-04", "2026-04-05", "2026-04-06",
        "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
        "2026-06-19", "2026-06-20", "2026-06-21",
        "2026-09-25", "2026-09-26", "2026-09-27",
        "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
    ];

    public static readonly string[] China2026WorkingWeekends = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];

    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> workingWeekends;

    public WorkCalendar(IEnumerable<string>? holidays = null, IEnumerable<string>? workingWeekends = null)
    {
        this.holidays = [.. (holidays ?? China2026Holidays).Select(Parse)];
        this.workingWeekends = [.. (workingWeekends ?? China2026WorkingWeekends).Select(Parse)];
    }

    public static WorkCalendar From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var h = configuration.GetSection("WorkCalendar:Holidays").Get<string[]>();
        var w = configuration.GetSection("WorkCalendar:WorkingWeekends").Get<string[]>();
        return new WorkCalendar(h is { Length: > 0 } ? h : null, w is { Length: > 0 } ? w : null);
    }

    public bool IsWorkingDay(DateOnly day) =>
        workingWeekends.Contains(day) || (!holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The deadline of a limit started at <paramref name="startUtc"/>.</summary>
    public DateTime Deadline(DateTime startUtc, TimeLimit limit)
    {
        if (limit.Unit == TimeLimitUnit.Hours)
        {
            return startUtc.AddHours(limit.Value);
        }

        // N working days later, at the same Beijing time of day; a start on a rest day counts from the next working day's start.
        var local = BeijingTime.WallClock(startUtc);
        var day = DateOnly.FromDateTime(local);
        var time = local.TimeOfDay;
        if (!IsWorkingDay(day))
        {
            time = TimeSpan.Zero;
        }

        var added = 0;
        while (added < limit.Value)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                added++;
            }
        }

        return BeijingTime.ToUtc(day, time);
    }

    private static DateOnly Parse(string s) => DateOnly.ParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
