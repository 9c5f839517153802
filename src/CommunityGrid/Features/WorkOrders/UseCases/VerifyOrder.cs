using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>A step with an optional note (核查通过, 撤单).</summary>
public sealed record NoteRequest([property: MaxLength(WorkOrder.NoteMaxLength)] string? Note);

/// <summary>核查通过: grid staff confirm the work; the order is resolved and waits for the requester's rating.</summary>
public sealed class VerifyOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, NoteRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.Verify(caller, request.Note, now), ct);
    }
}
