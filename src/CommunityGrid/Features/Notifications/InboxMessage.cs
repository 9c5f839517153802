using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Notifications;

/// <summary>
/// 站内消息: one line in one user's inbox about one step of a work order. Written in the same
/// transaction as the step itself (see <see cref="NotificationWriter"/>).
/// </summary>
public sealed class InboxMessage : IAreaScoped
{
    public const int TitleMaxLength = 150;
    public const int TextMaxLength = 400;

    private InboxMessage() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public Guid WorkOrderId { get; private set; }
    /// <summary>The <c>WorkOrderEvent</c> that caused it; one message per user and event.</summary>
    public Guid EventId { get; private set; }
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";
    public string TextEn { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    public static InboxMessage For(string userId, Guid workOrderId, Guid eventId, string kind, NotificationText text, string areaPath, string districtCode, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new InboxMessage
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            WorkOrderId = workOrderId,
            EventId = eventId,
            Kind = kind,
            Title = Cut(text.Title, TitleMaxLength),
            Text = Cut(text.Chinese, TextMaxLength),
            TextEn = Cut(text.English, TextMaxLength),
            AreaPath = areaPath,
            DistrictCode = districtCode,
            CreatedAt = now,
        };
    }

    internal static string Cut(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
}
