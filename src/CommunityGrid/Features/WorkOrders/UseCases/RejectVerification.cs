namespace CommunityGrid.Features.WorkOrders;

/// <summary>核查不通过: grid staff send the order back to its handler, saying why.</summary>
public sealed class RejectVerification(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, ReasonRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.RejectVerification(caller, request.Reason, now), ct);
    }
}
