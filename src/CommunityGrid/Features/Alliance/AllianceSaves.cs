using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

/// <summary>How the alliance's actions save: a lost race (same row changed, same unique key) is a broken rule, not a 500.</summary>
internal static class AllianceSaves
{
    /// <summary>Saves; a lost race (same row changed, same unique key) is the rule <paramref name="raceCode"/> names.</summary>
    public static async Task SaveOrRefuseAsync(this AppDbContext db, string raceCode, CancellationToken ct)
    {
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Unique.IsViolation(e))
        {
            throw new DomainRuleException(raceCode, "数据已被他人修改，请刷新后重试", "Someone else changed this just now; reload.");
        }
    }
}
