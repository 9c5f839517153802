using CommunityGrid.Features.Photos;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>A photo attached to an order is seen by whoever may see the order.</summary>
internal sealed class OrderPhotoAccess(OrderSight sight) : IAttachedPhotoAccess
{
    public async Task<bool> MaySeeOrderAsync(Guid workOrderId, CancellationToken ct)
    {
        var actor = await sight.CallerAsync(ct);
        return await sight.Visible(actor, workOrderId).AsNoTracking().AnyAsync(o => o.Id == workOrderId, ct);
    }
}
