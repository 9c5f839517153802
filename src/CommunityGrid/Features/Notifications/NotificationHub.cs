using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// Live push to open pages at <c>/hubs/notifications</c>: each connection joins its user's group and
/// receives <c>inbox</c> (an <see cref="InboxPush"/>) when a message for that user is committed.
/// Clients only listen; everything they do goes through the HTTP API.
/// </summary>
[Authorize]
public sealed class NotificationHub : Hub
{
    public const string Path = "/hubs/notifications";

    public static string GroupOf(string userId) => "user:" + userId;

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(userId));
        await base.OnConnectedAsync();
    }
}
