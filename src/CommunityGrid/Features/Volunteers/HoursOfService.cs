using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

/// <summary>What verifying and correcting hours share: the organiser's right over the sign-up, one transaction, and the payment through the points ledger.</summary>
public sealed class HoursOfService(AppDbContext db, CurrentUser current, VolunteerAccess access, VolunteerQueries queries, PointsLedger ledger)
{
    public async Task PayAsync(SignUp signUp, VolunteerActivity activity, HoursRecord record, CancellationToken ct)
    {
        var policy = await ledger.PolicyAsync(activity.AreaPath, ct);
        var points = policy.PointsForMinutes(activity.Type, record.ToMinutes);
        long granted = 0;
        if (points > 0)
        {
            var account = await ledger.PersonAccountAsync(signUp.PersonId, ct);
            var result = await ledger.AwardAsync(new Award(TransferSource.VolunteerHours, record.SourceRef, activity.AreaPath, account.Id, points,
                $"志愿服务：{activity.Title}（{record.ToMinutes} 分钟）"), ct);
            granted = result.Granted;
        }

        record.Paid(granted);
        signUp.RecordAward(granted);
        db.HoursRecords.Add(record);
        await db.SaveChangesAsync(ct);
    }

    public async Task<RosterEntry> OrganiseAsync(Guid signUpId, Func<SignUp, VolunteerActivity, ActivityShift, Scope, Task> act, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var activityId = await db.SignUps.AsNoTracking().Where(s => s.Id == signUpId).Select(s => (Guid?)s.ActivityId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("sign-up");
        var activity = await access.VisibleActivityAsync(scope, activityId, ct);
        if (!await access.IsOrganiserAsync(scope, activity, ct))
        {
            throw VolunteerAccess.NotOrganiser();
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var signUp = await db.SignUps.SingleAsync(s => s.Id == signUpId, ct);
            if (signUp.PersonId == scope.PersonId)
            {
                throw new DomainRuleException("cannot_verify_own_hours", "不能核定自己的服务时长", "You cannot verify your own hours.");
            }

            await act(signUp, activity, activity.Shifts.Single(s => s.Id == signUp.ShiftId), scope);
            await tx.CommitAsync(ct);
        }

        return (await queries.RosterAsync(activityId, ct)).Single(r => r.Id == signUpId);
    }


    /// <summary>Saves what the organiser's action changed, inside the transaction <see cref="OrganiseAsync"/> holds.</summary>
    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
}
