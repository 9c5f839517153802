using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.WorkOrders;

public sealed class EscalationOptions
{
    /// <summary>Tests switch the background loop off and call the sweep themselves.</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>After the deadline, one more level of the chain is pressed every interval.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromHours(4);
    /// <summary>Days the requester has to rate before the order closes as "no callback".</summary>
    public int CallbackDays { get; set; } = 7;
}

/// <summary>
/// One pass of the clock over open orders: yellow/red marks, escalation up the chain, and closing
/// orders whose callback window has passed. Driven by <see cref="EscalationService"/>; tests call it
/// directly after moving a fake clock.
/// </summary>
public sealed class EscalationSweep(AppDbContext db, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<EscalationSweep> logger)
{
    private const int Batch = 500;

    /// <summary>五级联动: 楼栋/单元长 → 网格长 → 物业公司/业委会 → 社区红色物业服务站 → 街道红色物业服务中心.</summary>
    public static readonly string[] PropertyChain = ["楼栋长/单元长", "网格长", "物业公司/业委会", "社区红色物业服务站", "街道红色物业服务中心"];

    /// <summary>Non-property matters: grid → community → street → district.</summary>
    public static readonly string[] GridChain = ["网格", "社区", "街道", "区"];

    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var changed = 0;
        var timed = db.WorkOrders.Where(w => (w.Status == WorkOrderStatus.AwaitingAcceptance && w.AcceptDeadline != null)
            || (w.Status == WorkOrderStatus.InProgress && w.ResolveDeadline != null));
        // Ticking changes no status, so the set is stable while we page through it.
        for (var offset = 0; ; offset += Batch)
        {
            var page = await timed.OrderBy(w => w.Id).Skip(offset).Take(Batch).ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var order in page)
            {
                var chain = order.RoutedTo == RouteTarget.Property ? PropertyChain : GridChain;
                if (order.Tick(now, o.EscalationInterval, chain.Length, level => chain[level - 1]))
                {
                    changed++;
                }
            }

            await SaveAsync(ct);
            db.ChangeTracker.Clear();
        }

        var callbackCutoff = now.AddDays(-o.CallbackDays);
        var stale = await db.WorkOrders.Where(w => w.Status == WorkOrderStatus.AwaitingCallback && w.ResolvedAt != null && w.ResolvedAt <= callbackCutoff).Take(Batch).ToListAsync(ct);
        foreach (var order in stale)
        {
            order.CloseWithoutCallback(now);
            changed++;
        }

        await SaveAsync(ct);
        db.ChangeTracker.Clear();
        if (changed > 0)
        {
            logger.LogInformation("Escalation sweep changed {Count} orders", changed);
        }

        return changed;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        if (!db.ChangeTracker.HasChanges())
        {
            return;
        }

        await db.SaveInTransactionAsync(ct);
    }
}

/// <summary>Runs the sweep on the app's clock.</summary>
public sealed class EscalationService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<EscalationService> logger) : BackgroundService
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
                await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed pass is retried on the next tick; concurrent user actions may win a race.
                logger.LogWarning(e, "Escalation sweep failed");
            }
        }
    }
}
