using System.Text;
using System.Text.RegularExpressions;

namespace CommunityGrid.Features.People;

/// <summary>
/// Masks the personal numbers and addresses people type into free text before the text is shown to
/// readers who may not see them (the public Open311 feed, the wish wall, the audit log): mobile and
/// landline numbers (with +86/0086, spaces, dashes, dots, full-width digits), 18-character ID numbers
/// (also spaced, with X) and e-mail addresses. Words stay as written.
/// </summary>
public static partial class SensitiveText
{
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var masked = IdNumber().Replace(text, m => IdNumbers.Mask(Digits(m.Value))!);
        masked = Mobile().Replace(masked, m => IdNumbers.MaskPhone(Digits(m.Groups["number"].Value))!);
        masked = Landline().Replace(masked, m => IdNumbers.MaskPhone(Digits(m.Value))!);
        return Email().Replace(masked, m => MaskEmail(m.Value));
    }

    /// <summary>z***@example.com: the first character of the mailbox and the domain stay.</summary>
    public static string MaskEmail(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOfAny(['@', '＠']);
        return at <= 0 ? PersonalData.Hidden : string.Concat(value.AsSpan(0, 1), "***", value.AsSpan(at));
    }

    /// <summary>The digits (full-width ones made ASCII) and a final X of a matched number, separators dropped.</summary>
    private static string Digits(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsDigit(c))
            {
                sb.Append((char)('0' + (int)char.GetNumericValue(c)));
            }
            else if (c is 'X' or 'x' or 'Ｘ' or 'ｘ')
            {
                sb.Append('X');
            }
        }

        return sb.ToString();
    }

    // A separator people put between digit groups: space (also full-width and no-break), dash, dot.
    private const string Sep = @"[\s\u00A0\u3000\-‐‑–—－.．]?";

    [GeneratedRegex(@"(?<!\d)\d(?:" + Sep + @"\d){16}" + Sep + @"[\dXxＸｘ](?![\dA-Za-zＡ-Ｚａ-ｚ])")]
    private static partial Regex IdNumber();

    /// <summary>A mainland mobile number, optionally after +86, 0086 or 86 (also full-width).</summary>
    [GeneratedRegex(@"(?<![\d+＋])(?:(?:[+＋]|0{2}|０{2})?(?:86|８６)" + Sep + @")?(?<number>[1１]" + Sep + @"[3-9３-９](?:" + Sep + @"\d){9})(?!\d)")]
    private static partial Regex Mobile();

    /// <summary>A landline with its area code: 0471-6543210, 010 12345678, (0471)6543210.</summary>
    [GeneratedRegex(@"(?<!\d)[(（]?0\d{2,3}[)）]?" + Sep + @"\d{3,4}" + Sep + @"\d{4}(?!\d)")]
    private static partial Regex Landline();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:[.．][A-Za-z0-9\-]+)+")]
    private static partial Regex Email();
}
