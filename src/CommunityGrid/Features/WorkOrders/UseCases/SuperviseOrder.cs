using System.ComponentModel.DataAnnotations;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>The instruction, and optionally a new deadline in Beijing wall-clock time.</summary>
public sealed record SuperviseRequest([property: Required, MaxLength(WorkOrder.NoteMaxLength)] string Note, DateTime? NewDeadline);

/// <summary>督办: community level or above presses the handler of an open order, optionally with a new deadline.</summary>
public sealed class SuperviseOrder(OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, SuperviseRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, (order, caller, now) =>
            order.Supervise(caller, request.Note, request.NewDeadline is { } d ? BeijingTime.ToUtc(d) : null, now), ct);
    }
}
