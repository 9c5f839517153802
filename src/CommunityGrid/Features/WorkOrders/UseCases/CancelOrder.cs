namespace CommunityGrid.Features.WorkOrders;

/// <summary>撤单: the requester withdraws the order before anyone has accepted it.</summary>
public sealed class CancelOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, NoteRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.Cancel(caller, request.Note, now), ct);
    }
}
