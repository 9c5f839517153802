using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>The new deadline in Beijing wall-clock time, and why.</summary>
public sealed record ExtensionRequest(DateTime Until, [property: Required, MaxLength(WorkOrder.NoteMaxLength)] string Reason);

/// <summary>延期申请: the handler asks for more time, before the deadline.</summary>
public sealed class RequestExtension(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, ExtensionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) => order.RequestExtension(caller, BeijingTime.ToUtc(request.Until), request.Reason, now), ct);
    }
}
