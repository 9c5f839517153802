using CommunityGrid.Data;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// Who hears about an order step, and how: recipients by the event kind's audiences, SMS lines, the
/// webhook subscriptions. Lookups of people are asked once per SaveChanges; who holds a post and who
/// subscribes come from <see cref="DirectoryCache"/>.
/// </summary>
internal sealed class NotificationRouting(AppDbContext db, DirectoryCache directory)
{
    /// <summary>Who hears about a step. The actor never hears about their own action.</summary>
    public async Task<Dictionary<string, Audience>> RecipientsAsync(WorkOrder order, WorkOrderEvent e, CancellationToken ct)
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
            Add(await RequesterUsersAsync(order, ct), Audience.Requester);
            if (e.KindOf != WorkOrderEventKind.Merged)
            {
                Add(await FollowerUsersAsync(order.Id, ct), Audience.Follower);
            }
        }

        if (assignee)
        {
            Add(await AssigneeUsersAsync(order, ct), Audience.Assignee);
        }

        if (gridStaff)
        {
            Add(await HoldersAsync(order.AreaPath, [Role.GridChief, Role.GridWorker], ct), Audience.GridStaff);
        }

        if (supervisors)
        {
            Add(await HoldersAsync(order.CommunityPath, [Role.CommunityAdmin], ct), Audience.Supervisor);
        }

        if (street)
        {
            Add(await HoldersAsync(AreaPath.Parent(order.CommunityPath), [Role.StreetAdmin], ct), Audience.Supervisor);
        }

        return result;
    }

    /// <summary>SMS, kept small: the requester when asked to rate, the handler when an order is escalated.</summary>
    public async Task<List<(string Phone, string Text)>> TextMessagesAsync(WorkOrder order, WorkOrderEvent e, CancellationToken ct)
    {
        var result = new List<(string, string)>();
        var sms = e.KindOf?.Row().Sms ?? EventSms.None;
        if (sms == EventSms.AskRequesterToRate && await RequesterPhoneAsync(order, ct) is { } phone)
        {
            result.Add((phone, $"【社区网格】您反映的“{order.Title}”（{order.Number}）已办结，请登录评价。"));
        }
        else if (sms == EventSms.TellHandlersItIsEscalated)
        {
            var line = NotificationTexts.For(order, e, Audience.Assignee).Chinese;
            foreach (var p in await PhonesAsync(await AssigneeUsersAsync(order, ct), ct))
            {
                result.Add((p, $"【社区网格】工单 {order.Number}“{order.Title}”已超时，{line}，请尽快办理。"));
            }
        }

        return result;
    }

    /// <summary>The active webhook subscriptions (all areas; the writer matches each order's path).</summary>
    public Task<IReadOnlyList<WebhookSubscription>> SubscriptionsAsync(CancellationToken ct) =>
        directory.ListAsync("webhook-subscriptions", () => db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Active).ToListAsync(ct));

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
            ids.AddRange(await directory.ListAsync($"users-of-person:{p}", () => db.Users.AsNoTracking().Where(x => x.PersonId == p).Select(x => x.Id).ToListAsync(ct)));
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
            ids.AddRange(await directory.ListAsync($"users-of-organisation:{org}", () => db.Users.AsNoTracking().Where(x => x.OrganisationId == org).Select(x => x.Id).ToListAsync(ct)));
        }

        if (o.HandlerUserId is { } h && !ids.Contains(h))
        {
            ids.Add(h);
        }

        return ids;
    }

    /// <summary>Users holding one of the roles bound exactly at the node.</summary>
    public Task<IReadOnlyList<string>> HoldersAsync(string path, Role[] roles, CancellationToken ct) =>
        directory.ListAsync($"holders:{path}:{string.Join(',', roles)}", () => db.RoleAssignments.AsNoTracking()
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
