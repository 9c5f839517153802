using System.Globalization;
using System.Text;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.People.Import;

/// <summary>
/// The text of a cell as people paste it into a spreadsheet, made plain before any rule looks at it:
/// invisible characters (zero-width spaces, byte-order marks, direction marks, soft hyphens — Unicode
/// format characters) and control characters go, every kind of space becomes one plain space, and codes
/// (ID numbers, phones, house codes, dates) are folded from full-width to ASCII.
/// </summary>
public static class CellText
{
    /// <summary>Excel's and LibreOffice's error values, as a formula shows them.</summary>
    public static readonly IReadOnlyList<string> ExcelErrors =
        ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"];

    /// <summary>Names and addresses: invisible characters removed, spaces plain and single, trimmed, composed (NFC).</summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                space = result.Length > 0;
                continue;
            }

            if (InputRules.IsInvisible(rune) || InputRules.IsNoncharacter(rune) || category is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse || rune.Value is 0xFFFD)
            {
                // Invisible (a zero-width space in a name would make it unfindable by search), or not text at all.
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(rune.ToString());
        }

        return result.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Codes typed or pasted in any width: <see cref="Plain"/>, then full-width digits and letters folded to
    /// ASCII (NFKC), and the spaces and hyphens people put between digit groups removed.
    /// </summary>
    public static string Code(string? text)
    {
        var folded = Folded(text);
        var result = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is not ' ' and not '-' and not '‐' and not '‑' and not '–' and not '—' and not '－')
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary><see cref="Plain"/> with full-width letters, digits and punctuation folded to ASCII (NFKC).</summary>
    public static string Folded(string? text) => Plain(text).Normalize(NormalizationForm.FormKC);

    /// <summary>A mobile number as written, with a +86/0086 country prefix dropped.</summary>
    public static string Phone(string? text)
    {
        var code = Code(text);
        foreach (var prefix in (string[])["+86", "0086", "86"])
        {
            if (code.Length == prefix.Length + PhoneNumbers.MobileLength && code.StartsWith(prefix, StringComparison.Ordinal))
            {
                return code[prefix.Length..];
            }
        }

        return code;
    }

    /// <summary>An ISO-style date typed with other separators (1980/05/01, 1980.05.01, １９８０－０５－０１) in the yyyy-MM-dd form.</summary>
    public static string Date(string? text) =>
        Folded(text).Replace('/', '-').Replace('.', '-').Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Whether the text is one of the error values a formula shows (typed, pasted or cached as text).</summary>
    public static bool IsExcelError(string? text)
    {
        var plain = Plain(text).ToUpperInvariant();
        return ExcelErrors.Contains(plain, StringComparer.Ordinal)
            || (plain.StartsWith("ERR:", StringComparison.Ordinal) && plain.Length == 7 && plain[4..].All(char.IsAsciiDigit));
    }
}
