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

    /// <summary>Whether the caller edits residents anywhere at all (the import refuses everybody else with 404).</summary>
    public static bool EditsPeople(this Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Grants.Any(g => g.Role.Administers() || g.Role is Role.GridChief or Role.GridWorker);
    }
}
