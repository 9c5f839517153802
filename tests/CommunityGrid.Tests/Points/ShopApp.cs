using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Points;

/// <summary>
/// The points app on a fake clock (2026-12-01 09:00 Beijing, after the demo was seeded) with the
/// points sweep off: tests move time and run the sweep themselves.
/// </summary>
public class ShopApp : AppFactory
{
    public const string Hexi = "150102001001";
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public ShopApp() => WithClock(Start).WithoutSweeps();

    /// <summary>Runs the points sweep once (the escalation sweep is <see cref="WorkOrderSteps.SweepAsync"/>).</summary>
    public async Task<(int Codes, int Accounts)> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PointsSweep>().RunOnceAsync();
    }

    /// <summary>A seeded item or offer, by its name and community.</summary>
    public Task<ShopItem> ItemAsync(string name, string communityCode = Hexi) => this.WithLedgerAsync((_, db) =>
        db.ShopItems.AsNoTracking().SingleAsync(i => i.Name == name && i.AreaPath.EndsWith("/" + communityCode + "/")));

    public Task<int> StockAsync(Guid itemId) => this.WithLedgerAsync((_, db) => db.ShopItems.Where(i => i.Id == itemId).Select(i => i.Stock).SingleAsync());

    public Task<PointsAccount> MerchantAccountAsync(string merchantName) => this.WithLedgerAsync(async (ledger, db) =>
        await ledger.MerchantAccountAsync(await db.Organisations.Where(o => o.Name == merchantName).Select(o => o.Id).SingleAsync()));

    public Task<PointsAccount> EscrowAsync(string communityCode = Hexi) => this.WithLedgerAsync(async (_, db) =>
    {
        await using var scope = Services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<PointsShop>();
        return await shop.EscrowAsync(await db.Areas.Where(a => a.Code == communityCode).Select(a => a.Path).SingleAsync());
    });

    /// <summary>A shop item made by the community's admin through the API.</summary>
    public async Task<Guid> AddShopItemAsync(string admin, string communityCode, string name, long price, int stock)
    {
        var client = await ClientForAsync(admin);
        var created = await (await client.PostAsJsonAsync($"/api/points/shop-items?communityCode={communityCode}", new { name, price, stock })).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>Redeems the item as the client's user; the code issued.</summary>
    public static async Task<RedemptionView> IssueCodeAsync(HttpClient client, Guid itemId) =>
        await (await client.PostAsync($"/api/points/shop/{itemId}/redeem", null)).ReadAsync<RedemptionView>(HttpStatusCode.Created);

    public static async Task<JsonElement> RedeemAsync(HttpClient client, Guid itemId) =>
        await (await client.PostAsync($"/api/points/shop/{itemId}/redeem", null)).JsonAsync(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> MerchantRedeemAsync(HttpClient client, string code) =>
        client.PostAsJsonAsync("/api/points/merchant/redeem", new { code });
}
