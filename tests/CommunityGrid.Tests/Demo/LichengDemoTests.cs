using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Demo;

/// <summary>The two accounts 俪城社区 was missing in the demo: a resident who can claim its wishes, and the barber's.</summary>
[Collection(SharedApp.Name)]
public sealed class LichengDemoTests(AppFactory app)
{
    [Fact]
    public async Task A_licheng_resident_can_claim_the_riders_wish_on_the_wall()
    {
        var resident = await app.ClientForAsync("resident.licheng.01");
        var wall = await resident.GetAppJsonAsync<WallView>("/api/wishes/wall/150104001001");
        var wish = wall.Wishes.Items.Single(w => w.Title == "想给老家上小学的女儿寄一套课外书");
        wish.CanClaim.ShouldBeTrue();

        var claimed = await resident.PostAsJsonAsync($"/api/wishes/{wish.Id}/claim", new { });
        claimed.StatusCode.ShouldBe(HttpStatusCode.OK, await claimed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_rider_buys_a_haircut_code_and_the_licheng_barber_redeems_it()
    {
        var rider = await app.ClientForAsync("rider.licheng.01");
        var shop = await rider.GetAppJsonAsync<Page<ItemView>>("/api/points/shop?pageSize=100");
        var haircut = shop.Items.Single(i => i.MerchantName == "俪城5元剪发店");
        var bought = await rider.PostAsJsonAsync($"/api/points/shop/{haircut.Id}/redeem", new { });
        bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
        var code = (await bought.ReadAsync<RedemptionView>()).Code;

        var barber = await app.ClientForAsync("merchant.licheng.01");
        var redeemed = await barber.PostAsJsonAsync("/api/points/merchant/redeem", new { code });
        redeemed.StatusCode.ShouldBe(HttpStatusCode.OK, await redeemed.Content.ReadAsStringAsync());
        (await redeemed.ReadAsync<RedemptionView>()).Status.ShouldBe(RedemptionStatus.Redeemed);
    }
}
