using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Wishes;

public sealed record RejectWish([property: Required, MaxLength(Wish.NoteMaxLength)] string Reason);

/// <summary>审核: the community's staff put a wish on the wall, or send it back with a reason.</summary>
public sealed class ReviewWish(AppDbContext db, CurrentUser current, WishQueries queries, TimeProvider clock)
{
    public Task<WishView> ApproveAsync(Guid id, CancellationToken ct = default) =>
        DecideAsync(id, (wish, scope, now) => wish.Approve(scope.UserId!, now), ct);

    public Task<WishView> RejectAsync(Guid id, string reason, CancellationToken ct = default) =>
        DecideAsync(id, (wish, scope, now) => wish.Reject(scope.UserId!, reason, now), ct);

    private async Task<WishView> DecideAsync(Guid id, Action<Wish, Scope, DateTime> decide, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await queries.ForActionAsync(scope, id, ct);
        if (!scope.IsStaffOf(wish.CommunityPath))
        {
            throw new DomainRuleException("not_community_staff", "只有社区管理员或本社区网格员可以审核心愿", "Only community admins and the community's grid staff review wishes.");
        }

        decide(wish, scope, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);
        return await queries.ViewAsync(id, ct);
    }
}
