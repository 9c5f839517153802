using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests;

/// <summary>The ledger the way other features call it, on any host.</summary>
public static class LedgerSteps
{
    public static async Task<T> WithLedgerAsync<T>(this TestHost app, Func<PointsLedger, AppDbContext, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PointsLedger>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public static Task<PointsAccount> PersonAccountAsync(this TestHost app, string userName) => app.WithLedgerAsync(async (ledger, db) =>
    {
        var personId = await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync();
        return await ledger.PersonAccountAsync(personId!.Value);
    });

    public static Task<AwardResult> AwardAsync(this TestHost app, PointsAccount to, long amount, string sourceRef, TransferSource source = TransferSource.VolunteerHours)
    {
        ArgumentNullException.ThrowIfNull(to);
        return app.WithLedgerAsync((ledger, _) => ledger.AwardAsync(new Award(source, sourceRef, to.AreaPath, to.Id, amount, "测试奖励")));
    }

    public static Task<long> BalanceAsync(this TestHost app, Guid accountId) =>
        app.WithLedgerAsync((_, db) => db.PointsAccounts.Where(a => a.Id == accountId).Select(a => a.Balance).SingleAsync());

    /// <summary>The books of the whole city: every balance matches its transfers, and all sum to zero.</summary>
    public static async Task BooksShouldBalanceAsync(this TestHost app)
    {
        var check = await app.WithLedgerAsync((ledger, _) => ledger.CheckBooksAsync());
        check.Sum.ShouldBe(0);
        check.MismatchedAccounts.ShouldBeEmpty();
    }
}
