using CommunityGrid.Data;

namespace CommunityGrid.Features.Wishes;

/// <summary>放弃认领: the claimer lets the wish go back on the wall.</summary>
public sealed class GiveUpWish(AppDbContext db, CurrentUser current, WishQueries queries)
{
    public async Task<WishView> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await queries.ForActionAsync(scope, id, ct);
        wish.GiveUp(scope.UserId!);
        await db.SaveInTransactionAsync(ct);
        return await queries.ViewAsync(id, ct);
    }
}
