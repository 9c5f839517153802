using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>A step that must say why (退单, 核查不通过).</summary>
public sealed record ReasonRequest([property: Required, MaxLength(WorkOrder.NoteMaxLength)] string Reason);

/// <summary>退单: the assignee hands the order back with a reason; the dispatcher dispatches it again.</summary>
public sealed class ReturnOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, ReasonRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.Return(caller, request.Reason, now), ct);
    }
}
