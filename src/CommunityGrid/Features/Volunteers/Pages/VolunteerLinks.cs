using CommunityGrid.Features.Accounts;

namespace CommunityGrid.Features.Volunteers.Pages;

/// <summary>Which volunteer pages a caller's links lead to: 双报到 for party members and registry keepers, publishing for organisers and admins.</summary>
public sealed record VolunteerLinks(bool Registration, bool Plan)
{
    public static readonly VolunteerLinks None = new(false, false);

    public static async Task<VolunteerLinks> ForAsync(TeamQueries teams, Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsAuthenticated)
        {
            return None;
        }

        var registration = scope.RegistryPaths.Count > 0 || await teams.MayRegisterAsync(ct) || await teams.MyRegistrationAsync(ct) is not null;
        return new VolunteerLinks(registration, await teams.MayPlanAsync(ct));
    }
}
