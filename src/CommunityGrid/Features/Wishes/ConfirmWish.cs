using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

/// <summary>确认 and pay the claimer, in one transaction: a wish confirmed twice (or twice at once) pays once.</summary>
public sealed class ConfirmWish(AppDbContext db, CurrentUser current, WishQueries queries, PointsLedger ledger, TimeProvider clock)
{
    public async Task<WishView> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await queries.ForActionAsync(scope, id, ct);
        if (!wish.ConfirmsFor(scope))
        {
            throw new DomainRuleException("not_the_wisher", "只有许愿人（或代发的网格员）可以确认", "Only the wisher, or who posted for them, can confirm.");
        }

        wish.Confirm(scope.UserId!, clock.GetUtcNow().UtcDateTime);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var policy = await ledger.PolicyAsync(wish.AreaPath, ct);
            var account = wish.ClaimerKind == ClaimerKind.Team
                ? await ledger.AccountAsync(AccountKind.Team, wish.ClaimerTeamId!.Value, wish.ClaimerName!, wish.CommunityPath, ct)
                : await ledger.PersonAccountAsync(wish.ClaimerPersonId!.Value, ct);
            var result = await ledger.AwardAsync(new Award(TransferSource.Wish, wish.Id.ToString(), wish.AreaPath, account.Id, policy.WishAward, $"实现微心愿：{wish.Title}"), ct);
            wish.RecordAward(result.Granted);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Unique.IsViolation(e))
        {
            throw new DomainRuleException("already_confirmed", "该心愿已确认", "The wish was confirmed already.");
        }

        return await queries.ViewAsync(id, ct);
    }
}
