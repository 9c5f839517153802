using CommunityGrid.Infrastructure;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// The outbox writer. Every <see cref="WorkOrderEvent"/> added in a SaveChanges becomes, in that same
/// SaveChanges (so in the same transaction as the order change): inbox messages for the people
/// concerned, webhook outbox rows for the subscriptions of the order's areas, and SMS outbox rows.
/// An interceptor rather than a call in each use case (<c>OrderStep</c>) because events are also saved
/// by the escalation sweep and any future writer; the entity appends events wherever it is saved.
/// After the transaction commits, new inbox messages are pushed to open pages over SignalR.
/// </summary>
public sealed class NotificationWriter(TimeProvider clock, DirectoryCache directoryCache, IHubContext<NotificationHub> hub, ILogger<NotificationWriter> logger) : AfterCommit
{
    // Events already turned into rows by this context: a SaveChanges retried after a failure must not add them twice.
    private readonly HashSet<Guid> written = [];
    private readonly List<InboxMessage> unpushed = [];

    protected override ValueTask NoticeAsync(DbContext context, CancellationToken ct) =>
        context is AppDbContext db ? WriteAsync(db, ct) : ValueTask.CompletedTask;

    protected override Task CommittedAsync() => PushAsync();

    protected override void Discard() => unpushed.Clear();

    private async ValueTask WriteAsync(AppDbContext db, CancellationToken ct)
    {
        var events = db.ChangeTracker.Entries<WorkOrderEvent>()
            .Where(e => e.State == EntityState.Added && !written.Contains(e.Entity.Id))
            .Select(e => e.Entity).OrderBy(e => e.At).ThenBy(e => e.Seq).ToList();
        if (events.Count == 0)
        {
            return;
        }

        var orders = db.ChangeTracker.Entries<WorkOrder>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var now = clock.GetUtcNow().UtcDateTime;
        var directory = new NotificationRouting(db, directoryCache);
        // Followers the same save adds (a merge) hear about the original's later steps in this batch too.
        foreach (var follower in db.ChangeTracker.Entries<WorkOrderFollower>().Where(f => f.State == EntityState.Added))
        {
            directory.FollowerAdded(follower.Entity);
        }

        var subscriptions = await directory.SubscriptionsAsync(ct);
        foreach (var e in events)
        {
            written.Add(e.Id);
            if (!orders.TryGetValue(e.WorkOrderId, out var order))
            {
                continue;
            }

            foreach (var (userId, audience) in await directory.RecipientsAsync(order, e, ct))
            {
                var message = InboxMessage.For(userId, order.Id, e.Id, e.Kind, NotificationTexts.For(order, e, audience), order.AreaPath, order.DistrictCode, now);
                db.Add(message);
                unpushed.Add(message);
            }

            foreach (var s in subscriptions.Where(s => order.AreaPath.StartsWith(s.AreaPath, StringComparison.Ordinal) && s.Wants(e.Kind)))
            {
                db.Add(OutboxMessage.Webhook(s.Id, e.Id, e.Kind, order.Id, order.DistrictCode, WebhookPayloads.For(s.Format, order, e), now));
            }

            foreach (var (phone, text) in await directory.TextMessagesAsync(order, e, ct))
            {
                db.Add(OutboxMessage.Sms(phone, e.Id, e.Kind, order.Id, order.DistrictCode, text, now));
            }
        }
    }

    private async Task PushAsync()
    {
        if (unpushed.Count == 0)
        {
            return;
        }

        var batch = unpushed.ToList();
        unpushed.Clear();
        foreach (var m in batch)
        {
            try
            {
                await hub.Clients.Group(NotificationHub.GroupOf(m.UserId)).SendAsync("inbox", new InboxPush(m.Id, m.WorkOrderId, m.Kind, m.Title, m.Text, m.TextEn, m.CreatedAt));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The message is in the inbox already; a missed push only means the page learns it on its next load.
                logger.LogWarning(ex, "Live push of inbox message {MessageId} failed", m.Id);
            }
        }
    }

}

/// <summary>What a staff page receives live when an inbox message arrives.</summary>
public sealed record InboxPush(Guid Id, Guid WorkOrderId, string Kind, string Title, string Text, string TextEn, DateTime CreatedAt);
