using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.People;

/// <summary>Mainland mobile numbers as residents give them: 11 digits starting with 1.</summary>
public static class PhoneNumbers
{
    public const int MobileLength = 11;

    public static bool IsMobile(string? value) =>
        value is { Length: MobileLength } && value[0] == '1' && value.All(char.IsAsciiDigit);

    /// <summary>The trimmed number, null for none; a number that is not a mobile number is refused.</summary>
    public static string? MobileOrNone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return IsMobile(trimmed)
            ? trimmed
            : throw new InvalidInputException("phone_invalid", "手机号应为 1 开头的 11 位数字", "A mobile number has 11 digits and starts with 1.");
    }
}
