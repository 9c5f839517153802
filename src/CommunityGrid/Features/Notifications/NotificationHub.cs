using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// Live push to open pages at <c>/hubs/notifications</c>: each connection joins its user's group and
/// receives <c>inbox</c> (an <see cref="InboxPush"/>) when a message for that user is committed.
/// Clients only listen; everything they do goes through the HTTP API. A connection also joins the area group of
/// each node whose registry its user keeps, where figure pages hear that their numbers changed.
/// </summary>
[Authorize]
public sealed class NotificationHub(ICallerSource callers) : Hub
{
    public const string Path = "/hubs/notifications";

    public static string GroupOf(string userId) => "user:" + userId;

    public static string AreaGroupOf(string areaPath) => "area:" + areaPath;

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(userId));
        var caller = await callers.FindAsync(userId, Context.ConnectionAborted);
        foreach (var path in Scope.Outermost(caller?.Grants.Where(g => g.Role.KeepsRegistry()).Select(g => g.AreaPath) ?? []))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AreaGroupOf(path));
        }

        await base.OnConnectedAsync();
    }
}
