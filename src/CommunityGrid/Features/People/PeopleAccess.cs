using CommunityGrid.Features.Accounts;

namespace CommunityGrid.Features.People;

/// <summary>Who may change the registry of residents, on top of who may read it (<see cref="Scope.KeepsRegistryOf"/>).</summary>
public static class PeopleAccess
{
    /// <summary>Admins of the area and the grid staff who visit its households register residents and record surveys.</summary>
    public static bool MayEditPeopleAt(this Scope scope, string areaPath)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Administers(areaPath) || scope.Grants.Any(g =>
            g.Role is Role.GridChief or Role.GridWorker && areaPath.StartsWith(g.AreaPath, StringComparison.Ordinal));
    }

    /// <summary>
    /// The one rule of who reads personal data unmasked, for every read of it (the resident's page,
    /// the audit log…): care tags go to those who keep the area's registry; ID numbers, phones,
    /// e-mail addresses and numbers inside free text to the roles whose work needs them
    /// (<see cref="Roles.NeedsSensitiveData"/>). Every such unmasked read is logged (<see cref="Auditing.SensitiveRead"/>).
    /// </summary>
    public static bool SeesUnmasked(this Scope scope, PersonalField field, string areaPath)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return field == PersonalField.CareTags ? scope.KeepsRegistryOf(areaPath) : scope.SeesSensitiveDataOf(areaPath);
    }

    /// <summary>Whether the caller edits residents anywhere at all (the import refuses everybody else with 404).</summary>
    public static bool EditsPeople(this Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Grants.Any(g => g.Role.Administers() || g.Role is Role.GridChief or Role.GridWorker);
    }
}
