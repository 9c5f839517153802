using CommunityGrid.Data;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Points;

/// <summary>
/// Which award points have lapsed, first in, first out: whatever the account paid out (net of
/// what came back to it, such as refunds) is taken from the awards that lapse soonest; what
/// remains of awards past their date has lapsed. Lapse transfers are themselves payments out,
/// so a second pass over the same account finds nothing more.
/// </summary>
public static class PointsExpiry
{
    public sealed record Lot(long Amount, DateTime? ExpiresAt);

    /// <param name="awards">Award points received (with their lapse date, null = never).</param>
    /// <param name="paidOut">Everything the account has paid: spends, earlier lapses, reversals.</param>
    /// <param name="otherCredits">Everything else received: refunds and the like (they undo spending).</param>
    /// <param name="balance">The account's balance now; nothing beyond it can lapse.</param>
    public static long Lapsed(IEnumerable<Lot> awards, long paidOut, long otherCredits, long balance, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(awards);
        var consumed = Math.Max(0, paidOut - otherCredits);
        long lapsed = 0;
        foreach (var lot in awards.OrderBy(l => l.ExpiresAt ?? DateTime.MaxValue))
        {
            var used = Math.Min(lot.Amount, consumed);
            consumed -= used;
            if (lot.ExpiresAt is { } at && at <= now)
            {
                lapsed += lot.Amount - used;
            }
        }

        return Math.Clamp(lapsed, 0, Math.Max(0, balance));
    }
}

/// <summary>
/// One pass of the clock over the points: codes past their date expire (points refunded, stock
/// returned), and award points past the community's expiry go back to its pool. Driven by
/// <see cref="PointsSweepService"/>; tests call it directly after moving a fake clock.
/// </summary>
public sealed class PointsSweep(AppDbContext db, PointsShop shop, PointsLedger ledger, TimeProvider clock, ILogger<PointsSweep> logger)
{
    private const int Batch = 200;

    /// <summary>How far back a pass looks for lapsed awards; a pass must run at least once in this time.</summary>
    public static readonly TimeSpan ExpiryLookback = TimeSpan.FromDays(7);
    private static readonly TransferSource[] AwardSources =
        [TransferSource.VolunteerHours, TransferSource.WorkOrder, TransferSource.ProblemReport, TransferSource.Wish];

    public async Task<(int Codes, int Accounts)> RunOnceAsync(CancellationToken ct = default) =>
        (await ExpireCodesAsync(ct), await ExpirePointsAsync(ct));

    /// <summary>Expires issued codes past their date; each with its refund and stock in one transaction.</summary>
    public async Task<int> ExpireCodesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = 0;
        while (true)
        {
            var due = await db.Redemptions.AsNoTracking().Where(r => r.Status == RedemptionStatus.Issued && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Take(Batch).ToListAsync(ct);
            foreach (var r in due)
            {
                // A code redeemed or cancelled a moment ago loses nothing here: the guarded update decides.
                if (await shop.EndWithRefundAsync(r, RedemptionStatus.Expired, "兑换码过期退回", ct))
                {
                    expired++;
                }
            }

            if (due.Count < Batch)
            {
                break;
            }
        }

        if (expired > 0)
        {
            logger.LogInformation("Points sweep expired {Count} codes", expired);
        }

        return expired;
    }

    /// <summary>
    /// Returns lapsed award points to the pool of the account's community (<see cref="TransferSource.Expiry"/>),
    /// at most once per account and Beijing day: the day is in the transfer's unique source.
    /// </summary>
    public async Task<int> ExpirePointsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var day = BeijingTime.DayStartUtc(now).AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // Only accounts with an award that lapsed in the last week: each pass recomputes such an account's
        // whole history, so an older lapse is settled already (the sweep runs every few minutes) and looking
        // at every account that ever lapsed would grow without end. The index on ExpiresAt keeps this a range read.
        var since = now - ExpiryLookback;
        var accounts = await db.PointsTransfers.AsNoTracking()
            .Where(t => t.ExpiresAt > since && t.ExpiresAt <= now && AwardSources.Contains(t.Source))
            .Select(t => t.ToAccountId).Distinct().ToListAsync(ct);
        var changed = 0;
        foreach (var accountId in accounts)
        {
            var account = await db.PointsAccounts.AsNoTracking().SingleAsync(a => a.Id == accountId, ct);
            var awards = await db.PointsTransfers.AsNoTracking().Where(t => t.ToAccountId == accountId && AwardSources.Contains(t.Source))
                .Select(t => new PointsExpiry.Lot(t.Amount, t.ExpiresAt)).ToListAsync(ct);
            var paidOut = await db.PointsTransfers.AsNoTracking().Where(t => t.FromAccountId == accountId).SumAsync(t => (long?)t.Amount, ct) ?? 0;
            var otherCredits = await db.PointsTransfers.AsNoTracking().Where(t => t.ToAccountId == accountId && !AwardSources.Contains(t.Source))
                .SumAsync(t => (long?)t.Amount, ct) ?? 0;
            var lapsed = PointsExpiry.Lapsed(awards, paidOut, otherCredits, account.Balance, now);
            if (lapsed <= 0)
            {
                continue;
            }

            var pool = await ledger.PoolAsync(account.AreaPath, ct);
            try
            {
                await ledger.TransferAsync(new TransferCommand(account.Id, pool.Id, lapsed, TransferSource.Expiry, $"{account.Id:N}@{day}", "积分过期回收", pool.AreaPath), ct);
                changed++;
            }
            catch (DomainRuleException e) when (e.Code is "already_transferred" or "insufficient_points")
            {
                // Already done today, or spent a moment ago: the next pass looks again.
            }
            catch (DbUpdateException e) when (Unique.IsViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }

        if (changed > 0)
        {
            logger.LogInformation("Points sweep returned lapsed points of {Count} accounts", changed);
        }

        return changed;
    }
}

/// <summary>Runs the sweep on the app's clock.</summary>
public sealed class PointsSweepService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PointsShopOptions> options, ILogger<PointsSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SweepEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PointsSweep>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass is retried on the next tick.
                logger.LogWarning(e, "Points sweep failed");
            }
        }
    }
}
