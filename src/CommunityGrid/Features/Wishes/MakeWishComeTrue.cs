using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

public sealed record FulfilWish([property: MaxLength(Wish.NoteMaxLength)] string Note, IReadOnlyList<Guid>? PhotoIds);

/// <summary>实现: the claimer says the wish came true, with a note and photos they uploaded to /api/photos.</summary>
public sealed class MakeWishComeTrue(AppDbContext db, CurrentUser current, WishQueries queries, TimeProvider clock)
{
    public async Task<WishView> HandleAsync(Guid id, FulfilWish request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var wish = await queries.ForActionAsync(scope, id, ct);
        var photos = request.PhotoIds?.Distinct().ToList() ?? [];
        var own = await db.Photos.AsNoTracking().Where(p => photos.Contains(p.Id) && p.UploaderUserId == scope.UserId && p.WorkOrderId == null).CountAsync(ct);
        if (own != photos.Count)
        {
            throw new InvalidInputException("photo_unknown", "照片不存在，请重新上传", "A photo was not found; upload it again.");
        }

        wish.Fulfil(scope.UserId!, request.Note, photos, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);
        return await queries.ViewAsync(id, ct);
    }
}
