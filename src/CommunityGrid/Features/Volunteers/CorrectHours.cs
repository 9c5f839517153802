using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Points;

namespace CommunityGrid.Features.Volunteers;

public sealed record CorrectRequest([property: Range(0, 720)] int Minutes, [property: MaxLength(SignUp.ReasonMaxLength)] string? Reason);

/// <summary>更正时长 with a reason: the earlier award is reversed and the corrected minutes are paid.</summary>
public sealed class CorrectHours(HoursOfService hours, PointsLedger ledger, TimeProvider clock)
{
    /// <summary>
    /// 更正时长 with a reason. Once points were paid, the earlier award is reversed and the corrected
    /// minutes are paid under the next source ("id#2", …), all in one transaction: the volunteer
    /// ends up holding exactly what the corrected minutes earn, and each payment stays traceable.
    /// </summary>
    public Task<RosterEntry> HandleAsync(Guid signUpId, int minutes, string? reason, CancellationToken ct = default) =>
        hours.OrganiseAsync(signUpId, async (signUp, activity, shift, scope) =>
        {
            var earlierRef = SignUp.AwardSourceRef(signUp.Id, signUp.AwardRound);
            var record = signUp.Correct(shift, minutes, reason, scope.UserId!, VolunteerAccess.NameOf(scope), clock.GetUtcNow().UtcDateTime);
            await hours.SaveAsync(ct);
            if (await ledger.ForSourceAsync(TransferSource.VolunteerHours, earlierRef, ct) is { } earlier)
            {
                await ledger.ReverseAsync(earlier.Id, $"志愿时长更正：{record.Reason}", ct);
            }

            await hours.PayAsync(signUp, activity, record, ct);
        }, ct);
}
