using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>One step of an order's timeline: who, when, what, why, photos.</summary>
public sealed class WorkOrderEvent : IAreaScoped
{
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

    internal static WorkOrderEvent Of(WorkOrder order, Actor actor, DateTime at, string kind, WorkOrderStatus from, WorkOrderStatus to, string? note, IReadOnlyList<Guid>? photos) => new()
    {
        Id = Guid.CreateVersion7(),
        WorkOrderId = order.Id,
        AreaPath = order.AreaPath,
        DistrictCode = order.DistrictCode,
        At = at,
        Seq = order.Version,
        ActorUserId = actor.UserId,
        ActorName = actor.Name,
        Kind = kind,
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

    /// <summary>The step in plain Chinese, as the requester reads it on their timeline.</summary>
    public string PlainChinese() => Kind switch
    {
        "registered" => "您的诉求已登记",
        "routed" => "已分流，等待派单",
        "dispatched" => "已派单，等待签收",
        "published" => "已发布到接单大厅，等待党员志愿者接单",
        "accepted" => $"{ActorName} 已接单，正在处理",
        "returned" => "承办方退单，正在重新派单",
        "extension_requested" => "承办方申请延期",
        "extension_approved" => "延期已获批准",
        "extension_refused" => "延期申请未获批准",
        "handled" => "承办方已处理完毕，等待网格核查",
        "verified" => "网格员核查通过，已办结",
        "answered" => "已当场答复办结",
        "verification_failed" => "核查未通过，继续处理",
        "callback_pending" => "请您对办理结果进行评价",
        "rated" => "您已评价",
        "redo" => "根据您的评价，重新办理",
        "closed" => "工单已结束",
        "cancelled" => "您已撤销该诉求",
        "supervised" => "上级已督办",
        "merged" => "与已有工单重复，已合并，您将收到原工单的进展",
        "duplicate_merged" => "合并了相同问题的工单",
        "warning" => "即将超时，已提醒承办方",
        "overdue" => "已超时，已提醒承办方",
        "escalated" => "已超时，已升级督办",
        "problem_order" => "已列为问题工单，由街道跟进",
        _ => Kind,
    };
}
