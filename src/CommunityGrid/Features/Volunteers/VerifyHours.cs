using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.Volunteers;

public sealed record VerifyRequest([property: Range(0, 720)] int? Minutes);

/// <summary>核定时长: the organiser confirms the minutes served and the points are paid once.</summary>
public sealed class VerifyHours(HoursOfService hours, TimeProvider clock)
{
    /// <summary>核定时长 and pay the points for it, once: the sign-up's version guards against a second verifier.</summary>
    public Task<RosterEntry> HandleAsync(Guid signUpId, int? minutes, CancellationToken ct = default) =>
        hours.OrganiseAsync(signUpId, async (signUp, activity, shift, scope) =>
        {
            var record = signUp.Verify(shift, minutes, scope.UserId!, VolunteerAccess.NameOf(scope), clock.GetUtcNow().UtcDateTime);
            await hours.SaveAsync(ct);
            await hours.PayAsync(signUp, activity, record, ct);
        }, ct);
}
