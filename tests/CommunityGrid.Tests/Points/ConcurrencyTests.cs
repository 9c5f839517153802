using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Points;

/// <summary>Races over real HTTP: balance, stock, a code and a retried request each decide once.</summary>
public sealed class ConcurrencyTests(ShopApp app) : IClassFixture<ShopApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private static async Task<string[]> OutcomesAsync(IEnumerable<Task<HttpResponseMessage>> requests)
    {
        var responses = await Task.WhenAll(requests);
        return await Task.WhenAll(responses.Select(async r => r.IsSuccessStatusCode
            ? "ok"
            : JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!));
    }

    [Fact]
    public async Task Fifty_parallel_redemptions_against_a_balance_for_ten_leave_exactly_ten()
    {
        // 王秀珍 of 三顺店社区 has no demo points: she earns exactly 100 and the item costs 10.
        var person = await app.PersonAccountAsync(DemoUsers.ResidentSanshundian1);
        await app.AwardAsync(person, 100 - await app.BalanceAsync(person.Id), "fifty-redemptions-funding");
        (await app.BalanceAsync(person.Id)).ShouldBe(100);
        var item = await app.AddShopItemAsync(DemoUsers.CommunityAdminSanshundian, "150103001001", "香皂", 10, 60);
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.ClientForAsync(DemoUsers.ResidentSanshundian1)));

        var outcomes = await OutcomesAsync(Enumerable.Range(0, 50).Select(i => clients[i % clients.Length].PostAsync($"/api/points/shop/{item}/redeem", null)));

        outcomes.Count(o => o == "ok").ShouldBe(10, string.Join(",", outcomes.Distinct()));
        outcomes.Where(o => o != "ok").ShouldAllBe(o => o == "insufficient_points");
        (await app.BalanceAsync(person.Id)).ShouldBe(0);
        (await app.StockAsync(item)).ShouldBe(50);
        (await app.WithLedgerAsync((_, db) => db.Redemptions.CountAsync(r => r.ItemId == item))).ShouldBe(10);
        await app.BooksShouldBalanceAsync();
    }

    [Fact]
    public async Task Fifty_parallel_redemptions_against_a_stock_of_ten_leave_exactly_ten()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentShiqi1);
        var before = await app.BalanceAsync(person.Id);
        before.ShouldBeGreaterThanOrEqualTo(50);
        var item = await app.AddShopItemAsync(DemoUsers.CommunityAdminShiqi, "150105001001", "肥皂", 1, 10);
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.ClientForAsync(DemoUsers.ResidentShiqi1)));

        var outcomes = await OutcomesAsync(Enumerable.Range(0, 50).Select(i => clients[i % clients.Length].PostAsync($"/api/points/shop/{item}/redeem", null)));

        outcomes.Count(o => o == "ok").ShouldBe(10, string.Join(",", outcomes.Distinct()));
        outcomes.Where(o => o != "ok").ShouldAllBe(o => o == "out_of_stock");
        (await app.StockAsync(item)).ShouldBe(0);
        (await app.BalanceAsync(person.Id)).ShouldBe(before - 10);
    }

    [Fact]
    public async Task Parallel_redeems_of_one_code_settle_once()
    {
        var offer = await app.ItemAsync("理发一次");
        var merchant = await app.MerchantAccountAsync("河西爱心理发店");
        var merchantBefore = await app.BalanceAsync(merchant.Id);
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = await ShopApp.RedeemAsync(resident, offer.Id);
        var shops = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientForAsync(DemoUsers.MerchantHexi1)));

        var outcomes = await OutcomesAsync(Enumerable.Range(0, 20).Select(i => ShopApp.MerchantRedeemAsync(shops[i % shops.Length], code.GetProperty("code").GetString()!)));

        outcomes.Count(o => o == "ok").ShouldBe(1);
        outcomes.Where(o => o != "ok").ShouldAllBe(o => o == "code_already_used");
        (await app.BalanceAsync(merchant.Id)).ShouldBe(merchantBefore + 50);
        var id = code.GetProperty("id").GetGuid().ToString();
        (await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync(t => t.Source == TransferSource.Settlement && t.SourceRef == id))).ShouldBe(1);
    }

    [Fact]
    public async Task A_redeem_and_a_cancel_at_once_end_the_code_one_way()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var offer = await app.ItemAsync("老人上门理发");
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = await ShopApp.RedeemAsync(resident, offer.Id);
        var afterIssue = await app.BalanceAsync(person.Id);
        var shop = await app.ClientForAsync(DemoUsers.MerchantHexi1);

        var outcomes = await OutcomesAsync([
            ShopApp.MerchantRedeemAsync(shop, code.GetProperty("code").GetString()!),
            resident.PostAsync($"/api/points/codes/{code.GetProperty("id").GetGuid()}/cancel", null),
        ]);

        outcomes.Count(o => o == "ok").ShouldBe(1, string.Join(",", outcomes));
        var status = (await app.WithLedgerAsync((_, db) => db.Redemptions.SingleAsync(r => r.Id == code.GetProperty("id").GetGuid()))).Status;
        (await app.BalanceAsync(person.Id)).ShouldBe(status == RedemptionStatus.Cancelled ? afterIssue + 40 : afterIssue);
    }

    [Fact]
    public async Task A_redemption_retried_with_the_same_idempotency_key_is_made_once()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var offer = await app.ItemAsync("小家电维修一次");
        var before = await app.BalanceAsync(person.Id);
        var stock = await app.StockAsync(offer.Id);
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);

        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/points/shop/{offer.Id}/redeem");
            request.Headers.Add("Idempotency-Key", "redeem-repair-once");
            return await resident.SendAsync(request);
        }

        var first = await (await Post()).JsonAsync(HttpStatusCode.Created);
        var retry = await Post();
        var second = await retry.JsonAsync(HttpStatusCode.Created);

        retry.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        second.GetProperty("code").GetString().ShouldBe(first.GetProperty("code").GetString());
        (await app.BalanceAsync(person.Id)).ShouldBe(before - 40);
        (await app.StockAsync(offer.Id)).ShouldBe(stock - 1);
        (await app.WithLedgerAsync((_, db) => db.Redemptions.CountAsync(r => r.ItemId == offer.Id))).ShouldBe(1);
    }
}
