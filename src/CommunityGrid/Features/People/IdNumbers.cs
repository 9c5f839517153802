namespace CommunityGrid.Features.People;

/// <summary>Rules of the 18-character resident ID number (GB 11643-1999) and how it is masked.</summary>
public static class IdNumbers
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static bool IsValid(string value)
    {
        if (value is null || value.Length != Person.IdNumberLength)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            sum += (value[i] - '0') * Weights[i];
        }

        return char.ToUpperInvariant(value[17]) == CheckChars[sum % 11];
    }

    /// <summary>Builds a valid number from its first 17 digits (used by the demo generator and tests).</summary>
    public static string WithCheckDigit(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return first17 + CheckChars[sum % 11];
    }

    /// <summary>The birth date written in digits 7–14 of a valid number; null when those digits are no date.</summary>
    public static DateOnly? BirthDateOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == Person.IdNumberLength
            && DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>Keeps the first 6 and last 4 characters: 150105********123X.</summary>
    public static string? Mask(string? value) =>
        value is null ? null : value.Length <= 10 ? new string('*', value.Length) : value[..6] + new string('*', value.Length - 10) + value[^4..];

    /// <summary>Keeps the first 3 and last 4 digits: 138****5678.</summary>
    public static string? MaskPhone(string? value) =>
        value is null ? null : value.Length <= 7 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];
}
