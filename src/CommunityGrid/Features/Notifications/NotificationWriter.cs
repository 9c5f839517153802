using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// The outbox writer. Every <see cref="WorkOrderEvent"/> added in a SaveChanges becomes, in that same
/// SaveChanges (so in the same transaction as the order change): inbox messages for the people
/// concerned, webhook outbox rows for the subscriptions of the order's areas, and SMS outbox rows.
/// An interceptor rather than a call in <c>WorkOrderDesk.SaveAsync</c> because events are also saved
/// by the escalation sweep and any future writer; the entity appends events wherever it is saved.
/// After the transaction commits, new inbox messages are pushed to open pages over SignalR.
/// </summary>
public sealed class NotificationWriter(TimeProvider clock, IHubContext<NotificationHub> hub, ILogger<NotificationWriter> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Events already turned into rows by this context: a SaveChanges retried after a failure must not add them twice.
    private readonly HashSet<Guid> written = [];
    private readonly List<InboxMessage> unpushed = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is AppDbContext db)
        {
            await WriteAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is AppDbContext db)
        {
            // Synchronous saves of work orders do not happen in the app; this keeps them correct if one ever does.
            WriteAsync(db, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

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
            unpushed.Clear();
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => PushAsync().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => PushAsync();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => unpushed.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        unpushed.Clear();
        return Task.CompletedTask;
    }

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
        var directory = new Directory(db);
        // Followers the same save adds (a merge) hear about the original's later steps in this batch too.
        foreach (var follower in db.ChangeTracker.Entries<WorkOrderFollower>().Where(f => f.State == EntityState.Added))
        {
            directory.FollowerAdded(follower.Entity);
        }

        var subscriptions = await SubscriptionsAsync(db, orders.Values, ct);
        foreach (var e in events)
        {
            written.Add(e.Id);
            if (!orders.TryGetValue(e.WorkOrderId, out var order))
            {
                continue;
            }

            foreach (var (userId, audience) in await RecipientsAsync(directory, order, e, ct))
            {
                var message = InboxMessage.For(userId, order.Id, e.Id, e.Kind, NotificationTexts.For(order, e, audience), order.AreaPath, order.DistrictCode, now);
                db.Add(message);
                unpushed.Add(message);
            }

            foreach (var s in subscriptions.Where(s => order.AreaPath.StartsWith(s.AreaPath, StringComparison.Ordinal) && s.Wants(e.Kind)))
            {
                db.Add(OutboxMessage.Webhook(s.Id, e.Id, e.Kind, order.Id, order.DistrictCode, Payload(s.Format, order, e), now));
            }

            foreach (var (phone, text) in await TextMessagesAsync(directory, order, e, ct))
            {
                db.Add(OutboxMessage.Sms(phone, e.Id, e.Kind, order.Id, order.DistrictCode, text, now));
            }
        }
    }

    /// <summary>Who hears about a step. The actor never hears about their own action.</summary>
    private static async Task<Dictionary<string, Audience>> RecipientsAsync(Directory directory, WorkOrder order, WorkOrderEvent e, CancellationToken ct)
    {
        var result = new Dictionary<string, Audience>(StringComparer.Ordinal);
        void Add(IEnumerable<string> ids, Audience audience)
        {
            foreach (var id in ids)
            {
                if (id != e.ActorUserId)
                {
                    result.TryAdd(id, audience);
                }
            }
        }

        var audiences = e.KindOf?.Row().Audiences ?? EventAudiences.None;
        var requester = audiences.HasFlag(EventAudiences.Requester);
        var assignee = audiences.HasFlag(EventAudiences.Assignee);
        var gridStaff = audiences.HasFlag(EventAudiences.GridStaff);
        var supervisors = audiences.HasFlag(EventAudiences.CommunityAdmins);
        var street = audiences.HasFlag(EventAudiences.StreetAdmins);
        if (requester)
        {
            Add(await directory.RequesterUsersAsync(order, ct), Audience.Requester);
            if (e.KindOf != WorkOrderEventKind.Merged)
            {
                Add(await directory.FollowerUsersAsync(order.Id, ct), Audience.Follower);
            }
        }

        if (assignee)
        {
            Add(await directory.AssigneeUsersAsync(order, ct), Audience.Assignee);
        }

        if (gridStaff)
        {
            Add(await directory.HoldersAsync(order.AreaPath, [Role.GridChief, Role.GridWorker], ct), Audience.GridStaff);
        }

        if (supervisors)
        {
            Add(await directory.HoldersAsync(order.CommunityPath, [Role.CommunityAdmin], ct), Audience.Supervisor);
        }

        if (street)
        {
            Add(await directory.HoldersAsync(AreaPath.Parent(order.CommunityPath), [Role.StreetAdmin], ct), Audience.Supervisor);
        }

        return result;
    }

    /// <summary>SMS, kept small: the requester when asked to rate, the handler when an order is escalated.</summary>
    private static async Task<List<(string Phone, string Text)>> TextMessagesAsync(Directory directory, WorkOrder order, WorkOrderEvent e, CancellationToken ct)
    {
        var result = new List<(string, string)>();
        var sms = e.KindOf?.Row().Sms ?? EventSms.None;
        if (sms == EventSms.AskRequesterToRate && await directory.RequesterPhoneAsync(order, ct) is { } phone)
        {
            result.Add((phone, $"【社区网格】您反映的“{order.Title}”（{order.Number}）已办结，请登录评价。"));
        }
        else if (sms == EventSms.TellHandlersItIsEscalated)
        {
            var line = NotificationTexts.For(order, e, Audience.Assignee).Chinese;
            foreach (var p in await directory.PhonesAsync(await directory.AssigneeUsersAsync(order, ct), ct))
            {
                result.Add((p, $"【社区网格】工单 {order.Number}“{order.Title}”已超时，{line}，请尽快办理。"));
            }
        }

        return result;
    }

    private static async Task<List<WebhookSubscription>> SubscriptionsAsync(AppDbContext db, IEnumerable<WorkOrder> orders, CancellationToken ct)
    {
        var paths = orders.SelectMany(o => AreaPath.SelfAndAncestors(o.AreaPath)).Distinct(StringComparer.Ordinal).ToList();
        return paths.Count == 0 ? [] : await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Active && paths.Contains(s.AreaPath)).ToListAsync(ct);
    }

    internal static string Payload(WebhookFormat format, WorkOrder order, WorkOrderEvent e)
    {
        if (format is WebhookFormat.WeCom or WebhookFormat.DingTalk)
        {
            // Both group robots accept the same text message shape.
            return JsonSerializer.Serialize(new { msgtype = "text", text = new { content = NotificationTexts.RobotLine(order, e) } }, Json);
        }

        var segments = AreaPath.Codes(order.AreaPath);
        return JsonSerializer.Serialize(new
        {
            eventId = e.Id,
            kind = e.Kind,
            occurredAt = e.At,
            text = NotificationTexts.RobotLine(order, e),
            textEn = NotificationTexts.For(order, e, Audience.Supervisor).English,
            actorName = e.ActorName,
            note = e.Note,
            order = new
            {
                id = order.Id,
                number = order.Number,
                title = order.Title,
                status = order.Status.ToString(),
                statusName = StatusNames.Chinese(order.Status),
                gridCode = segments[^1],
                areaPath = order.AreaPath,
                urgency = order.Urgency.ToString(),
                escalationLevel = order.EscalationLevel,
                isProblemOrder = order.IsProblemOrder,
            },
        }, Json);
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

    /// <summary>Lookups of people for one SaveChanges, each asked once.</summary>
    private sealed class Directory(AppDbContext db)
    {
        private readonly Dictionary<string, List<string>> cache = new(StringComparer.Ordinal);
        private readonly List<WorkOrderFollower> addedFollowers = [];

        public void FollowerAdded(WorkOrderFollower f) => addedFollowers.Add(f);

        public async Task<List<string>> RequesterUsersAsync(WorkOrder o, CancellationToken ct)
        {
            var ids = new List<string>();
            if (o.RequesterUserId is { } u)
            {
                ids.Add(u);
            }

            if (o.RequesterPersonId is { } p)
            {
                ids.AddRange(await Cached($"person:{p}", () => db.Users.AsNoTracking().Where(x => x.PersonId == p).Select(x => x.Id).ToListAsync(ct)));
            }

            return ids;
        }

        public async Task<List<string>> FollowerUsersAsync(Guid orderId, CancellationToken ct)
        {
            var stored = await Cached($"followers:{orderId}", async () =>
            {
                var rows = await db.Set<WorkOrderFollower>().AsNoTracking().Where(f => f.WorkOrderId == orderId).Select(f => new { f.UserId, f.PersonId }).ToListAsync(ct);
                var persons = rows.Where(r => r.UserId is null && r.PersonId is not null).Select(r => r.PersonId).ToList();
                var byPerson = persons.Count == 0 ? [] : await db.Users.AsNoTracking().Where(x => persons.Contains(x.PersonId)).Select(x => x.Id).ToListAsync(ct);
                return [.. rows.Where(r => r.UserId is not null).Select(r => r.UserId!), .. byPerson];
            });
            return [.. stored, .. addedFollowers.Where(f => f.WorkOrderId == orderId && f.UserId is not null).Select(f => f.UserId!)];
        }

        /// <summary>The assigned user, every user of the assigned organisation, and the handler.</summary>
        public async Task<List<string>> AssigneeUsersAsync(WorkOrder o, CancellationToken ct)
        {
            var ids = new List<string>();
            if (o.AssigneeKind == AssigneeKind.User && o.AssigneeUserId is { } u)
            {
                ids.Add(u);
            }

            if (o.AssigneeKind == AssigneeKind.Organisation && o.AssigneeOrganisationId is { } org)
            {
                ids.AddRange(await Cached($"org:{org}", () => db.Users.AsNoTracking().Where(x => x.OrganisationId == org).Select(x => x.Id).ToListAsync(ct)));
            }

            if (o.HandlerUserId is { } h && !ids.Contains(h))
            {
                ids.Add(h);
            }

            return ids;
        }

        /// <summary>Users holding one of the roles bound exactly at the node.</summary>
        public Task<List<string>> HoldersAsync(string path, Role[] roles, CancellationToken ct) =>
            Cached($"roles:{path}:{string.Join(',', roles)}", () => db.RoleAssignments.AsNoTracking()
                .Where(r => r.AreaPath == path && roles.Contains(r.Role)).Select(r => r.UserId).Distinct().ToListAsync(ct));

        public async Task<string?> RequesterPhoneAsync(WorkOrder o, CancellationToken ct)
        {
            if (Mobile(o.RequesterPhone) is { } phone)
            {
                return phone;
            }

            if (o.RequesterPersonId is { } p)
            {
                var stored = await db.People.AsNoTracking().Where(x => x.Id == p).Select(x => x.Phone).SingleOrDefaultAsync(ct);
                if (Mobile(stored) is { } personal)
                {
                    return personal;
                }
            }

            if (o.RequesterUserId is { } u)
            {
                return Mobile(await db.Users.AsNoTracking().Where(x => x.Id == u).Select(x => x.PhoneNumber).SingleOrDefaultAsync(ct));
            }

            return null;
        }

        public async Task<List<string>> PhonesAsync(List<string> userIds, CancellationToken ct)
        {
            if (userIds.Count == 0)
            {
                return [];
            }

            var phones = await db.Users.AsNoTracking().Where(x => userIds.Contains(x.Id) && x.PhoneNumber != null).Select(x => x.PhoneNumber!).ToListAsync(ct);
            return [.. phones.Select(Mobile).OfType<string>().Distinct(StringComparer.Ordinal)];
        }

        /// <summary>A usable mobile number or none; a malformed stored number must not fail the order's save.</summary>
        private static string? Mobile(string? value) => PhoneNumbers.IsMobile(value?.Trim()) ? value!.Trim() : null;

        private async Task<List<string>> Cached(string key, Func<Task<List<string>>> load)
        {
            if (!cache.TryGetValue(key, out var value))
            {
                cache[key] = value = await load();
            }

            return value;
        }
    }
}

/// <summary>What a staff page receives live when an inbox message arrives.</summary>
public sealed record InboxPush(Guid Id, Guid WorkOrderId, string Kind, string Title, string Text, string TextEn, DateTime CreatedAt);
