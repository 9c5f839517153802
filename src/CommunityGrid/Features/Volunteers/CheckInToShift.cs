using CommunityGrid.Data;

namespace CommunityGrid.Features.Volunteers;

public sealed record LocationRequest(double? Latitude, double? Longitude);

/// <summary>签到: the volunteer arrives, at the place when the activity sets a radius.</summary>
public sealed class CheckInToShift(AppDbContext db, CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    public async Task<MySignUp> HandleAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (signUp, activity, shift) = await access.OwnSignUpInSightAsync(scope, shiftId, ct);
        signUp.CheckIn(activity, shift, latitude, longitude, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);
        return await queries.MineAsync(signUp, shift, ct);
    }
}
