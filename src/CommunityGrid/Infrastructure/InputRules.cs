using System.Text;
using System.Text.Json;

namespace CommunityGrid.Infrastructure;

public enum CoordinateKind
{
    Latitude,
    Longitude,
}

/// <summary>How a text field may look: one line (names, codes, phones, addresses) or free text (notes, descriptions).</summary>
public enum TextKind
{
    SingleLine,
    MultiLine,

    /// <summary>Passwords and secrets: characters are checked, nothing is trimmed or rewritten.</summary>
    Verbatim,
}

/// <summary>
/// The one set of rules for every string, number and date that enters the app — JSON bodies,
/// forms, query strings and imports all pass through here (see <see cref="InputJson"/> and
/// <see cref="InputMiddleware"/>), so a new endpoint cannot forget them.
/// </summary>
/// <remarks>
/// Strings: NUL, C0 and C1 control characters and lone surrogates are refused (free text keeps
/// tab, line feed and carriage return); zero-width characters and the byte-order mark are removed;
/// the result is trimmed and brought to Unicode NFC. A string is single-line when its declared
/// maximum length is at most <see cref="SingleLineMaxLength"/>, free text above it.
/// </remarks>
public static class InputRules
{
    /// <summary>Declared lengths up to this are single-line fields (names, codes, titles, addresses).</summary>
    public const int SingleLineMaxLength = 200;

    /// <summary>A string member with no declared maximum length is held to this.</summary>
    public const int DefaultMaxLength = 4000;

    /// <summary>Any number that enters is finite and within this magnitude; nothing in the domain is larger.</summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>Instants (deadlines, shifts, periods) lie in this range of years.</summary>
    public const int MinYear = 2000;

    public const int MaxYear = 2100;

    /// <summary>Calendar dates may be birth dates, so they start earlier.</summary>
    public const int MinDateYear = 1900;

    public static readonly DateTime MinInstant = new(MinYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime MaxInstant = new(MaxYear, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    /// <summary>The normalised string, or an <see cref="InputRefusedException"/> naming <paramref name="field"/>.</summary>
    public static string Text(string value, string field, TextKind kind, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? cleaned = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                if (IsNoncharacter(new Rune(c, value[i + 1])))
                {
                    throw InvalidCharacters(field);
                }

                if (kind != TextKind.Verbatim && IsInvisible(new Rune(c, value[i + 1])))
                {
                    cleaned ??= new StringBuilder(value, 0, i, value.Length);
                }
                else
                {
                    cleaned?.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsNoncharacter(new Rune(c)))
            {
                throw InvalidCharacters(field);
            }

            if (IsControl(c) && !(kind != TextKind.SingleLine && c is '\t' or '\n' or '\r'))
            {
                throw InvalidCharacters(field);
            }

            if (kind != TextKind.Verbatim && IsInvisible(new Rune(c)))
            {
                cleaned ??= new StringBuilder(value, 0, i, value.Length);
                continue;
            }

            cleaned?.Append(c);
        }

        var result = cleaned?.ToString() ?? value;
        if (kind != TextKind.Verbatim)
        {
            result = result.Trim();
            if (!result.IsNormalized(NormalizationForm.FormC))
            {
                result = result.Normalize(NormalizationForm.FormC);
            }
        }

        if (result.Length > maxLength)
        {
            throw new InputRefusedException(
                "too_long", field, $"超过 {maxLength} 个字符", $"longer than {maxLength} characters.");
        }

        return result;
    }

    public static double Number(double value, string field) =>
        double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude
            ? value
            : throw new InputRefusedException("number_out_of_range", field, "不是范围内的有效数值", "not a finite number in range.");

    /// <summary>Every place this app knows lies in China: latitude 3.8–53.6° N, longitude 73.5–135.1° E (WGS-84).</summary>
    public const double MinLatitude = 3.8, MaxLatitude = 53.6, MinLongitude = 73.5, MaxLongitude = 135.1;

    public static double Coordinate(double value, CoordinateKind kind, string field) =>
        kind == CoordinateKind.Latitude ? (value is >= MinLatitude and <= MaxLatitude ? value : throw PointOutside(field))
            : value is >= MinLongitude and <= MaxLongitude ? value : throw PointOutside(field);

    private static InputRefusedException PointOutside(string field) => new(
        "point_out_of_range", field, "经纬度超出范围（须在中国境内）", "latitude or longitude out of range (the point must lie in China).");

    public static DateTime Instant(DateTime value, string field) =>
        value.Year is >= MinYear and <= MaxYear
            ? value
            : throw DateOutOfRange(field, MinYear);

    public static DateOnly Date(DateOnly value, string field) =>
        value.Year is >= MinDateYear and <= MaxYear
            ? value
            : throw DateOutOfRange(field, MinDateYear);

    private static InputRefusedException DateOutOfRange(string field, int from) => new(
        "date_out_of_range", field, $"须在 {from} 至 {MaxYear} 年之间", $"must lie between the years {from} and {MaxYear}.");

    public static InputRefusedException InvalidCharacters(string field) => new(
        "invalid_characters", field, "含有不允许的字符（控制字符或无效编码）", "holds characters that are not allowed (control characters or invalid encoding).");

    private static bool IsControl(char c) => c < 0x20 || c is >= '\u007F' and <= '\u009F';

    /// <summary>
    /// Unicode's 66 noncharacters (U+FDD0–U+FDEF and the last two code points of every plane): reserved for a
    /// program's internal use, never text, and U+FFFE makes normalisation throw.
    /// </summary>
    public static bool IsNoncharacter(Rune rune) => rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;

    /// <summary>
    /// The one definition of an invisible character, for API input and imported cells alike: every Unicode
    /// format character (zero-width spaces and joiners, direction marks, embeddings, overrides and isolates,
    /// the word joiner and invisible operators, the BOM, the soft hyphen, tag characters) and the Hangul
    /// fillers that draw as blank letters. They show nothing, break search and can reorder what a reader sees.
    /// </summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0;

    /// <summary>A JSON path or form key as people read it: "$.changes[0].reason" → "changes[0].reason".</summary>
    public static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>
/// An input value broke <see cref="InputRules"/>: 400 with <see cref="Code"/> and the <see cref="Field"/>.
/// A <see cref="JsonException"/> so that a converter may throw it and the serializer adds the path.
/// </summary>
public sealed class InputRefusedException(string code, string field, string message, string messageEn) : JsonException(message)
{
    public string Code { get; } = code;

    public string Field { get; } = field;

    public string MessageEn { get; } = messageEn;
}
