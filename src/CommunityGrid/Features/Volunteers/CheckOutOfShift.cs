using CommunityGrid.Data;

namespace CommunityGrid.Features.Volunteers;

/// <summary>签退: the volunteer leaves, at the place when the activity sets a radius.</summary>
public sealed class CheckOutOfShift(AppDbContext db, CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    public async Task<MySignUp> HandleAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (signUp, activity, shift) = await access.OwnSignUpInSightAsync(scope, shiftId, ct);
        signUp.CheckOut(activity, shift, latitude, longitude, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);
        return await queries.MineAsync(signUp, shift, ct);
    }
}
