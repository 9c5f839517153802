using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Stations;

public sealed record CheckInView(Guid Id, Guid StationId, string StationName, DateTime At, int CheckInsToday);

/// <summary>驿站签到: a rider checks in; again at the same station within the gap is refused (checked_in_recently).</summary>
public sealed class CheckInAtStation(AppDbContext db, CurrentUser current, TimeProvider clock, IOptions<StationOptions> options)
{
    /// <summary>
    /// Why the caller may not check in at a station now, or null when they may: riders only, and once per
    /// station per gap (<paramref name="recentCheckIn"/>: their latest check-in there within the gap). The
    /// check-in enforces it and the pages ask it before they offer 到站签到.
    /// </summary>
    public static DomainRuleException? Refusal(Scope scope, DateTime? recentCheckIn, int gapMinutes)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.Has(Role.Rider))
        {
            return new DomainRuleException("riders_only", "驿站签到仅限骑手（红蜂团）", "Check-in is for riders.");
        }

        return recentCheckIn is not null
            ? new DomainRuleException("checked_in_recently", $"{gapMinutes} 分钟内已在本驿站签到过", $"You checked in here within the last {gapMinutes} minutes.")
            : null;
    }

    public async Task<CheckInView> HandleAsync(Guid stationId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == stationId, ct) ?? throw new NotFoundException("station");
        var gap = options.Value.CheckInGapMinutes;
        if (Refusal(scope, null, gap) is { } notARider)
        {
            throw notARider;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = BeijingTime.Date(now);
        var since = now.AddMinutes(-gap);
        var uid = scope.UserId!;
        var name = scope.PersonId is { } pid ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(ct) : null;
        var checkIn = StationCheckIn.Of(station, uid, scope.PersonId, name ?? scope.DisplayName ?? "", now, today);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Lock the station's row: one rider's two taps at once are checked one after the other.
            await db.Stations.Where(s => s.Id == stationId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version), ct);
            var recent = await db.StationCheckIns.Where(c => c.StationId == stationId && c.UserId == uid && c.At > since).MaxAsync(c => (DateTime?)c.At, ct);
            if (Refusal(scope, recent, gap) is { } refusal)
            {
                throw refusal;
            }

            db.StationCheckIns.Add(checkIn);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return new CheckInView(checkIn.Id, station.Id, station.Name, now, await db.StationCheckIns.CountAsync(c => c.StationId == stationId && c.Day == today, ct));
    }
}
