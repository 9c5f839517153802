using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

public sealed record CallbackRequest(bool Resolved, Satisfaction Satisfaction, [property: MaxLength(WorkOrder.NoteMaxLength)] string? Comment);

/// <summary>
/// 评单 (回访): the requester, or the grid worker calling them back, says whether it was resolved and how
/// satisfied they are; unresolved or unsatisfied sends it back to be done again (重办).
/// </summary>
public sealed class RateOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, CallbackRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.Callback(caller, request.Resolved, request.Satisfaction, request.Comment, now), ct);
    }
}
