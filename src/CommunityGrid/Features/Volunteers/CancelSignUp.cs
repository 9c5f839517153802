using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

/// <summary>取消报名: a confirmed place passes to the first in line.</summary>
public sealed class CancelSignUp(AppDbContext db, CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    /// <summary>取消报名: a confirmed place passes to the first in line.</summary>
    public async Task<MySignUp> HandleAsync(Guid shiftId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var personId = VolunteerAccess.PersonOf(scope);
        var (_, shift) = await access.ShiftInSightAsync(scope, shiftId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ActivityShifts.Where(s => s.Id == shiftId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Sequence, x => x.Sequence), ct);
        var signUp = await access.OwnSignUpAsync(shiftId, personId, ct);
        var heldAPlace = signUp.Status == SignUpStatus.Confirmed;
        signUp.Cancel(clock.GetUtcNow().UtcDateTime);
        if (heldAPlace)
        {
            var next = await db.SignUps.Where(s => s.ShiftId == shiftId && s.Status == SignUpStatus.Waiting).OrderBy(s => s.QueueNumber).FirstOrDefaultAsync(ct);
            next?.Promote();
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await queries.MineAsync(signUp, shift, ct);
    }
}
