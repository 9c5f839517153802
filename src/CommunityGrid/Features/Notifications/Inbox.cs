using CommunityGrid.Data;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Notifications;

/// <summary>The filters of the inbox: what needs the reader's action, alerts and supervision, or progress to know about.</summary>
public enum InboxGroup
{
    All = 0,
    /// <summary>待办: a step that waits for the reader (dispatch, accept, verify, rate, decide an extension…).</summary>
    ToDo = 1,
    /// <summary>预警督办: warnings, overdue, escalation, supervision, problem orders.</summary>
    Alerts = 2,
    /// <summary>进展: everything else (accepted, resolved, closed…).</summary>
    Progress = 3,
}

/// <summary>
/// 站内消息 of the caller: one query for the API and the inbox page, so both list, filter and count alike. Only the
/// caller's own rows are ever touched; another user's id answers 404.
/// </summary>
public sealed class Inbox(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    private static readonly string[] ToDoKinds = Codes(WorkOrderEventKind.Routed, WorkOrderEventKind.Dispatched, WorkOrderEventKind.Published,
        WorkOrderEventKind.Returned, WorkOrderEventKind.ExtensionRequested, WorkOrderEventKind.Handled, WorkOrderEventKind.VerificationFailed,
        WorkOrderEventKind.Redo, WorkOrderEventKind.CallbackPending);

    private static readonly string[] AlertKinds = Codes(WorkOrderEventKind.Warning, WorkOrderEventKind.Overdue, WorkOrderEventKind.Escalated,
        WorkOrderEventKind.Supervised, WorkOrderEventKind.ProblemOrder);

    private static string[] Codes(params WorkOrderEventKind[] kinds) => [.. kinds.Select(k => k.Code())];

    /// <summary>"todo", "alerts", "progress" or "all" (or nothing); anything else is refused.</summary>
    public static InboxGroup ParseGroup(string? group) => group?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => InboxGroup.All,
        "todo" => InboxGroup.ToDo,
        "alerts" => InboxGroup.Alerts,
        "progress" => InboxGroup.Progress,
        _ => throw new InvalidInputException("inbox_group_unknown", "消息分类只能是 all、todo、alerts 或 progress", "The group is one of all, todo, alerts or progress."),
    };

    public static InboxGroup GroupOf(string kind) =>
        ToDoKinds.Contains(kind) ? InboxGroup.ToDo : AlertKinds.Contains(kind) ? InboxGroup.Alerts : InboxGroup.Progress;

    private async Task<string> MeAsync(CancellationToken ct) =>
        (await current.ScopeAsync(ct)).UserId ?? throw new NotFoundException("inbox");

    /// <summary>A page of the caller's messages, newest first — or unread first, then newest, for the inbox page.</summary>
    public async Task<InboxPage> PageAsync(bool unreadOnly, InboxGroup group, bool unreadFirst, int? page, int? pageSize, CancellationToken ct = default)
    {
        var me = await MeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var mine = db.InboxMessages.AsNoTracking().Where(m => m.UserId == me);
        var query = unreadOnly ? mine.Where(m => m.ReadAt == null) : mine;
        query = group switch
        {
            InboxGroup.ToDo => query.Where(m => ToDoKinds.Contains(m.Kind)),
            InboxGroup.Alerts => query.Where(m => AlertKinds.Contains(m.Kind)),
            InboxGroup.Progress => query.Where(m => !ToDoKinds.Contains(m.Kind) && !AlertKinds.Contains(m.Kind)),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var ordered = unreadFirst ? query.OrderBy(m => m.ReadAt == null ? 0 : 1).ThenByDescending(m => m.CreatedAt) : query.OrderByDescending(m => m.CreatedAt);
        var items = await ordered.ThenByDescending(m => m.Id).Skip((number - 1) * size).Take(size)
            .Select(m => new InboxItem(m.Id, m.WorkOrderId, m.Kind, m.Title, m.Text, m.TextEn, m.CreatedAt, m.ReadAt)).ToListAsync(ct);
        var unread = await mine.CountAsync(m => m.ReadAt == null, ct);
        return new InboxPage(items, number, size, total, unread);
    }

    public async Task<int> UnreadAsync(CancellationToken ct = default)
    {
        var me = await MeAsync(ct);
        return await db.InboxMessages.CountAsync(m => m.UserId == me && m.ReadAt == null, ct);
    }

    /// <summary>Marks one of the caller's messages read (again: no change) and answers the unread count left.</summary>
    public async Task<int> ReadAsync(Guid id, CancellationToken ct = default)
    {
        var me = await MeAsync(ct);
        if (!await db.InboxMessages.AsNoTracking().AnyAsync(m => m.Id == id && m.UserId == me, ct))
        {
            throw new NotFoundException("inbox message");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.InboxMessages.Where(m => m.Id == id && m.UserId == me && m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
            await tx.CommitAsync(ct);
        }

        return await db.InboxMessages.CountAsync(m => m.UserId == me && m.ReadAt == null, ct);
    }

    public async Task ReadAllAsync(CancellationToken ct = default)
    {
        var me = await MeAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.InboxMessages.Where(m => m.UserId == me && m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
        await tx.CommitAsync(ct);
    }
}
