namespace CommunityGrid.Features.Volunteers;

/// <summary>签退: the volunteer leaves, at the place when the activity sets a radius.</summary>
public sealed class CheckOutOfShift(CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    public async Task<MySignUp> HandleAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (signUp, shift) = await access.ActOnOwnSignUpAsync(await current.ScopeAsync(ct), shiftId, (s, activity, sh) => s.CheckOut(activity, sh, latitude, longitude, now), ct);
        return await queries.MineAsync(signUp, shift, ct);
    }
}
