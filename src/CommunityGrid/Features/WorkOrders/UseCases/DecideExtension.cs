using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

public sealed record ExtensionDecision(bool Approve = true, [property: MaxLength(WorkOrder.NoteMaxLength)] string? Note = null);

/// <summary>延期审批: the level above (community or higher) approves or refuses a pending request for more time.</summary>
public sealed class DecideExtension(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, ExtensionDecision request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.DecideExtension(caller, request.Approve, request.Note, now), ct);
    }
}
