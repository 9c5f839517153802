using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Notifications;

public sealed record InboxItem(Guid Id, Guid WorkOrderId, string Kind, string Title, string Text, string TextEn, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A page of the caller's inbox with their unread count.</summary>
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int PageNumber, int PageSize, int Total, int Unread);

public sealed record InboxCount(int Unread);

/// <summary>站内消息: the caller's own messages only; anyone else's id answers 404.</summary>
internal static class InboxEndpoints
{
    public static RouteGroupBuilder MapInbox(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/inbox").WithTags("Inbox");
        group.MapGet("/", List).WithSummary("The caller's messages, newest first; unread=true for unread only.");
        group.MapPost("/{id:guid}/read", Read);
        group.MapPost("/read-all", ReadAll);
        return api;
    }

    private static async Task<string> MeAsync(CurrentUser current, CancellationToken ct) =>
        (await current.ScopeAsync(ct)).UserId ?? throw new NotFoundException("inbox");

    private static async Task<Ok<InboxPage>> List(CurrentUser current, AppDbContext db, bool? unread, int? page, int? pageSize, CancellationToken ct)
    {
        var me = await MeAsync(current, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var mine = db.InboxMessages.AsNoTracking().Where(m => m.UserId == me);
        var query = unread == true ? mine.Where(m => m.ReadAt == null) : mine;
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip((number - 1) * size).Take(size)
            .Select(m => new InboxItem(m.Id, m.WorkOrderId, m.Kind, m.Title, m.Text, m.TextEn, m.CreatedAt, m.ReadAt)).ToListAsync(ct);
        var unreadCount = unread == true ? total : await mine.CountAsync(m => m.ReadAt == null, ct);
        return TypedResults.Ok(new InboxPage(items, number, size, total, unreadCount));
    }

    private static async Task<Ok<InboxCount>> Read(Guid id, CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var me = await MeAsync(current, ct);
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

        return TypedResults.Ok(new InboxCount(await db.InboxMessages.CountAsync(m => m.UserId == me && m.ReadAt == null, ct)));
    }

    private static async Task<Ok<InboxCount>> ReadAll(CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var me = await MeAsync(current, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.InboxMessages.Where(m => m.UserId == me && m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
            await tx.CommitAsync(ct);
        }

        return TypedResults.Ok(new InboxCount(0));
    }
}
