using CommunityGrid.Features.Photos;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>A photo attached to an order is seen by whoever may see the order.</summary>
internal sealed class OrderPhotoAccess(WorkOrderDesk desk) : IAttachedPhotoAccess
{
    public async Task<bool> MaySeeOrderAsync(Guid workOrderId, CancellationToken ct)
    {
        var actor = await desk.ActorAsync(ct);
        return await desk.Visible(actor).AsNoTracking().AnyAsync(o => o.Id == workOrderId, ct);
    }
}
