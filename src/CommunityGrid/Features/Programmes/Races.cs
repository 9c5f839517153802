using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Programmes;

/// <summary>
/// Writes whose races the database settles: a concurrency token or a unique index refuses the loser, which
/// is then run again on fresh data — where the rule it meets (vote changed, seat taken, budget spent) gives
/// the answer a request made a moment later would get. After a few lost rounds the 409 goes to the caller.
/// </summary>
internal static class Races
{
    private const int Attempts = 6;

    public static async Task<T> SettleAsync<T>(AppDbContext db, Func<Task<T>> attempt, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await attempt();
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException e) when (round < Attempts && (e is DbUpdateConcurrencyException || Unique.IsViolation(e)))
            {
                db.ChangeTracker.Clear();
                await Task.Delay(Random.Shared.Next(5, 20) * round, ct);
            }
        }
    }
}
