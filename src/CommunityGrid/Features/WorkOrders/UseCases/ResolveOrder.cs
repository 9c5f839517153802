using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;

namespace CommunityGrid.Features.WorkOrders;

public sealed record ResolveRequest([property: Required, MaxLength(WorkOrder.NoteMaxLength)] string Note, IReadOnlyList<Guid>? PhotoIds);

/// <summary>
/// 办结: the handler reports the order done, with a note and photos, and the grid verifies it; or grid
/// staff answer a consultation on the spot (当场答复) before it is dispatched.
/// </summary>
public sealed class ResolveOrder(AppDbContext db, OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, ResolveRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, async (order, caller, now) =>
        {
            if (order.Status == WorkOrderStatus.AwaitingDispatch)
            {
                WorkOrder.OnlyConsultationsAreAnsweredOnTheSpot(await step.CategoryOfAsync(order, ct));
            }

            await OrderPhotos.AttachAsync(db, caller, order.Id, request.PhotoIds, ct);
            order.Resolve(caller, request.Note, request.PhotoIds, now);
        }, ct);
    }
}
