using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Points;

public sealed class RedemptionTests(ShopApp app) : IClassFixture<ShopApp>, IAsyncLifetime
{
    /// <summary>白玉兰 spends in most tests: one more award (once per fixture, the source is unique) covers them all.</summary>
    public async ValueTask InitializeAsync() => await app.AwardAsync(await app.PersonAccountAsync(DemoUsers.ResidentHexi1), 200, "shop-tests-funding");

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task The_shop_of_a_resident_shows_their_communitys_items_and_the_offers_of_merchants_city_wide()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentHexi1);

        var shop = await (await client.GetAsync("/api/points/shop")).ReadAsync<Page<ItemView>>();

        var names = shop.Items.Select(i => i.Name).ToList();
        names.ShouldContain("洗衣液一瓶");
        names.ShouldContain("理发一次");
        names.ShouldContain("剪发一次"); // a merchant of 俪城社区: offers are open to the whole city
        names.ShouldNotContain("保温杯"); // the shop of 仕奇社区: its residents only
        shop.Items.Single(i => i.Name == "理发一次").MerchantName.ShouldBe("河西爱心理发店");
    }

    [Fact]
    public async Task Redeeming_an_offer_takes_stock_and_holds_the_points_in_escrow_and_gives_a_code_with_a_qr()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var offer = await app.ItemAsync("老人上门理发");
        var before = await app.BalanceAsync(person.Id);
        var escrow = await app.EscrowAsync();
        var escrowBefore = await app.BalanceAsync(escrow.Id);
        var stock = await app.StockAsync(offer.Id);
        var client = await app.ClientForAsync(DemoUsers.ResidentHexi1);

        var code = await ShopApp.IssueCodeAsync(client, offer.Id);

        code.Status.ShouldBe(RedemptionStatus.Issued);
        code.Code.ShouldMatch("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$");
        // Valid for the configured 7 days from issue (other tests of this class move the shared clock, so measure from the code itself).
        code.ExpiresAt.ShouldBe(code.CreatedAt.AddDays(7));
        (await app.BalanceAsync(person.Id)).ShouldBe(before - 40);
        (await app.BalanceAsync(escrow.Id)).ShouldBe(escrowBefore + 40);
        (await app.StockAsync(offer.Id)).ShouldBe(stock - 1);
        var qr = await client.GetAsync($"/api/points/codes/{code.Id}/qr");
        qr.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await qr.Content.ReadAsStringAsync()).ShouldContain("<svg");
        var mine = await (await client.GetAsync("/api/points/codes")).ReadAsync<Page<RedemptionView>>();
        mine.Items[0].Code.ShouldBe(code.Code);
        // Nobody else sees the code.
        var other = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        await (await other.GetAsync($"/api/points/codes/{code.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_merchant_redeems_a_code_once_and_the_points_move_from_escrow_to_the_merchant()
    {
        var offer = await app.ItemAsync("理发一次");
        var merchant = await app.MerchantAccountAsync("河西爱心理发店");
        var merchantBefore = await app.BalanceAsync(merchant.Id);
        var escrow = await app.EscrowAsync();
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = (await ShopApp.IssueCodeAsync(resident, offer.Id)).Code;
        var escrowHeld = await app.BalanceAsync(escrow.Id);
        var shop = await app.ClientForAsync(DemoUsers.MerchantHexi1);

        // Typed in lower case with a space: still the code.
        var used = await (await ShopApp.MerchantRedeemAsync(shop, code[..4].ToLowerInvariant() + " " + code[4..])).ReadAsync<RedemptionView>();

        used.Status.ShouldBe(RedemptionStatus.Redeemed);
        used.ItemName.ShouldBe("理发一次");
        used.PersonName.ShouldBe("白**");
        (await app.BalanceAsync(merchant.Id)).ShouldBe(merchantBefore + 50);
        (await app.BalanceAsync(escrow.Id)).ShouldBe(escrowHeld - 50);
        await (await ShopApp.MerchantRedeemAsync(shop, code)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "code_already_used");
        (await app.BalanceAsync(merchant.Id)).ShouldBe(merchantBefore + 50);
        var today = await (await shop.GetAsync("/api/points/merchant/redemptions/today")).ReadAsync<Page<RedemptionView>>();
        today.Items.Select(i => i.Code).ShouldContain(code);
        var cancel = await resident.PostAsync($"/api/points/codes/{used.Id}/cancel", null);
        await cancel.ShouldBeProblemAsync(HttpStatusCode.Conflict, "code_already_used");
    }

    [Fact]
    public async Task A_code_of_another_merchant_or_an_unknown_code_is_refused()
    {
        var repair = await app.ItemAsync("小家电维修一次");
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = (await ShopApp.IssueCodeAsync(resident, repair.Id)).Code;
        var barber = await app.ClientForAsync(DemoUsers.MerchantHexi1);
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);

        await (await ShopApp.MerchantRedeemAsync(barber, code)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "wrong_merchant");
        await (await ShopApp.MerchantRedeemAsync(admin, code)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "wrong_merchant");
        await (await ShopApp.MerchantRedeemAsync(barber, "ZZZZ2222")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "code_not_found");
        await (await ShopApp.MerchantRedeemAsync(barber, "abc")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "code_not_found");
        var still = await app.WithLedgerAsync((_, db) => db.Redemptions.SingleAsync(r => r.Code == code));
        still.Status.ShouldBe(RedemptionStatus.Issued);
    }

    [Fact]
    public async Task A_shop_item_is_handed_out_by_the_community_and_its_points_go_to_the_pool()
    {
        var item = await app.ItemAsync("纯棉毛巾");
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var pool = await app.WithLedgerAsync((ledger, _) => ledger.PoolAsync(item.AreaPath));
        var poolBefore = await app.BalanceAsync(pool.Id);
        var code = (await ShopApp.IssueCodeAsync(resident, item.Id)).Code;

        await (await ShopApp.MerchantRedeemAsync(await app.ClientForAsync(DemoUsers.MerchantHexi1), code)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "wrong_merchant");
        await (await ShopApp.MerchantRedeemAsync(await app.ClientForAsync(DemoUsers.CommunityAdminShiqi), code)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "wrong_merchant");
        (await (await ShopApp.MerchantRedeemAsync(await app.ClientForAsync(DemoUsers.CommunityAdminHexi), code)).ReadAsync<RedemptionView>()).Status.ShouldBe(RedemptionStatus.Redeemed);

        (await app.BalanceAsync(pool.Id)).ShouldBe(poolBefore + 15);
    }

    [Fact]
    public async Task Cancelling_an_unused_code_refunds_the_points_and_returns_the_stock_once()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var offer = await app.ItemAsync("理发一次");
        var before = await app.BalanceAsync(person.Id);
        var stock = await app.StockAsync(offer.Id);
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = await ShopApp.IssueCodeAsync(resident, offer.Id);
        var id = code.Id;

        var cancelled = await (await resident.PostAsync($"/api/points/codes/{id}/cancel", null)).ReadAsync<RedemptionView>();

        cancelled.Status.ShouldBe(RedemptionStatus.Cancelled);
        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        (await app.StockAsync(offer.Id)).ShouldBe(stock);
        await (await resident.PostAsync($"/api/points/codes/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "code_cancelled");
        await (await ShopApp.MerchantRedeemAsync(await app.ClientForAsync(DemoUsers.MerchantHexi1), code.Code))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "code_cancelled");
        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        var stranger = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        await (await stranger.PostAsync($"/api/points/codes/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Not_enough_points_is_refused_and_takes_no_stock()
    {
        // A pricey item so that no balance of the demo covers it.
        var gold = await app.AddShopItemAsync(DemoUsers.CommunityAdminHexi, ShopApp.Hexi, "金条", 99_999, 5);
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var before = await app.BalanceAsync(person.Id);

        await (await resident.PostAsync($"/api/points/shop/{gold}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "insufficient_points");

        (await app.StockAsync(gold)).ShouldBe(5);
        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        (await app.WithLedgerAsync((_, db) => db.Redemptions.CountAsync(r => r.ItemId == gold))).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_first_redemption_opens_no_account_and_writes_nothing()
    {
        // 三顺店社区 has had no redemption yet: no escrow; its resident may have no points account either.
        var gold = await app.AddShopItemAsync(DemoUsers.CommunityAdminSanshundian, "150103001001", "金砖", 99_999, 5);
        var resident = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);
        var accounts = await app.WithLedgerAsync((_, db) => db.PointsAccounts.CountAsync());
        var transfers = await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync());

        await (await resident.PostAsync($"/api/points/shop/{gold}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "insufficient_points");

        (await app.WithLedgerAsync((_, db) => db.PointsAccounts.CountAsync())).ShouldBe(accounts);
        (await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync())).ShouldBe(transfers);
        (await app.StockAsync(gold)).ShouldBe(5);
    }

    [Fact]
    public async Task An_item_out_of_stock_or_taken_off_the_shelf_is_refused()
    {
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        var empty = await app.AddShopItemAsync(DemoUsers.CommunityAdminHexi, ShopApp.Hexi, "春联", 5, 0);
        var shelved = await app.AddShopItemAsync(DemoUsers.CommunityAdminHexi, ShopApp.Hexi, "挂历", 5, 3);
        await (await admin.PutAsJsonAsync($"/api/points/shop-items/{shelved}", new { name = "挂历", price = 5, stock = 3, active = false })).JsonAsync();
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);

        await (await resident.PostAsync($"/api/points/shop/{empty}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        await (await resident.PostAsync($"/api/points/shop/{shelved}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "item_inactive");
        (await app.StockAsync(shelved)).ShouldBe(3);
        var shop = await (await resident.GetAsync("/api/points/shop?pageSize=200")).ReadAsync<Page<ItemView>>();
        shop.Items.Select(i => i.Name).ShouldNotContain("挂历");
    }

    [Fact]
    public async Task Another_communitys_shop_is_closed_to_a_resident_but_merchants_of_the_whole_city_are_open()
    {
        var shiqiShop = await app.ItemAsync("保温杯", "150105001001");
        var lichengOffer = await app.ItemAsync("剪发一次", "150104001001");
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);

        await (await resident.PostAsync($"/api/points/shop/{shiqiShop.Id}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var shop = await (await resident.GetAsync("/api/points/shop?pageSize=200")).ReadAsync<Page<ItemView>>();
        var names = shop.Items.Select(i => i.Name).ToList();
        names.ShouldNotContain("保温杯");
        names.ShouldContain("剪发一次");
        (await (await resident.PostAsync($"/api/points/shop/{lichengOffer.Id}/redeem", null)).ReadAsync<RedemptionView>(HttpStatusCode.Created)).MerchantName.ShouldBe("俪城5元剪发店");

        var merchant = await app.ClientForAsync(DemoUsers.MerchantHexi1);
        await (await merchant.PostAsync($"/api/points/shop/{lichengOffer.Id}/redeem", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_code_past_its_date_is_refused_and_the_sweep_refunds_it_and_returns_the_stock()
    {
        var person = await app.PersonAccountAsync(DemoUsers.ResidentShiqi1);
        var item = await app.ItemAsync("保温杯", "150105001001");
        var before = await app.BalanceAsync(person.Id);
        var stock = await app.StockAsync(item.Id);
        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var code = await ShopApp.IssueCodeAsync(resident, item.Id);

        app.Clock.Advance(TimeSpan.FromDays(7));
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        await (await ShopApp.MerchantRedeemAsync(admin, code.Code)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "code_expired");
        (await app.BalanceAsync(person.Id)).ShouldBe(before - 60);

        var (codes, _) = await app.SweepAsync();
        var again = await app.SweepAsync();

        codes.ShouldBeGreaterThanOrEqualTo(1);
        again.Codes.ShouldBe(0);
        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        (await app.StockAsync(item.Id)).ShouldBe(stock);
        // A new sign-in: tokens issued a week ago have lapsed on the moved clock.
        var later = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var mine = await (await later.GetAsync($"/api/points/codes/{code.Id}")).ReadAsync<RedemptionView>();
        mine.Status.ShouldBe(RedemptionStatus.Expired);
        (await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync(t => t.Source == TransferSource.Refund && t.SourceRef == code.Id.ToString()))).ShouldBe(1);
    }

    [Fact]
    public async Task A_merchant_manages_only_its_own_offers()
    {
        var merchant = await app.ClientForAsync(DemoUsers.MerchantHexi1);
        var created = await (await merchant.PostAsJsonAsync("/api/points/merchant/offers", new { name = "儿童理发", price = 30, stock = 10 })).ReadAsync<ItemView>(HttpStatusCode.Created);
        var id = created.Id;
        created.MerchantName.ShouldBe("河西爱心理发店");

        var changed = await (await merchant.PutAsJsonAsync($"/api/points/merchant/offers/{id}", new { name = "儿童理发", price = 25, stock = 12, active = true })).ReadAsync<ItemView>();
        changed.Price.ShouldBe(25);
        await (await merchant.PutAsJsonAsync($"/api/points/merchant/offers/{id}", new { name = "儿童理发", price = 0, stock = 12 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "item_price_invalid");
        await (await merchant.PutAsJsonAsync($"/api/points/merchant/offers/{id}", new { name = "儿童理发", price = 20, stock = 12, version = 1 })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "concurrent_change");
        var repair = await app.ItemAsync("小家电维修一次");
        await (await merchant.PutAsJsonAsync($"/api/points/merchant/offers/{repair.Id}", new { name = "x", price = 1, stock = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        await (await resident.PostAsJsonAsync("/api/points/merchant/offers", new { name = "x", price = 1, stock = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var offers = await (await merchant.GetAsync("/api/points/merchant/offers")).ReadAsync<Page<ItemView>>();
        offers.Items.Select(i => i.Name).ShouldBe(["儿童理发", "理发一次", "老人上门理发"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_community_admin_manages_its_shop_and_sees_its_codes_and_no_other_community()
    {
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        var other = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var id = await app.AddShopItemAsync(DemoUsers.CommunityAdminHexi, ShopApp.Hexi, "环保袋", 10, 100);

        await (await other.PutAsJsonAsync($"/api/points/shop-items/{id}", new { name = "环保袋", price = 1, stock = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/api/points/shop-items?communityCode={ShopApp.Hexi}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await admin.PostAsJsonAsync($"/api/points/shop-items?communityCode={ShopApp.Hexi}", new { name = "", price = 10, stock = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "item_name_invalid");
        var items = await (await admin.GetAsync($"/api/points/shop-items?communityCode={ShopApp.Hexi}&pageSize=200")).ReadAsync<Page<ItemView>>();
        items.Items.Select(i => i.Name).ShouldContain("环保袋");
        items.Items.ShouldAllBe(i => i.MerchantId == null);

        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var code = await ShopApp.IssueCodeAsync(resident, id);
        var list = await (await admin.GetAsync($"/api/points/redemptions?communityCode={ShopApp.Hexi}&status=Issued")).ReadAsync<Page<RedemptionView>>();
        list.Items.Select(i => i.Id).ShouldContain(code.Id);
        await (await other.GetAsync($"/api/points/redemptions?communityCode={ShopApp.Hexi}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_books_page_shows_what_is_held_in_escrow()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        await ShopApp.IssueCodeAsync(resident, (await app.ItemAsync("纯棉毛巾")).Id);
        var escrow = await app.EscrowAsync();

        var books = await (await (await app.ClientForAsync(DemoUsers.CommunityAdminHexi)).GetAsync($"/api/points/books?areaCode={ShopApp.Hexi}")).ReadAsync<BooksView>();

        books.HeldInEscrow.ShouldBe(await app.BalanceAsync(escrow.Id));
        books.HeldInEscrow.ShouldBeGreaterThan(0);
        books.Redeemed.ShouldBeGreaterThan(0);
        books.Balanced.ShouldBeTrue();
    }
    [Fact]
    public async Task A_community_sets_how_long_its_codes_stay_valid_and_a_bad_value_changes_nothing()
    {
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        const string url = "/api/points/policies/150105001001";
        var rules = new { hourlyRate = 10, workOrderAward = 20, problemReportAward = 5, wishAward = 30, dailyCap = 200, codeValidDays = 3 };
        (await (await admin.PutAsJsonAsync(url, rules)).ReadAsync<PolicyView>()).CodeValidDays.ShouldBe(3);
        await (await admin.PutAsJsonAsync(url, rules with { codeValidDays = 0 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_code_validity");
        await (await admin.PutAsJsonAsync(url, rules with { codeValidDays = 91 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_code_validity");
        (await (await admin.GetAsync(url)).ReadAsync<PolicyView>()).CodeValidDays.ShouldBe(3);

        var cup = await app.ItemAsync("保温杯", "150105001001");
        var code = await ShopApp.IssueCodeAsync(await app.ClientForAsync(DemoUsers.ResidentShiqi1), cup.Id);

        code.ExpiresAt.ShouldBe(code.CreatedAt.AddDays(3));
        // 河西社区 kept the default: its codes still last 7 days.
        var haircut = await ShopApp.IssueCodeAsync(await app.ClientForAsync(DemoUsers.ResidentHexi1), (await app.ItemAsync("理发一次")).Id);
        haircut.ExpiresAt.ShouldBe(haircut.CreatedAt.AddDays(7));

        // Leave nothing behind for the other tests of this class: they move the shared clock past the codes' dates.
        (await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).PostAsync($"/api/points/codes/{code.Id}/cancel", null)).EnsureSuccessStatusCode();
        (await (await app.ClientForAsync(DemoUsers.ResidentHexi1)).PostAsync($"/api/points/codes/{haircut.Id}/cancel", null)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync(url, rules with { codeValidDays = 7 })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_redemption_cannot_be_reversed_only_its_code_cancelled()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentHexi1);
        var person = await app.PersonAccountAsync(DemoUsers.ResidentHexi1);
        var code = await ShopApp.IssueCodeAsync(resident, (await app.ItemAsync("理发一次")).Id);
        var before = await app.BalanceAsync(person.Id);
        var statement = await (await resident.GetAsync("/api/points/me")).ReadAsync<Statement>();
        var taken = statement.Movements.Items.First(m => m.Source == TransferSource.Redemption);

        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminHexi);
        await (await admin.PostAsJsonAsync($"/api/points/transfers/{taken.Id}/reverse", new { reason = "居民反悔" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_reversible");

        (await app.BalanceAsync(person.Id)).ShouldBe(before);
        (await (await resident.PostAsync($"/api/points/codes/{code.Id}/cancel", null)).ReadAsync<RedemptionView>()).Status.ShouldBe(RedemptionStatus.Cancelled);
        (await app.BalanceAsync(person.Id)).ShouldBe(before + 50);
    }
}
