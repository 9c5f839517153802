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

    /// <summary>"2026年12月1日": a date as Chinese readers write it (pages show dates this way, never MM/DD/YYYY).</summary>
    public static string ChineseDate(DateOnly day) => $"{day.Year}年{day.Month}月{day.Day}日";

    /// <summary>"2026年12月1日" of a stored UTC time, in Beijing.</summary>
    public static string ChineseDate(DateTime utc) => ChineseDate(Date(utc));

    /// <summary>"1 Dec 2026": the English page's date.</summary>
    public static string EnglishDate(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Value for an &lt;input type="date"&gt; (ISO, which the browser shows in the page's language).</summary>
    public static string DateInput(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A time near <paramref name="nowUtc"/> as a worklist reads it: "今天 14:30", "明天 09:00", "昨天 18:00", "12月3日 10:00"
    /// within the year, else "2025-12-03 10:00".
    /// </summary>
    public static string Near(DateTime utc, DateTime nowUtc)
    {
        var day = Date(utc);
        var today = Date(nowUtc);
        var time = FormatTime(utc);
        return (day.DayNumber - today.DayNumber) switch
        {
            0 => $"今天 {time}",
            1 => $"明天 {time}",
            -1 => $"昨天 {time}",
            _ when day.Year == today.Year => $"{day.Month}月{day.Day}日 {time}",
            _ => Format(utc),
        };
    }
}
