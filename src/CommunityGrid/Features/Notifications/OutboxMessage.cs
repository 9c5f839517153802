namespace CommunityGrid.Features.Notifications;

public enum OutboxChannel
{
    Webhook = 1,
    Sms = 2,
}

public enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    /// <summary>Gave up after the maximum number of attempts.</summary>
    Dead = 3,
}

/// <summary>
/// One message to send outside the app (a webhook call or an SMS), written in the same transaction
/// as the work-order step it reports, then sent by <see cref="OutboxProcessor"/> with retries.
/// A processor claims a row (<see cref="ClaimToken"/>, <see cref="ClaimedUntil"/>) before sending it,
/// so two processors never send the same row at once.
/// </summary>
public sealed class OutboxMessage
{
    public const int RecipientMaxLength = 20;
    public const int ErrorMaxLength = 500;

    private OutboxMessage() { }

    public Guid Id { get; private set; }
    public OutboxChannel Channel { get; private set; }
    /// <summary>For webhooks: the subscription; one row per event and subscription.</summary>
    public Guid? SubscriptionId { get; private set; }
    /// <summary>For SMS: the phone number.</summary>
    public string? Recipient { get; private set; }
    public Guid EventId { get; private set; }
    public string EventKind { get; private set; } = "";
    public Guid WorkOrderId { get; private set; }
    public string DistrictCode { get; private set; } = "";
    /// <summary>The exact body sent (JSON for webhooks, the text for SMS); fixed when written so every retry sends the same bytes.</summary>
    public string Payload { get; private set; } = "";
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? LastAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public Guid? ClaimToken { get; private set; }
    public DateTime? ClaimedUntil { get; private set; }

    public static OutboxMessage Webhook(Guid subscriptionId, Guid eventId, string kind, Guid workOrderId, string districtCode, string payload, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Channel = OutboxChannel.Webhook,
        SubscriptionId = subscriptionId,
        EventId = eventId,
        EventKind = kind,
        WorkOrderId = workOrderId,
        DistrictCode = districtCode,
        Payload = payload,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public static OutboxMessage Sms(string phone, Guid eventId, string kind, Guid workOrderId, string districtCode, string text, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Channel = OutboxChannel.Sms,
        Recipient = phone,
        EventId = eventId,
        EventKind = kind,
        WorkOrderId = workOrderId,
        DistrictCode = districtCode,
        Payload = text,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
