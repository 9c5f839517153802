using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>Photos named in a report or a resolution: the caller's own uploads, not used elsewhere, at most nine.</summary>
internal static class OrderPhotos
{
    public const int MaxPerStep = 9;

    public static async Task AttachAsync(AppDbContext db, Actor actor, Guid orderId, IReadOnlyList<Guid>? photoIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (photoIds is not { Count: > 0 })
        {
            return;
        }

        if (photoIds.Count > MaxPerStep)
        {
            throw new InvalidInputException("too_many_photos", "每次最多 9 张照片", "At most 9 photos at a time.");
        }

        var ids = photoIds.Distinct().ToList();
        var photos = await db.Photos.Where(p => ids.Contains(p.Id) && p.UploaderUserId == actor.UserId && p.WorkOrderId == null).ToListAsync(ct);
        if (photos.Count != ids.Count)
        {
            throw new InvalidInputException("photo_unknown", "照片不存在或已被使用，请重新上传", "A photo is unknown or already used; upload it again.");
        }

        foreach (var photo in photos)
        {
            photo.AttachTo(orderId);
        }
    }
}
