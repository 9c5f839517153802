using System.Text.Encodings.Web;
using System.Text.Json;
using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Features.Notifications;

/// <summary>The body a webhook receives for one order step, in the subscription's format.</summary>
public static class WebhookPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string For(WebhookFormat format, WorkOrder order, WorkOrderEvent e)
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
}
