using CommunityGrid.Features.Accounts;

namespace CommunityGrid.Features.Volunteers.Pages;

/// <summary>Which volunteer pages a caller's links lead to: 双报到 for party members and registry keepers, publishing for organisers and admins.</summary>
public sealed record VolunteerLinks(bool Registration, bool Plan)
{
    public static readonly VolunteerLinks None = new(false, false);

    public static async Task<VolunteerLinks> ForAsync(VolunteerDesk desk, Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(desk);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsAuthenticated)
        {
            return None;
        }

        var registration = scope.RegistryPaths.Count > 0 || await desk.MayRegisterAsync(ct) || await desk.MyRegistrationAsync(ct) is not null;
        return new VolunteerLinks(registration, await desk.MayPlanAsync(ct));
    }
}
