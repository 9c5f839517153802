using System.Diagnostics.CodeAnalysis;

namespace CommunityGrid.Features.People;

/// <summary>Kinds of personal data that are masked for readers whose role does not need them (<see cref="PeopleAccess.SeesUnmasked"/>).</summary>
public enum PersonalField
{
    IdNumber = 1,
    Phone = 2,
    Email = 3,
    CareTags = 4,
    /// <summary>Free text someone typed: the numbers and addresses in it are masked, the words kept.</summary>
    Text = 5,
}

/// <summary>How each kind of personal data looks masked — one place for every read that masks it.</summary>
public static class PersonalData
{
    /// <summary>What stands in for a value that is hidden whole (care tags, secrets).</summary>
    public const string Hidden = "***";

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Mask(PersonalField field, string? value) => value is null ? null : field switch
    {
        PersonalField.IdNumber => IdNumbers.Mask(value),
        PersonalField.Phone => IdNumbers.MaskPhone(value),
        PersonalField.Email => SensitiveText.MaskEmail(value),
        PersonalField.Text => SensitiveText.Mask(value),
        _ => Hidden,
    };

    /// <summary>The name a field has in the sensitive-read log (idNumber, phone, email, careTags, text).</summary>
    public static string LogName(PersonalField field) => field switch
    {
        PersonalField.IdNumber => "idNumber",
        PersonalField.Phone => "phone",
        PersonalField.Email => "email",
        PersonalField.CareTags => "careTags",
        _ => "text",
    };
}
