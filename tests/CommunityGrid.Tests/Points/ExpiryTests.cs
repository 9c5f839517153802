using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Lot = CommunityGrid.Features.Points.PointsExpiry.Lot;

namespace CommunityGrid.Tests.Points;

public sealed class PointsExpiryArithmeticTests
{
    private static readonly DateTime Now = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Nothing_lapses_before_its_date()
    {
        PointsExpiry.Lapsed([new Lot(50, Now.AddDays(1))], paidOut: 0, otherCredits: 0, balance: 50, Now).ShouldBe(0);
    }

    [Fact]
    public void Spending_consumes_the_oldest_awards_first()
    {
        // 30 lapsed yesterday, 50 lapse next month; 40 were spent: the 30 first, then 10 of the 50.
        Lot[] awards = [new(50, Now.AddMonths(1)), new(30, Now.AddDays(-1))];
        PointsExpiry.Lapsed(awards, paidOut: 40, otherCredits: 0, balance: 40, Now).ShouldBe(0);
        PointsExpiry.Lapsed(awards, paidOut: 20, otherCredits: 0, balance: 60, Now).ShouldBe(10);
        PointsExpiry.Lapsed(awards, paidOut: 20, otherCredits: 0, balance: 60, Now.AddMonths(2)).ShouldBe(60);
    }

    [Fact]
    public void Points_that_never_lapse_are_spent_last()
    {
        Lot[] awards = [new(100, null), new(40, Now.AddDays(-3))];
        PointsExpiry.Lapsed(awards, paidOut: 25, otherCredits: 0, balance: 115, Now).ShouldBe(15);
    }

    [Fact]
    public void A_refund_gives_back_what_a_spend_had_consumed()
    {
        Lot[] awards = [new(40, Now.AddDays(-3))];
        PointsExpiry.Lapsed(awards, paidOut: 40, otherCredits: 40, balance: 40, Now).ShouldBe(40);
    }

    [Fact]
    public void An_earlier_lapse_counts_as_paid_out_so_a_second_pass_finds_nothing()
    {
        Lot[] awards = [new(40, Now.AddDays(-3)), new(10, null)];
        var first = PointsExpiry.Lapsed(awards, paidOut: 0, otherCredits: 0, balance: 50, Now);
        first.ShouldBe(40);
        PointsExpiry.Lapsed(awards, paidOut: first, otherCredits: 0, balance: 50 - first, Now).ShouldBe(0);
    }

    [Fact]
    public void Never_more_than_the_balance_lapses()
    {
        PointsExpiry.Lapsed([new Lot(40, Now.AddDays(-3))], paidOut: 0, otherCredits: 0, balance: 25, Now).ShouldBe(25);
    }
}

public sealed class PointsExpiryTests(ShopApp app) : IClassFixture<ShopApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task Lapsed_award_points_go_back_to_the_pool_first_in_first_out_and_only_once()
    {
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        await (await admin.PutAsJsonAsync($"/api/points/policies/{ShopApp.Hexi}", new
        {
            hourlyRate = 10,
            workOrderAward = 20,
            problemReportAward = 5,
            wishAward = 30,
            dailyCap = 200,
            expiryMonths = 1,
        })).JsonAsync();
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var opening = await app.BalanceAsync(person.Id);
        // The demo's opening points were awarded before the policy: they never lapse.
        var award = await app.AwardAsync(person, 40, "expiring-award");
        award.Transfer!.ExpiresAt.ShouldBe(app.Clock.GetUtcNow().UtcDateTime.AddMonths(1));
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = (await ShopApp.RedeemAsync(resident, (await app.ItemAsync("洗衣液一瓶")).Id)).GetProperty("code").GetString()!;
        (await (await ShopApp.MerchantRedeemAsync(admin, code)).JsonAsync()).GetProperty("status").GetString().ShouldBe("Redeemed");
        var pool = await app.WithLedgerAsync((ledger, _) => ledger.PoolAsync(person.AreaPath));

        (await app.SweepAsync()).Accounts.ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromDays(32));
        var poolBefore = await app.BalanceAsync(pool.Id);
        var first = await app.SweepAsync();
        var again = await app.SweepAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await app.SweepAsync();

        // 30 spent came out of the 40 that lapse soonest: 10 of them lapse, the opening stays.
        first.Accounts.ShouldBeGreaterThanOrEqualTo(1);
        again.Accounts.ShouldBe(0);
        nextDay.Accounts.ShouldBe(0);
        (await app.BalanceAsync(person.Id)).ShouldBe(opening);
        (await app.BalanceAsync(pool.Id)).ShouldBe(poolBefore + 10);
        var lapses = await app.WithLedgerAsync((_, db) => db.PointsTransfers.Where(t => t.Source == TransferSource.Expiry && t.FromAccountId == person.Id).ToListAsync());
        lapses.Count.ShouldBe(1);
        lapses[0].Amount.ShouldBe(10);
        var statement = await (await (await app.ClientForAsync(DemoUsers.ResidentHexi1)).GetAsync("/api/points/me")).JsonAsync();
        statement.GetProperty("movements").GetProperty("items")[0].GetProperty("source").GetString().ShouldBe("Expiry");
    }

    [Fact]
    public async Task Without_an_expiry_nothing_lapses()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentShiqi1);
        var award = await app.AwardAsync(person, 5, "no-expiry-award");
        award.Transfer!.ExpiresAt.ShouldBeNull();
        var before = await app.BalanceAsync(person.Id);

        app.Clock.Advance(TimeSpan.FromDays(400));
        await app.SweepAsync();

        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        (await client.GetAsync("/api/points/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
