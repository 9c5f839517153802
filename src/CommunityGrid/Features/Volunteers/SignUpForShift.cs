using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

/// <summary>报名: a place if one is free, else the back of the waiting list.</summary>
public sealed class SignUpForShift(AppDbContext db, CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    /// <summary>报名: a place if one is free, else the back of the waiting list.</summary>
    public async Task<MySignUp> HandleAsync(Guid shiftId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var personId = VolunteerAccess.PersonOf(scope);
        var (activity, _) = await access.ShiftInSightAsync(scope, shiftId, ct);
        var personName = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Raising the shift's sequence locks its row: sign-ups to one shift take turns, so the count below is exact.
        await db.ActivityShifts.Where(s => s.Id == shiftId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Sequence, x => x.Sequence + 1), ct);
        var shift = await db.ActivityShifts.AsNoTracking().SingleAsync(s => s.Id == shiftId, ct);
        var confirmed = await db.SignUps.CountAsync(s => s.ShiftId == shiftId && s.Status == SignUpStatus.Confirmed, ct);
        var placeFree = confirmed < shift.Capacity;
        var existing = await db.SignUps.SingleOrDefaultAsync(s => s.ShiftId == shiftId && s.PersonId == personId, ct);
        if (existing is null)
        {
            existing = SignUp.Join(activity, shift, personId, personName, shift.Sequence, placeFree, clock.GetUtcNow().UtcDateTime);
            db.SignUps.Add(existing);
        }
        else
        {
            existing.Rejoin(shift, shift.Sequence, placeFree, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await queries.MineAsync(existing, shift, ct);
    }
}
