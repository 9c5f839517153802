using System.Globalization;

namespace CommunityGrid.Kernel;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving): the one place that knows the offset. The database
/// stores UTC; people read and type Beijing wall-clock time, and a "day" is a Beijing day.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The Beijing wall-clock time of a UTC instant.</summary>
    public static DateTime WallClock(DateTime utc) => utc + Offset;

    /// <summary>The Beijing date a UTC instant falls on.</summary>
    public static DateOnly Date(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The Beijing time of day of a UTC instant.</summary>
    public static TimeOnly TimeOfDay(DateTime utc) => TimeOnly.FromDateTime(utc + Offset);

    /// <summary>Midnight Beijing time of <paramref name="day"/>, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    /// <summary>Midnight Beijing time of the day <paramref name="utc"/> falls on, in UTC.</summary>
    public static DateTime DayStartUtc(DateTime utc) => StartOfDayUtc(Date(utc));

    /// <summary>A Beijing wall-clock date and time, in UTC.</summary>
    public static DateTime ToUtc(DateOnly day, TimeSpan timeOfDay) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) + timeOfDay - Offset, DateTimeKind.Utc);

    /// <summary>A time as a caller sent it, in UTC: a time without a zone is Beijing time.</summary>
    public static DateTime ToUtc(DateTime d) => d.Kind switch
    {
        DateTimeKind.Utc => d,
        DateTimeKind.Local => d.ToUniversalTime(),
        _ => DateTime.SpecifyKind(d - Offset, DateTimeKind.Utc),
    };

    /// <summary>"2026-12-01 09:30".</summary>
    public static string Format(DateTime utc) => WallClock(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"12-01 09:30".</summary>
    public static string FormatShort(DateTime utc) => WallClock(utc).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"09:30".</summary>
    public static string FormatTime(DateTime utc) => WallClock(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Value for an &lt;input type="datetime-local"&gt; in Beijing time.</summary>
    public static string LocalInput(DateTime utc) => WallClock(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
