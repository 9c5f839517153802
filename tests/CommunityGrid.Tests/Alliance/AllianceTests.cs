using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.People;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Alliance;

public sealed class AllianceTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    private const string Hexi = "150102001001";
    private const string HexiChief = DemoUsers.GridChiefHexi1;
    private static readonly string[] ElderTags = ["LivingAlone", "Elderly80Plus"];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private async Task<Guid> SeededHaircutAsync()
    {
        var offerings = await app.GetJsonAsync(DemoUsers.ResidentHexi1, $"/api/alliance/offerings?communityCode={Hexi}");
        return offerings.EnumerateArray().Single(o => o.Str("kind") == "Haircut" && o.Str("merchantName") == "河西爱心理发店").Id();
    }

    /// <summary>Residents of 河西社区 (grid 1 or the whole community) with or without the tags an offering asks for.</summary>
    private Task<List<Guid>> HexiResidentsAsync(bool withElderTags, int count, string areaCode = "150102001001001") => app.WithLedgerAsync((_, db) =>
    {
        var grid = db.Areas.Where(a => a.Code == areaCode).Select(a => a.Path).Single();
        var elder = CareTags.LivingAlone | CareTags.Elderly80Plus;
        var query = db.People.Where(p => p.AreaPath.StartsWith(grid));
        query = withElderTags ? query.Where(p => (p.CareTags & elder) != CareTags.None) : query.Where(p => (p.CareTags & elder) == CareTags.None);
        return query.OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync();
    });

    [Fact]
    public async Task A_grid_worker_books_the_seeded_haircut_for_an_eligible_elder_and_the_merchant_delivers_it_and_is_recognised()
    {
        var offering = await SeededHaircutAsync();
        var elder = await app.PersonIdAsync(DemoUsers.ResidentHexi1);
        var booked = await app.PostAsync(HexiChief, $"/api/alliance/offerings/{offering}/bookings", new { personId = elder, note = "老人行动不便，请上门" }, HttpStatusCode.Created);
        booked.Str("personName").ShouldBe("白玉兰");
        booked.Str("status").ShouldBe("Booked");

        var toDeliver = await app.GetJsonAsync(DemoUsers.MerchantHexi1, "/api/alliance/bookings?status=Booked&pageSize=200");
        toDeliver.Items().Select(b => b.Id()).ShouldContain(booked.Id());
        await (await (await app.As(HexiChief)).PostAsJsonAsync($"/api/alliance/bookings/{booked.Id()}/deliver", new { note = "理完了" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_merchant");
        await (await (await app.As(DemoUsers.GridChiefShiqi1)).GetAsync($"/api/alliance/bookings/{booked.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var photo = await app.UploadPhotoAsync(DemoUsers.MerchantHexi1);
        var delivered = await app.PostAsync(DemoUsers.MerchantHexi1, $"/api/alliance/bookings/{booked.Id()}/deliver", new { note = "上门理发，老人很满意", photoId = photo });
        delivered.Str("status").ShouldBe("Delivered");
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync($"/api/alliance/bookings/{booked.Id()}/deliver", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_booked");

        var page = await (await app.CreateClient().GetAsync($"/api/alliance/communities/{Hexi}")).JsonAsync();
        var shop = page.GetProperty("merchants").EnumerateArray().Single(m => m.Str("merchantName") == "河西爱心理发店");
        shop.GetProperty("deliveries").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        shop.GetProperty("byKind").EnumerateArray().Single(k => k.Str("kind") == "Haircut").GetProperty("deliveries").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        page.GetRawText().ShouldNotContain("白玉兰");
        page.GetProperty("merchants").EnumerateArray().Select(m => m.Str("merchantName")).ShouldNotContain("河西便民维修部");
    }

    [Fact]
    public async Task A_resident_without_the_care_tags_is_refused_not_eligible_and_one_outside_the_scope_is_not_found()
    {
        var offering = await SeededHaircutAsync();
        var young = (await HexiResidentsAsync(withElderTags: false, 1))[0];
        await (await (await app.As(HexiChief)).PostAsJsonAsync($"/api/alliance/offerings/{offering}/bookings", new { personId = young }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_eligible");

        var elder = await app.PersonIdAsync(DemoUsers.ResidentHexi1);
        await (await (await app.As(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync($"/api/alliance/offerings/{offering}/bookings", new { personId = elder }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.ResidentShiqi1)).PostAsJsonAsync($"/api/alliance/offerings/{offering}/bookings", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        // She books for herself (on an offering of its own, so the other tests' bookings do not count).
        var repair = await app.PostAsync(DemoUsers.MerchantHexi1, "/api/alliance/offerings",
            new { communityCode = Hexi, kind = "Repair", title = "免费修理小家电", eligibleTags = ElderTags, capacity = 5, period = "Month" }, HttpStatusCode.Created);
        var own = await app.PostAsync(DemoUsers.ResidentHexi1, $"/api/alliance/offerings/{repair.Id()}/bookings", new { }, HttpStatusCode.Created);
        own.Str("personName").ShouldBe("白玉兰");
        await (await (await app.As(DemoUsers.ResidentHexi1)).PostAsJsonAsync($"/api/alliance/offerings/{repair.Id()}/bookings", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_booked");
        (await app.GetJsonAsync(DemoUsers.ResidentHexi1, "/api/alliance/bookings")).Items().Select(b => b.Id()).ShouldContain(own.Id());
    }

    [Fact]
    public async Task Only_callers_the_booking_would_accept_are_offered_it_on_the_api_and_the_booking_page()
    {
        var created = await app.PostAsync("merchant.hexi.01", "/api/alliance/offerings",
            new { communityCode = Hexi, kind = "Delivery", title = "送菜上门", eligibleTags = ElderTags, capacity = 1, period = "Week" }, HttpStatusCode.Created);
        var form = $"book-{created.Id():N}";
        async Task<bool> OfferedAsync(string user) =>
            (await app.GetJsonAsync(user, "/api/alliance/offerings")).EnumerateArray().Single(o => o.Id() == created.Id()).GetProperty("mayBook").GetBoolean();
        async Task<string> PageAsync(string user) => await (await app.As(user)).GetStringAsync("/alliance/bookings");

        // The merchant has no resident record: booking would be refused (not_a_resident), so no button.
        (await OfferedAsync("merchant.hexi.01")).ShouldBeFalse();
        (await PageAsync("merchant.hexi.01")).ShouldNotContain(form);
        await (await (await app.As("merchant.hexi.01")).PostAsJsonAsync($"/api/alliance/offerings/{created.Id()}/bookings", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_resident");

        // An eligible resident and the staff who keep eligible residents are offered it.
        (await OfferedAsync("resident.hexi.01")).ShouldBeTrue();
        (await PageAsync("resident.hexi.01")).ShouldContain(form);
        (await OfferedAsync("community.hexi")).ShouldBeTrue();
        (await PageAsync("community.hexi")).ShouldContain(form);

        // Once she has the one place of the week, nobody is offered it: she has booked, the rest would find it full.
        await app.PostAsync("resident.hexi.01", $"/api/alliance/offerings/{created.Id()}/bookings", new { }, HttpStatusCode.Created);
        foreach (var user in new[] { "resident.hexi.01", "community.hexi" })
        {
            (await OfferedAsync(user)).ShouldBeFalse();
            (await PageAsync(user)).ShouldNotContain(form);
        }

        var her = await app.PersonIdAsync("resident.hexi.01");
        var other = (await HexiResidentsAsync(withElderTags: true, 2, Hexi)).First(p => p != her);
        await (await (await app.As("community.hexi")).PostAsJsonAsync($"/api/alliance/offerings/{created.Id()}/bookings", new { personId = other }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "fully_booked");
    }

    [Fact]
    public async Task An_offering_is_fully_booked_at_its_capacity_even_when_bookings_race()
    {
        var created = await app.PostAsync(DemoUsers.MerchantHexi1, "/api/alliance/offerings", new
        {
            communityCode = Hexi,
            kind = "Nursing",
            title = "上门测血压",
            eligibleTags = ElderTags,
            capacity = 2,
            period = "Week",
            hours = "周六上午",
        }, HttpStatusCode.Created);
        created.GetProperty("remaining").GetInt32().ShouldBe(2);
        var people = await HexiResidentsAsync(withElderTags: true, 6, Hexi);
        people.Count.ShouldBe(6);
        var chief = await app.As(DemoUsers.CommunityAdminHexi);
        var responses = await Task.WhenAll(people.Select(p => chief.PostAsJsonAsync($"/api/alliance/offerings/{created.Id()}/bookings", new { personId = p })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(2);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "fully_booked");
        }

        var offerings = await app.GetJsonAsync(DemoUsers.CommunityAdminHexi, $"/api/alliance/offerings?communityCode={Hexi}");
        offerings.EnumerateArray().Single(o => o.Id() == created.Id()).GetProperty("remaining").GetInt32().ShouldBe(0);

        // A cancelled booking frees its place.
        var mine = await app.GetJsonAsync(DemoUsers.CommunityAdminHexi, "/api/alliance/bookings?status=Booked&pageSize=200");
        var one = mine.Items().First(b => b.GetProperty("offeringId").GetGuid() == created.Id());
        await app.PostAsync(DemoUsers.CommunityAdminHexi, $"/api/alliance/bookings/{one.Id()}/cancel");
        var last = responses.Select((r, i) => (r, i)).First(x => x.r.StatusCode != HttpStatusCode.Created).i;
        (await chief.PostAsJsonAsync($"/api/alliance/offerings/{created.Id()}/bookings", new { personId = people[last] })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_merchant_joins_a_communitys_alliance_only_when_its_admin_approves()
    {
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync("/api/alliance/offerings", new { communityCode = "150104001001", kind = "Haircut", title = "剪发", capacity = 5, period = "Month" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_an_alliance_member");
        var applied = await app.PostAsync(DemoUsers.MerchantHexi1, "/api/alliance/memberships", new { communityCode = "150104001001" }, HttpStatusCode.Created);
        applied.Str("status").ShouldBe("Pending");
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync("/api/alliance/memberships", new { communityCode = "150104001001" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_applied");
        await (await (await app.As(DemoUsers.ResidentHexi1)).PostAsJsonAsync("/api/alliance/memberships", new { communityCode = Hexi }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_merchant");
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync("/api/alliance/offerings", new { communityCode = "150104001001", kind = "Haircut", title = "剪发", capacity = 5, period = "Month" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_an_alliance_member");

        await (await (await app.As(DemoUsers.CommunityAdminHexi)).PostAsJsonAsync($"/api/alliance/memberships/{applied.Id()}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync($"/api/alliance/memberships/{applied.Id()}/approve", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_community_admin");
        var pending = await app.GetJsonAsync(DemoUsers.CommunityAdminLicheng, "/api/alliance/memberships?status=Pending");
        pending.Items().Select(m => m.Id()).ShouldContain(applied.Id());
        (await app.PostAsync(DemoUsers.CommunityAdminLicheng, $"/api/alliance/memberships/{applied.Id()}/approve")).Str("status").ShouldBe("Approved");

        var offered = await app.PostAsync(DemoUsers.MerchantHexi1, "/api/alliance/offerings",
            new { communityCode = "150104001001", kind = "Course", title = "老年人智能手机课", capacity = 10, period = "Month", hours = "每月第一个周六" }, HttpStatusCode.Created);
        offered.GetProperty("eligibleTags").GetArrayLength().ShouldBe(0);
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync("/api/alliance/offerings", new { communityCode = "150104001001", kind = "Course", title = "课", capacity = 0, period = "Month" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "capacity_invalid");

        var seededRepair = (await app.GetJsonAsync(DemoUsers.CommunityAdminHexi, "/api/alliance/memberships?status=Pending")).Items().Single(m => m.Str("merchantName") == "河西便民维修部");
        await (await (await app.As(DemoUsers.CommunityAdminHexi)).PostAsJsonAsync($"/api/alliance/memberships/{seededRepair.Id()}/reject", new { reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await app.PostAsync(DemoUsers.CommunityAdminHexi, $"/api/alliance/memberships/{seededRepair.Id()}/reject", new { reason = "营业执照过期" })).Str("status").ShouldBe("Rejected");
    }
}
