using CommunityGrid.Infrastructure;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// Tells open dashboards (the big screen) that their figures changed: when a save that files or moves a work
/// order commits, <c>dashboard</c> goes over the notification hub to the area groups of the order's node and
/// every node above it. A connection sits in the groups of the nodes whose registry its user keeps, so a page
/// only hears of orders it may see; the message carries no order data — the page asks the API again.
/// </summary>
public sealed class DashboardPulse(IHubContext<NotificationHub> hub, TimeProvider clock, ILogger<DashboardPulse> logger) : AfterCommit
{
    public const string Message = "dashboard";

    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> filed = new(StringComparer.Ordinal);

    protected override ValueTask NoticeAsync(DbContext context, CancellationToken ct)
    {
        Collect(context);
        return ValueTask.CompletedTask;
    }

    protected override Task CommittedAsync() => PushAsync();

    protected override void Discard() => Clear();

    private void Collect(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<WorkOrder>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                pending.Add(entry.Entity.AreaPath);
                if (entry.State == EntityState.Added)
                {
                    filed.Add(entry.Entity.AreaPath);
                }
            }
        }
    }

    private void Clear()
    {
        pending.Clear();
        filed.Clear();
    }

    private async Task PushAsync()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var groups = pending.SelectMany(AreaPath.SelfAndAncestors).Distinct(StringComparer.Ordinal).Select(NotificationHub.AreaGroupOf).ToList();
        var kind = filed.Count > 0 ? "filed" : "changed";
        Clear();
        try
        {
            await hub.Clients.Groups(groups).SendAsync(Message, new { kind, at = clock.GetUtcNow().UtcDateTime });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The save committed; a page that misses a nudge catches up on its next refresh.
            logger.LogWarning(e, "Dashboard push failed");
        }
    }
}
