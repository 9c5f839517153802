using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Points;

public sealed class LedgerTests(PointsApp app) : IClassFixture<PointsApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task An_award_moves_points_from_the_community_pool_and_the_books_sum_to_zero()
    {
        var account = await app.PersonAccountAsync(DemoUsers.VolunteerShiqi1);
        var before = await app.BalanceAsync(account.Id);
        var result = await app.AwardAsync(account, 30, "hours-award-1");

        result.Transfer.ShouldNotBeNull();
        result.Granted.ShouldBe(30);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 30);
        var pool = await app.WithLedgerAsync((ledger, _) => ledger.PoolAsync(account.AreaPath));
        pool.Kind.ShouldBe(AccountKind.CommunityPool);
        pool.Balance.ShouldBeLessThan(0);
        await app.BooksShouldBalanceAsync();
    }

    [Fact]
    public async Task The_same_source_awarded_twice_pays_once()
    {
        var account = await app.PersonAccountAsync(DemoUsers.PartyMemberShiqi1);
        var before = await app.BalanceAsync(account.Id);
        var first = await app.AwardAsync(account, 20, "order-award-twice", TransferSource.WorkOrder);
        var second = await app.AwardAsync(account, 20, "order-award-twice", TransferSource.WorkOrder);

        second.AlreadyAwarded.ShouldBeTrue();
        second.Transfer!.Id.ShouldBe(first.Transfer!.Id);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 20);
    }

    [Fact]
    public async Task Parallel_awards_of_one_source_make_one_transfer()
    {
        var account = await app.PersonAccountAsync(DemoUsers.PartyMemberShiqi2);
        var before = await app.BalanceAsync(account.Id);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => app.AwardAsync(account, 15, "wish-parallel", TransferSource.Wish))));

        results.Select(r => r.Transfer!.Id).Distinct().Count().ShouldBe(1);
        results.Count(r => !r.AlreadyAwarded).ShouldBe(1);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 15);
        (await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync(t => t.Source == TransferSource.Wish && t.SourceRef == "wish-parallel"))).ShouldBe(1);
    }

    [Fact]
    public async Task The_daily_cap_limits_what_one_person_earns_in_a_day()
    {
        var account = await app.PersonAccountAsync(DemoUsers.ResidentShiqi2);
        // Demo communities use the default cap of 200 a day.
        var big = await app.AwardAsync(account, 180, "cap-1");
        var over = await app.AwardAsync(account, 50, "cap-2");
        var none = await app.AwardAsync(account, 10, "cap-3");

        big.Granted.ShouldBe(180);
        over.Granted.ShouldBe(20);
        over.Capped.ShouldBeTrue();
        none.Transfer.ShouldBeNull();
        none.Granted.ShouldBe(0);
    }

    [Fact]
    public async Task A_transfer_the_payer_cannot_cover_is_refused_and_changes_nothing()
    {
        var payer = await app.PersonAccountAsync(DemoUsers.ResidentShiqi1);
        var merchant = await app.WithLedgerAsync(async (ledger, db) =>
            await ledger.MerchantAccountAsync(await db.Users.Where(u => u.UserName == DemoUsers.MerchantHexi1).Select(u => u.OrganisationId!.Value).SingleAsync()));
        await app.AwardAsync(payer, 5, "small-award");
        var before = await app.BalanceAsync(payer.Id);

        var refused = await Should.ThrowAsync<DomainRuleException>(() => app.WithLedgerAsync((ledger, _) =>
            ledger.TransferAsync(new TransferCommand(payer.Id, merchant.Id, before + 1, TransferSource.Redemption, "too-much", "兑换", payer.AreaPath))));

        refused.Code.ShouldBe("insufficient_points");
        (await app.BalanceAsync(payer.Id)).ShouldBe(before);
        (await app.WithLedgerAsync((ledger, _) => ledger.ForSourceAsync(TransferSource.Redemption, "too-much"))).ShouldBeNull();
    }

    [Fact]
    public async Task Fifty_parallel_spends_against_a_balance_for_ten_leave_exactly_ten()
    {
        var payer = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var merchant = await app.WithLedgerAsync(async (ledger, db) =>
            await ledger.MerchantAccountAsync(await db.Users.Where(u => u.UserName == DemoUsers.MerchantHexi1).Select(u => u.OrganisationId!.Value).SingleAsync()));
        await app.AwardAsync(payer, 100, "ten-spends-funding");
        // The demo gives 白玉兰 opening points; each spend is a tenth of what she holds now.
        var start = await app.BalanceAsync(payer.Id);
        (start % 10).ShouldBe(0);
        var unit = start / 10;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await app.WithLedgerAsync((ledger, _) => ledger.TransferAsync(new TransferCommand(payer.Id, merchant.Id, unit, TransferSource.Redemption, $"spend-{i}", "兑换", payer.AreaPath)));
                return "ok";
            }
            catch (DomainRuleException e)
            {
                return e.Code;
            }
        })));

        outcomes.Count(o => o == "ok").ShouldBe(10);
        outcomes.Where(o => o != "ok").ShouldAllBe(o => o == "insufficient_points");
        (await app.BalanceAsync(payer.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_transfer_row_cannot_be_edited_or_deleted()
    {
        var account = await app.PersonAccountAsync(DemoUsers.VolunteerShiqi1);
        var award = await app.AwardAsync(account, 3, "append-only-check");

        var edit = await Should.ThrowAsync<DomainRuleException>(() => app.WithLedgerAsync(async (_, db) =>
        {
            var row = await db.PointsTransfers.SingleAsync(t => t.Id == award.Transfer!.Id);
            db.PointsTransfers.Remove(row);
            return await db.SaveChangesAsync();
        }));
        edit.Code.ShouldBe("audit_is_append_only");
    }

    [Fact]
    public async Task My_points_show_the_balance_and_the_latest_movements()
    {
        var account = await app.PersonAccountAsync(DemoUsers.ResidentSanshundian1);
        await app.AwardAsync(account, 12, "me-view", TransferSource.WorkOrder);
        var client = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);

        var me = await (await client.GetAsync("/api/points/me")).JsonAsync();

        me.GetProperty("account").GetProperty("balance").GetInt64().ShouldBe(await app.BalanceAsync(account.Id));
        var latest = me.GetProperty("movements").GetProperty("items")[0];
        latest.GetProperty("amount").GetInt64().ShouldBe(12);
        latest.GetProperty("source").GetString().ShouldBe("WorkOrder");
        latest.GetProperty("counterparty").GetString()!.ShouldContain("积分池");
    }

    [Fact]
    public async Task A_community_admin_reverses_a_transfer_once_and_others_cannot_see_it()
    {
        var account = await app.PersonAccountAsync(DemoUsers.PartyMemberShiqi1);
        var award = await app.AwardAsync(account, 7, "to-reverse");
        var before = await app.BalanceAsync(account.Id);
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var stranger = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        var url = $"/api/points/transfers/{award.Transfer!.Id}/reverse";

        await (await stranger.PostAsJsonAsync(url, new { reason = "录入错误" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var reversal = await (await admin.PostAsJsonAsync(url, new { reason = "录入错误" })).JsonAsync();
        reversal.GetProperty("source").GetString().ShouldBe("Reversal");
        (await app.BalanceAsync(account.Id)).ShouldBe(before - 7);
        await (await admin.PostAsJsonAsync(url, new { reason = "再来一次" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_reversed");
        (await app.BalanceAsync(account.Id)).ShouldBe(before - 7);
    }

    [Fact]
    public async Task The_books_page_of_a_community_shows_the_pool_and_that_the_city_balances()
    {
        var account = await app.PersonAccountAsync(DemoUsers.VolunteerShiqi1);
        await app.AwardAsync(account, 4, "books-view");
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var books = await (await admin.GetAsync("/api/points/books?areaCode=150105001001")).JsonAsync();

        books.GetProperty("balanced").GetBoolean().ShouldBeTrue();
        books.GetProperty("poolBalance").GetInt64().ShouldBeLessThan(0);
        (books.GetProperty("poolBalance").GetInt64() + books.GetProperty("heldByPeople").GetInt64() + books.GetProperty("heldByTeams").GetInt64()
            + books.GetProperty("heldByMerchants").GetInt64()).ShouldBeLessThanOrEqualTo(0);
        await (await admin.GetAsync("/api/points/books?areaCode=150102001001")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_community_sets_its_rates_and_bad_rules_are_refused_without_change()
    {
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminLicheng);
        var ok = await (await admin.PutAsJsonAsync("/api/points/policies/150104001001", new
        {
            hourlyRate = 12,
            typeRates = new { ElderCare = 20 },
            workOrderAward = 25,
            problemReportAward = 8,
            wishAward = 40,
            dailyCap = 300,
            expiryMonths = 12,
        })).JsonAsync();
        ok.GetProperty("typeRates").GetProperty("ElderCare").GetInt32().ShouldBe(20);
        ok.GetProperty("expiryMonths").GetInt32().ShouldBe(12);

        await (await admin.PutAsJsonAsync("/api/points/policies/150104001001", new
        {
            hourlyRate = -1,
            workOrderAward = 25,
            problemReportAward = 8,
            wishAward = 40,
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_points");
        var still = await (await admin.GetAsync("/api/points/policies/150104001001")).JsonAsync();
        still.GetProperty("hourlyRate").GetInt32().ShouldBe(12);
        await (await admin.PutAsJsonAsync("/api/points/policies/150105001001", new { hourlyRate = 1, workOrderAward = 1, problemReportAward = 1, wishAward = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
