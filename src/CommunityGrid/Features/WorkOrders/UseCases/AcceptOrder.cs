namespace CommunityGrid.Features.WorkOrders;

/// <summary>接单 / 签收: the assignee (a person, someone of the assigned organisation, or a pool member who takes it first) accepts.</summary>
public sealed class AcceptOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, CancellationToken ct = default) =>
        step.RunAsync(id, (order, caller, now) => order.Accept(caller, now), ct);
}
