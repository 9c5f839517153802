using System.Data.Common;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// Tells open dashboards (the big screen) that their figures changed: when a save that files or moves a work
/// order commits, <c>dashboard</c> goes over the notification hub to the area groups of the order's node and
/// every node above it. A connection sits in the groups of the nodes whose registry its user keeps, so a page
/// only hears of orders it may see; the message carries no order data — the page asks the API again.
/// </summary>
public sealed class DashboardPulse(IHubContext<NotificationHub> hub, TimeProvider clock, ILogger<DashboardPulse> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public const string Message = "dashboard";

    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> filed = new(StringComparer.Ordinal);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await PushAsync();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            PushAsync().GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Clear();
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => PushAsync().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => PushAsync();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    private void Collect(DbContextEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        foreach (var entry in eventData.Context?.ChangeTracker.Entries<WorkOrder>() ?? [])
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
