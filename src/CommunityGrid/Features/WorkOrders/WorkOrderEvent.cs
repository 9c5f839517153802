using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>One step of an order's timeline: who, when, what, why, photos.</summary>
public sealed class WorkOrderEvent : IAreaScoped
{
    /// <summary>A step's own words (e.g. "派给 …", "申请延期至 …") joined to what the person typed.</summary>
    public const int NoteMaxLength = WorkOrder.NoteMaxLength + 100;
    public const int ActorNameMaxLength = WorkOrder.AssigneeNameMaxLength;
    public const int KindMaxLength = 32;
    /// <summary>Up to nine photo ids, comma-separated.</summary>
    public const int PhotosMaxLength = 400;

    private WorkOrderEvent() { }

    public Guid Id { get; private set; }
    public Guid WorkOrderId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public DateTime At { get; private set; }
    /// <summary>Order of the step within its order (events of one action share a timestamp).</summary>
    public int Seq { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public WorkOrderStatus FromStatus { get; private set; }
    public WorkOrderStatus ToStatus { get; private set; }
    public string? Note { get; private set; }
    /// <summary>Ids of stored photos, comma-separated.</summary>
    public string? Photos { get; private set; }

    internal static WorkOrderEvent Of(WorkOrder order, Actor actor, DateTime at, WorkOrderEventKind kind, WorkOrderStatus from, WorkOrderStatus to, string? note, IReadOnlyList<Guid>? photos) => new()
    {
        Id = Guid.CreateVersion7(),
        WorkOrderId = order.Id,
        AreaPath = order.AreaPath,
        DistrictCode = order.DistrictCode,
        At = at,
        Seq = order.Version,
        ActorUserId = actor.UserId,
        ActorName = actor.Name,
        Kind = kind.Code(),
        FromStatus = from,
        ToStatus = to,
        Note = note,
        Photos = photos is { Count: > 0 } ? string.Join(',', photos) : null,
    };

    internal void AttachPhotos(IReadOnlyList<Guid>? photos)
    {
        if (photos is { Count: > 0 })
        {
            Photos = string.Join(',', photos.Distinct());
        }
    }

    /// <summary>The kind of step, or null for a code no kind has.</summary>
    public WorkOrderEventKind? KindOf => WorkOrderEventKinds.Parse(Kind);

    /// <summary>The step in plain Chinese, as the requester reads it on their timeline.</summary>
    public string PlainChinese() => KindOf is { } kind ? kind.Row().Timeline.Replace("{actor}", ActorName, StringComparison.Ordinal) : Kind;
}
