using System.Globalization;
using System.Text;

namespace CommunityGrid.Features.Programmes;

/// <summary>
/// iCalendar (RFC 5545) text of community events, so a phone calendar can import one event or subscribe to a
/// community's calendar. Times are written in UTC ("Z"), which every client converts to the phone's zone;
/// text is escaped (backslash, semicolon, comma, newline) and lines are folded at 75 octets without splitting
/// a UTF-8 character, with CRLF line ends.
/// </summary>
public static class Calendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public sealed record Entry(Guid Id, string Title, string Kind, string Description, string Place, DateTime StartsAt, DateTime EndsAt, DateTime Stamp, bool Cancelled, string Url);

    public static string Write(string name, IEnumerable<Entry> entries, string host)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//CommunityGrid//社区网格治理平台//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape(name),
            "X-WR-TIMEZONE:Asia/Shanghai",
        };
        foreach (var e in entries)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:{e.Id:D}@{host}");
            lines.Add("DTSTAMP:" + Utc(e.Stamp));
            lines.Add("DTSTART:" + Utc(e.StartsAt));
            lines.Add("DTEND:" + Utc(e.EndsAt));
            lines.Add("SUMMARY:" + Escape(e.Title));
            lines.Add("CATEGORIES:" + Escape(e.Kind));
            lines.Add("LOCATION:" + Escape(e.Place));
            if (e.Description.Length > 0)
            {
                lines.Add("DESCRIPTION:" + Escape(e.Description));
            }

            lines.Add("URL:" + e.Url);
            lines.Add("STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));
            lines.Add("END:VEVENT");
        }

        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }

        return text.ToString();
    }

    private static string Utc(DateTime utc) => utc.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Lines longer than 75 octets go on as continuation lines starting with a space (RFC 5545 §3.1).</summary>
    private static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        var i = 0;
        while (i < line.Length)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (octets + bytes > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }

            text.Append(line, i, width);
            octets += bytes;
            i += width;
        }

        text.Append("\r\n");
    }
}
