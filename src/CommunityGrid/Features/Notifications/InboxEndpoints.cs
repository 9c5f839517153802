using Microsoft.AspNetCore.Http.HttpResults;

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
        group.MapGet("/", List).WithSummary("The caller's messages, newest first; unread=true for unread only, group=todo|alerts|progress, unreadFirst=true to list unread ones first.");
        group.MapGet("/unread", Unread).WithSummary("The caller's unread count (the header badge).");
        group.MapPost("/{id:guid}/read", Read);
        group.MapPost("/read-all", ReadAll);
        return api;
    }

    private static async Task<Ok<InboxPage>> List(Inbox inbox, bool? unread, string? group, bool? unreadFirst, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await inbox.PageAsync(unread == true, Inbox.ParseGroup(group), unreadFirst == true, page, pageSize, ct));

    private static async Task<Ok<InboxCount>> Unread(Inbox inbox, CancellationToken ct) => TypedResults.Ok(new InboxCount(await inbox.UnreadAsync(ct)));

    private static async Task<Ok<InboxCount>> Read(Guid id, Inbox inbox, CancellationToken ct) => TypedResults.Ok(new InboxCount(await inbox.ReadAsync(id, ct)));

    private static async Task<Ok<InboxCount>> ReadAll(Inbox inbox, CancellationToken ct)
    {
        await inbox.ReadAllAsync(ct);
        return TypedResults.Ok(new InboxCount(0));
    }
}
