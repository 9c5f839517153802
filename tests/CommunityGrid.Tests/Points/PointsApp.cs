using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Points;

/// <summary>An app for ledger tests, with direct access to the ledger the way other features call it.</summary>
public class PointsApp : AppFactory
{
    public async Task<T> WithLedgerAsync<T>(Func<PointsLedger, AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PointsLedger>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public Task<PointsAccount> PersonAccountAsync(string userName) => WithLedgerAsync(async (ledger, db) =>
    {
        var personId = await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync();
        return await ledger.PersonAccountAsync(personId!.Value);
    });

    public Task<AwardResult> AwardAsync(PointsAccount to, long amount, string sourceRef, TransferSource source = TransferSource.VolunteerHours) =>
        WithLedgerAsync((ledger, _) => ledger.AwardAsync(new Award(source, sourceRef, to.AreaPath, to.Id, amount, "测试奖励")));

    public Task<long> BalanceAsync(Guid accountId) => WithLedgerAsync((_, db) => db.PointsAccounts.Where(a => a.Id == accountId).Select(a => a.Balance).SingleAsync());

    /// <summary>The books of the whole city: every balance matches its transfers, and all sum to zero.</summary>
    public async Task BooksShouldBalanceAsync()
    {
        var check = await WithLedgerAsync((ledger, _) => ledger.CheckBooksAsync());
        check.Sum.ShouldBe(0);
        check.MismatchedAccounts.ShouldBeEmpty();
    }
}
