using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.People;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Alliance;

public sealed class WithdrawTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    private const string Hexi = "150102001001";
    private const string HexiChief = DemoUsers.GridChiefHexi1;
    private const string HexiAdmin = DemoUsers.CommunityAdminHexi;
    private static readonly string[] ElderTags = ["LivingAlone", "Elderly80Plus"];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private Task<JsonElement> OfferAsync(string title) => app.PostAsync(DemoUsers.MerchantHexi1, "/api/alliance/offerings",
        new { communityCode = Hexi, kind = "Repair", title, eligibleTags = ElderTags, capacity = 10, period = "Month" }, HttpStatusCode.Created);

    private Task<List<Guid>> EldersAsync(int count) => app.WithLedgerAsync((_, db) =>
    {
        var hexi = db.Areas.Where(a => a.Code == Hexi).Select(a => a.Path).Single();
        var elder = CareTags.LivingAlone | CareTags.Elderly80Plus;
        return db.People.Where(p => p.AreaPath.StartsWith(hexi) && (p.CareTags & elder) != CareTags.None).OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync();
    });

    private async Task<HttpResponseMessage> WithdrawAsync(string user, Guid id) => await (await app.As(user)).PostAsJsonAsync($"/api/alliance/offerings/{id}/withdraw", new { });

    private async Task<int> DeliveriesAsync()
    {
        var page = await (await app.CreateClient().GetAsync($"/api/alliance/communities/{Hexi}")).JsonAsync();
        return page.GetProperty("merchants").EnumerateArray().Single(m => m.Str("merchantName") == "河西爱心理发店").GetProperty("deliveries").GetInt32();
    }

    [Fact]
    public async Task A_withdrawn_offering_takes_no_new_bookings_its_open_ones_are_still_delivered_and_its_deliveries_still_count()
    {
        var offering = await OfferAsync("免费修理收音机");
        var elders = await EldersAsync(3);
        var delivered = await app.PostAsync(HexiAdmin, $"/api/alliance/offerings/{offering.Id()}/bookings", new { personId = elders[0] }, HttpStatusCode.Created);
        await app.PostAsync(DemoUsers.MerchantHexi1, $"/api/alliance/bookings/{delivered.Id()}/deliver", new { note = "修好了" });
        var open = await app.PostAsync(HexiAdmin, $"/api/alliance/offerings/{offering.Id()}/bookings", new { personId = elders[1] }, HttpStatusCode.Created);
        var deliveries = await DeliveriesAsync();

        var withdrawn = await (await WithdrawAsync(DemoUsers.MerchantHexi1, offering.Id())).JsonAsync();
        withdrawn.GetProperty("active").GetBoolean().ShouldBeFalse();

        (await app.GetJsonAsync(DemoUsers.MerchantHexi1, "/api/alliance/offerings")).EnumerateArray().Select(o => o.Id()).ShouldNotContain(offering.Id());
        (await app.GetJsonAsync(DemoUsers.MerchantHexi1, $"/api/alliance/offerings?communityCode={Hexi}")).EnumerateArray().Select(o => o.Id()).ShouldNotContain(offering.Id());
        (await app.GetJsonAsync(HexiAdmin, $"/api/alliance/offerings?communityCode={Hexi}")).EnumerateArray().Select(o => o.Id()).ShouldNotContain(offering.Id());
        var page = await (await app.CreateClient().GetAsync($"/api/alliance/communities/{Hexi}")).JsonAsync();
        page.GetProperty("merchants").EnumerateArray().SelectMany(m => m.GetProperty("offerings").EnumerateArray()).Select(o => o.Id()).ShouldNotContain(offering.Id());
        (await DeliveriesAsync()).ShouldBe(deliveries);

        await (await (await app.As(HexiAdmin)).PostAsJsonAsync($"/api/alliance/offerings/{offering.Id()}/bookings", new { personId = elders[2] }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "offering_withdrawn");

        // The booking made before stays with the merchant, who still gives the service.
        (await app.GetJsonAsync(DemoUsers.MerchantHexi1, "/api/alliance/bookings?status=Booked&pageSize=200")).Items().Select(b => b.Id()).ShouldContain(open.Id());
        (await app.GetJsonAsync(HexiAdmin, $"/api/alliance/bookings/{open.Id()}")).Str("status").ShouldBe("Booked");
        (await app.PostAsync(DemoUsers.MerchantHexi1, $"/api/alliance/bookings/{open.Id()}/deliver", new { note = "停止前约好的，已上门" })).Str("status").ShouldBe("Delivered");
        (await DeliveriesAsync()).ShouldBe(deliveries + 1);
    }

    [Fact]
    public async Task Withdrawing_twice_is_refused_already_withdrawn_even_when_both_arrive_at_once()
    {
        var offering = await OfferAsync("免费修理电风扇");
        var merchant = await app.As(DemoUsers.MerchantHexi1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => merchant.PostAsJsonAsync($"/api/alliance/offerings/{offering.Id()}/withdraw", new { })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_withdrawn");
        }

        await (await WithdrawAsync(DemoUsers.MerchantHexi1, offering.Id())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_withdrawn");
    }

    [Fact]
    public async Task The_community_admin_may_withdraw_an_offering_staff_who_see_it_are_refused_and_everyone_else_gets_404()
    {
        var offering = await OfferAsync("免费修理电饭锅");

        await (await WithdrawAsync(HexiChief, offering.Id())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_merchant");
        await (await WithdrawAsync(DemoUsers.ResidentHexi1, offering.Id())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_merchant");
        foreach (var user in new[] { DemoUsers.CommunityAdminLicheng, DemoUsers.GridChiefShiqi1, DemoUsers.ResidentShiqi1, DemoUsers.StationStaffLicheng1 })
        {
            await (await WithdrawAsync(user, offering.Id())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await (await WithdrawAsync(DemoUsers.MerchantHexi1, Guid.CreateVersion7())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.WithLedgerAsync((_, db) => db.AllianceOfferings.Where(o => o.Id == offering.Id()).Select(o => o.Active).SingleAsync())).ShouldBeTrue();

        (await (await WithdrawAsync(DemoUsers.CommunityAdminHexi, offering.Id())).JsonAsync()).GetProperty("active").GetBoolean().ShouldBeFalse();
    }
}
