namespace CommunityGrid.Features.Volunteers;

public sealed record LocationRequest(double? Latitude, double? Longitude);

/// <summary>签到: the volunteer arrives, at the place when the activity sets a radius.</summary>
public sealed class CheckInToShift(CurrentUser current, VolunteerAccess access, VolunteerQueries queries, TimeProvider clock)
{
    public async Task<MySignUp> HandleAsync(Guid shiftId, double? latitude, double? longitude, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (signUp, shift) = await access.ActOnOwnSignUpAsync(await current.ScopeAsync(ct), shiftId, (s, activity, sh) => s.CheckIn(activity, sh, latitude, longitude, now), ct);
        return await queries.MineAsync(signUp, shift, ct);
    }
}
