using System.Text.Json.Nodes;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.Open311;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Features.Auditing;

/// <summary>
/// Which recorded fields are secret or personal. Secrets (password hashes, keys, webhook secrets,
/// redemption codes) are never written into the log — a marker shows that one changed. Personal data
/// is written as it was and masked when read, by the same rule as every other read of it
/// (<see cref="PeopleAccess.SeesUnmasked"/>); an unmasked read is logged.
/// A test walks the model so that a new phone, ID number, e-mail or secret column cannot be missed here.
/// </summary>
public static class AuditFields
{
    /// <summary>What a secret value is recorded as.</summary>
    public const string Hidden = PersonalData.Hidden;

    private static readonly HashSet<(string Entity, string Property)> Secrets =
    [
        (nameof(AppUser), nameof(AppUser.PasswordHash)),
        (nameof(AppUser), nameof(AppUser.SecurityStamp)),
        (nameof(AppUser), nameof(AppUser.ConcurrencyStamp)),
        (nameof(Open311Client), nameof(Open311Client.KeyHash)),
        (nameof(Open311Submission), nameof(Open311Submission.Token)),
        (nameof(WebhookSubscription), nameof(WebhookSubscription.Secret)),
        (nameof(Redemption), nameof(Redemption.Code)),
        ("IdentityUserToken`1", "Value"),
        ("IdentityUserLogin`1", "ProviderKey"),
        ("IdentityUserClaim`1", "ClaimValue"),
    ];

    private static readonly Dictionary<(string Entity, string Property), PersonalField> Personal = new()
    {
        [(nameof(Person), nameof(Person.IdNumber))] = PersonalField.IdNumber,
        [(nameof(Person), nameof(Person.Phone))] = PersonalField.Phone,
        [(nameof(Person), nameof(Person.CareTags))] = PersonalField.CareTags,
        [(nameof(CareTagRecord), nameof(CareTagRecord.Before))] = PersonalField.CareTags,
        [(nameof(CareTagRecord), nameof(CareTagRecord.After))] = PersonalField.CareTags,
        [(nameof(CareTagRecord), nameof(CareTagRecord.Reason))] = PersonalField.CareTags,
        [(nameof(HouseholdSurvey), nameof(HouseholdSurvey.Note))] = PersonalField.Text,
        [(nameof(AppUser), nameof(AppUser.PhoneNumber))] = PersonalField.Phone,
        [(nameof(AppUser), nameof(AppUser.Email))] = PersonalField.Email,
        [(nameof(AppUser), nameof(AppUser.NormalizedEmail))] = PersonalField.Email,
        [(nameof(Organisation), nameof(Organisation.ContactPhone))] = PersonalField.Phone,
        [(nameof(WorkOrder), nameof(WorkOrder.RequesterPhone))] = PersonalField.Phone,
        [(nameof(WorkOrderFollower), nameof(WorkOrderFollower.Phone))] = PersonalField.Phone,
        [(nameof(Open311Submission), nameof(Open311Submission.Email))] = PersonalField.Email,
        [(nameof(OutboxMessage), nameof(OutboxMessage.Recipient))] = PersonalField.Text,
        [(nameof(OutboxMessage), nameof(OutboxMessage.Payload))] = PersonalField.Text,
        [(nameof(CareVisit), nameof(CareVisit.Note))] = PersonalField.Text,
        [(nameof(CareVisit), nameof(CareVisit.Findings))] = PersonalField.Text,
        // Complaints waiting for a person, and the examples kept from them: written by residents, numbers inside.
        [("ManualTriage", "RequesterPhone")] = PersonalField.Phone,
        [("ManualTriage", "Text")] = PersonalField.Text,
        [("TriageCorrection", "Text")] = PersonalField.Text,
    };

    public static bool IsSecret(string entityType, string property) => Secrets.Contains((entityType, property));

    public static PersonalField? PersonalFieldOf(string entityType, string property) =>
        Personal.TryGetValue((entityType, property), out var field) ? field : null;

    /// <summary>Whether a field is classified here (secret or personal), for the test that walks the model.</summary>
    public static bool IsClassified(string entityType, string property) => IsSecret(entityType, property) || PersonalFieldOf(entityType, property) is not null;

    /// <summary>
    /// A recorded before/after as <paramref name="scope"/> may read it: secrets hidden (also in rows
    /// written before they were kept out), personal data masked unless the rule lets the reader see it
    /// for the record's area. <paramref name="unmasked"/> collects the personal fields left unmasked.
    /// </summary>
    public static string? ForReader(string? json, string entityType, string areaPath, Scope scope, ISet<string> unmasked)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(unmasked);
        if (string.IsNullOrEmpty(json) || JsonNode.Parse(json) is not JsonObject values)
        {
            return json;
        }

        var changed = false;
        foreach (var (name, value) in values.ToList())
        {
            if (value is null)
            {
                continue;
            }

            if (IsSecret(entityType, name))
            {
                values[name] = Hidden;
                changed = true;
            }
            else if (PersonalFieldOf(entityType, name) is { } field)
            {
                var text = value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                var masked = PersonalData.Mask(field, text);
                // Nothing to hide: no care tags (0), text without numbers in it.
                if (string.Equals(masked, text, StringComparison.Ordinal) || (field == PersonalField.CareTags && text is "0" or "None" or ""))
                {
                    continue;
                }

                if (scope.SeesUnmasked(field, areaPath))
                {
                    unmasked.Add(PersonalData.LogName(field));
                }
                else
                {
                    values[name] = masked;
                    changed = true;
                }
            }
        }

        return changed ? values.ToJsonString() : json;
    }
}
