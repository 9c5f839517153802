using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Wishes;

public sealed class WishTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    private const string Shiqi = "150105001001";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private async Task<Guid> PublishedWishAsync(string wisher = DemoUsers.ResidentShiqi1, string title = "想学用智能手机视频通话")
    {
        var wish = await app.PostAsync(wisher, "/api/wishes", new { title, story = "孩子在外地工作，想和孙子视频。" }, HttpStatusCode.Created);
        wish.Str("status").ShouldBe("AwaitingReview");
        (await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{wish.Id()}/approve")).Str("status").ShouldBe("Published");
        return wish.Id();
    }

    private async Task<Guid> FulfilledWishAsync(string claimer, string wisher = DemoUsers.ResidentShiqi1)
    {
        var id = await PublishedWishAsync(wisher);
        await app.PostAsync(claimer, $"/api/wishes/{id}/claim");
        var photo = await app.UploadPhotoAsync(claimer);
        (await app.PostAsync(claimer, $"/api/wishes/{id}/fulfil", new { note = "上门教会了视频通话", photoIds = new[] { photo } })).Str("status").ShouldBe("Fulfilled");
        return id;
    }

    [Fact]
    public async Task A_wish_is_posted_checked_published_masked_claimed_fulfilled_with_a_photo_confirmed_and_pays_the_claimer()
    {
        var before = await app.PointsOfAsync(DemoUsers.PartyMemberShiqi1);
        var posted = await app.PostAsync(DemoUsers.ResidentShiqi1, "/api/wishes", new { title = "希望有人陪我去一次公园", story = "腿脚不便，很久没出门了。" }, HttpStatusCode.Created);
        var id = posted.Id();
        posted.Str("maskedName").ShouldBe("陈*兰");
        posted.Str("group").ShouldBe("Elderly");
        posted.GetProperty("onBehalf").GetBoolean().ShouldBeFalse();

        // Not on the wall until the community has checked it.
        var wall = await (await app.CreateClient().GetAsync($"/api/wishes/wall/{Shiqi}?pageSize=200")).JsonAsync();
        wall.GetProperty("wishes").Items().Select(w => w.Id()).ShouldNotContain(id);

        (await app.PostAsync(DemoUsers.GridWorkerShiqi2, $"/api/wishes/{id}/approve")).Str("status").ShouldBe("Published");
        wall = await (await app.CreateClient().GetAsync($"/api/wishes/wall/{Shiqi}?pageSize=200")).JsonAsync();
        var onWall = wall.GetProperty("wishes").Items().Single(w => w.Id() == id);
        onWall.Str("maskedName").ShouldBe("陈*兰");
        onWall.GetRawText().ShouldNotContain("陈桂兰");
        onWall.TryGetProperty("phone", out _).ShouldBeFalse();

        (await app.PostAsync(DemoUsers.PartyMemberShiqi1, $"/api/wishes/{id}/claim")).Str("claimerName").ShouldBe("郭红梅");
        var photo = await app.UploadPhotoAsync(DemoUsers.PartyMemberShiqi1);
        var fulfilled = await app.PostAsync(DemoUsers.PartyMemberShiqi1, $"/api/wishes/{id}/fulfil", new { note = "周六上午陪老人去了青城公园", photoIds = new[] { photo } });
        fulfilled.GetProperty("photoIds")[0].GetGuid().ShouldBe(photo);
        (await (await app.As(DemoUsers.ResidentShiqi1)).GetAsync($"/api/wishes/{id}/photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await app.As(DemoUsers.ResidentSanshundian1)).GetAsync($"/api/wishes/{id}/photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.As(DemoUsers.PartyMemberShiqi2)).GetAsync($"/api/wishes/{id}/photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var neighbourView = await app.GetJsonAsync(DemoUsers.PartyMemberShiqi2, $"/api/wishes/{id}");
        neighbourView.Str("postedByName").ShouldBe("陈*兰");
        neighbourView.Str("claimerName").ShouldBe("郭*梅");
        neighbourView.GetProperty("photoIds").GetArrayLength().ShouldBe(0);
        (await (await app.As(DemoUsers.ResidentSanshundian1)).GetAsync($"/api/wishes/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var confirmed = await app.PostAsync(DemoUsers.ResidentShiqi1, $"/api/wishes/{id}/confirm");
        confirmed.Str("status").ShouldBe("Confirmed");
        confirmed.GetProperty("awardedPoints").GetInt64().ShouldBe(30);
        (await app.PointsOfAsync(DemoUsers.PartyMemberShiqi1)).ShouldBe(before + 30);

        var again = await (await app.As(DemoUsers.ResidentShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/confirm", new { });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_confirmed");
        (await app.PointsOfAsync(DemoUsers.PartyMemberShiqi1)).ShouldBe(before + 30);
    }

    [Fact]
    public async Task A_grid_worker_posts_for_a_resident_of_their_grid_and_confirms_for_them_and_others_cannot()
    {
        var resident = await app.PersonIdAsync(DemoUsers.ResidentShiqi1);
        var posted = await app.PostAsync(DemoUsers.GridChiefShiqi1, "/api/wishes", new { title = "代老人许愿：想要一副老花镜", forPersonId = resident }, HttpStatusCode.Created);
        posted.GetProperty("onBehalf").GetBoolean().ShouldBeTrue();
        posted.Str("postedByName").ShouldBe("刘芳");
        posted.Str("maskedName").ShouldBe("陈*兰");
        (await app.GetJsonAsync(DemoUsers.ResidentShiqi1, "/api/wishes/mine")).Items().Select(w => w.Id()).ShouldContain(posted.Id());

        var outside = await (await app.As(DemoUsers.GridWorkerShiqi2)).PostAsJsonAsync("/api/wishes", new { title = "越权代发", forPersonId = resident });
        await outside.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var neighbour = await (await app.As(DemoUsers.PartyMemberShiqi1)).PostAsJsonAsync("/api/wishes", new { title = "替邻居许愿", forPersonId = resident });
        await neighbour.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var id = posted.Id();
        await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{id}/approve");
        await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/claim");
        var photo = await app.UploadPhotoAsync(DemoUsers.VolunteerShiqi1);
        await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/fulfil", new { note = "配好了老花镜送到家", photoIds = new[] { photo } });

        var stranger = await (await app.As(DemoUsers.PartyMemberShiqi2)).PostAsJsonAsync($"/api/wishes/{id}/confirm", new { });
        await stranger.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_wisher");
        (await app.PostAsync(DemoUsers.GridChiefShiqi1, $"/api/wishes/{id}/confirm")).Str("status").ShouldBe("Confirmed");
    }

    [Fact]
    public async Task Only_the_communitys_staff_check_wishes_and_a_rejected_wish_never_reaches_the_wall()
    {
        var posted = await app.PostAsync(DemoUsers.ResidentShiqi2, "/api/wishes", new { title = "想要一台新手机" }, HttpStatusCode.Created);
        var id = posted.Id();

        await (await (await app.As(DemoUsers.PartyMemberShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/wishes/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.ResidentShiqi2)).PostAsJsonAsync($"/api/wishes/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_community_staff");
        await (await (await app.As(DemoUsers.CommunityAdminShiqi)).PostAsJsonAsync($"/api/wishes/{id}/reject", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var rejected = await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{id}/reject", new { reason = "心愿金额较大，不属于微心愿范围" });
        rejected.Str("status").ShouldBe("Rejected");
        rejected.Str("rejectionReason").ShouldBe("心愿金额较大，不属于微心愿范围");
        await (await (await app.As(DemoUsers.CommunityAdminShiqi)).PostAsJsonAsync($"/api/wishes/{id}/approve", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_awaiting_review");
        await (await (await app.As(DemoUsers.PartyMemberShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var wall = await (await app.CreateClient().GetAsync($"/api/wishes/wall/{Shiqi}?pageSize=200")).JsonAsync();
        wall.GetProperty("wishes").Items().Select(w => w.Id()).ShouldNotContain(id);

        await (await (await app.As(DemoUsers.ResidentShiqi2)).PostAsJsonAsync("/api/wishes", new { title = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "title_invalid");
        await (await (await app.As(DemoUsers.MerchantHexi1)).PostAsJsonAsync("/api/wishes", new { title = "商家许愿" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_resident");
    }

    [Fact]
    public async Task Parallel_claims_of_one_wish_one_wins_and_the_others_get_409_already_claimed()
    {
        string[] claimers = [DemoUsers.PartyMemberShiqi1, DemoUsers.PartyMemberShiqi2, DemoUsers.VolunteerShiqi1, DemoUsers.ResidentShiqi2];
        var clients = await Task.WhenAll(claimers.Select(app.As));
        for (var round = 0; round < 5; round++)
        {
            var id = await PublishedWishAsync(title: $"抢认领心愿 {round}");
            var responses = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/wishes/{id}/claim", new { })));

            responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_claimed");
            }

            var wish = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{id}");
            wish.Str("status").ShouldBe("Claimed");
        }
    }

    [Fact]
    public async Task Parallel_confirms_award_the_claimer_exactly_once()
    {
        var before = await app.PointsOfAsync(DemoUsers.PartyMemberShiqi2);
        var id = await FulfilledWishAsync(DemoUsers.PartyMemberShiqi2);
        var wisher = await app.As(DemoUsers.ResidentShiqi1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => wisher.PostAsJsonAsync($"/api/wishes/{id}/confirm", new { })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_confirmed");
        }

        (await app.PointsOfAsync(DemoUsers.PartyMemberShiqi2)).ShouldBe(before + 30);
        (await app.WithLedgerAsync((_, db) => db.PointsTransfers.CountAsync(t => t.Source == TransferSource.Wish && t.SourceRef == id.ToString()))).ShouldBe(1);
    }

    [Fact]
    public async Task The_claimer_may_give_up_before_fulfilment_and_the_wish_goes_back_on_the_wall()
    {
        var id = await PublishedWishAsync(title: "想要一个暖手宝");
        await (await (await app.As(DemoUsers.ResidentShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "own_wish");
        await (await (await app.As(DemoUsers.RiderLicheng1)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/claim");
        await (await (await app.As(DemoUsers.PartyMemberShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/give-up", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_claimer");
        var back = await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/give-up");
        back.Str("status").ShouldBe("Published");
        back.GetProperty("claimerName").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        await (await (await app.As(DemoUsers.VolunteerShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/give-up", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_claimed");

        (await app.PostAsync(DemoUsers.PartyMemberShiqi1, $"/api/wishes/{id}/claim")).Str("claimerName").ShouldBe("郭红梅");
    }

    [Fact]
    public async Task Fulfilment_needs_the_claimer_a_note_and_their_own_photo_and_confirmation_needs_fulfilment()
    {
        var id = await PublishedWishAsync(title: "想要一本大字版字典");
        await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/wishes/{id}/claim");
        var mine = await app.UploadPhotoAsync(DemoUsers.ResidentShiqi2);
        var theirs = await app.UploadPhotoAsync(DemoUsers.PartyMemberShiqi1);
        var claimer = await app.As(DemoUsers.ResidentShiqi2);

        await (await (await app.As(DemoUsers.ResidentShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/confirm", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_fulfilled");
        await (await claimer.PostAsJsonAsync($"/api/wishes/{id}/fulfil", new { note = "送到了", photoIds = Array.Empty<Guid>() })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_required");
        await (await claimer.PostAsJsonAsync($"/api/wishes/{id}/fulfil", new { note = "送到了", photoIds = new[] { theirs } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_unknown");
        await (await claimer.PostAsJsonAsync($"/api/wishes/{id}/fulfil", new { note = " ", photoIds = new[] { mine } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "note_required");
        await (await (await app.As(DemoUsers.PartyMemberShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/fulfil", new { note = "送到了", photoIds = new[] { theirs } })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_claimer");

        (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{id}")).Str("status").ShouldBe("Claimed");
        (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/wishes/{id}/fulfil", new { note = "送到了", photoIds = new[] { mine } })).Str("status").ShouldBe("Fulfilled");
    }

    [Fact]
    public async Task A_team_claim_pays_the_teams_account()
    {
        var team = await app.WithLedgerAsync((_, db) => db.VolunteerTeams.Where(t => t.Name == "巾帼宜家").Select(t => t.Id).SingleAsync());
        var id = await PublishedWishAsync(title: "想请志愿者帮忙打扫房间");
        // Not a member (a party member of another team or none), or a made-up team: no such team for them.
        await (await (await app.As(DemoUsers.PartyMemberShiqi2)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { teamId = team }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.VolunteerShiqi1)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { teamId = Guid.CreateVersion7(), teamName = "假队伍" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/claim", new { teamId = team, teamName = "随便写的名字" })).Str("claimerKind").ShouldBe("Team");
        var photo = await app.UploadPhotoAsync(DemoUsers.VolunteerShiqi1);
        await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/wishes/{id}/fulfil", new { note = "五位队员一起打扫", photoIds = new[] { photo } });
        await app.PostAsync(DemoUsers.ResidentShiqi1, $"/api/wishes/{id}/confirm");

        var account = await app.WithLedgerAsync((_, db) => db.PointsAccounts.SingleAsync(a => a.Kind == AccountKind.Team && a.OwnerId == team));
        account.Balance.ShouldBe(30);
        account.Name.ShouldBe("巾帼宜家");
        var wall = await (await app.CreateClient().GetAsync($"/api/wishes/wall/{Shiqi}?pageSize=200")).JsonAsync();
        wall.GetProperty("wishes").Items().Single(w => w.Id() == id).Str("claimerName").ShouldBe("巾帼宜家");
    }

    [Fact]
    public async Task Wishes_unclaimed_or_stuck_too_long_are_flagged_on_the_communitys_list()
    {
        var waiting = await PublishedWishAsync(title: "想要一盆绿萝");
        var stuck = await PublishedWishAsync(title: "想修好收音机");
        await app.PostAsync(DemoUsers.PartyMemberShiqi1, $"/api/wishes/{stuck}/claim");

        var flagged = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes?communityCode={Shiqi}&flagged=true&pageSize=200");
        flagged.Items().Select(w => w.Id()).ShouldNotContain(waiting);

        app.Clock.Advance(TimeSpan.FromDays(15));
        flagged = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes?communityCode={Shiqi}&flagged=true&pageSize=200");
        var w1 = flagged.Items().Single(w => w.Id() == waiting);
        w1.GetProperty("unclaimedTooLong").GetBoolean().ShouldBeTrue();
        var w2 = flagged.Items().Single(w => w.Id() == stuck);
        w2.GetProperty("stuckClaimed").GetBoolean().ShouldBeTrue();
        w2.GetProperty("unclaimedTooLong").GetBoolean().ShouldBeFalse();

        var other = await (await app.As(DemoUsers.CommunityAdminSanshundian)).GetAsync($"/api/wishes?communityCode={Shiqi}");
        await other.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Accounts_without_a_resident_record_are_offered_no_claim_and_their_claim_is_refused()
    {
        const string Licheng = "150104001001";
        var wall = await app.GetJsonAsync(DemoUsers.StationStaffLicheng1, $"/api/wishes/wall/{Licheng}?status=Published&pageSize=200");
        var riderWish = wall.GetProperty("wishes").Items().First();
        var id = riderWish.Id();

        foreach (var user in new[] { DemoUsers.StationStaffLicheng1, DemoUsers.CommunityAdminLicheng })
        {
            (await app.GetJsonAsync(user, $"/api/wishes/wall/{Licheng}?status=Published&pageSize=200")).GetProperty("wishes").Items()
                .ShouldAllBe(w => !w.GetProperty("canClaim").GetBoolean());
            (await app.GetJsonAsync(user, $"/api/wishes/{id}")).GetProperty("can").GetProperty("claim").GetBoolean().ShouldBeFalse();
            var page = WebUtility.HtmlDecode(await (await app.As(user)).GetStringAsync($"/wishes/{Licheng}"));
            page.ShouldContain(riderWish.Str("title"));
            page.ShouldNotContain("认领这个心愿");
            await (await (await app.As(user)).PostAsJsonAsync($"/api/wishes/{id}/claim", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "claimer_not_a_resident");
        }

        // The wisher is not offered their own wish either; a neighbour with a resident record is.
        (await app.GetJsonAsync(DemoUsers.RiderLicheng1, $"/api/wishes/{id}")).GetProperty("can").GetProperty("claim").GetBoolean().ShouldBeFalse();
        WebUtility.HtmlDecode(await (await app.As(DemoUsers.RiderLicheng1)).GetStringAsync($"/wishes/{Licheng}")).ShouldNotContain("认领这个心愿");
        var shiqiWish = await PublishedWishAsync(title: "想要一把新雨伞");
        (await app.GetJsonAsync(DemoUsers.PartyMemberShiqi1, $"/api/wishes/wall/{Shiqi}?pageSize=200")).GetProperty("wishes").Items()
            .Single(w => w.Id() == shiqiWish).GetProperty("canClaim").GetBoolean().ShouldBeTrue();
        WebUtility.HtmlDecode(await (await app.As(DemoUsers.PartyMemberShiqi1)).GetStringAsync($"/wishes/{Shiqi}")).ShouldContain("认领这个心愿");
        (await (await app.CreateClient().GetAsync($"/api/wishes/wall/{Shiqi}?pageSize=200")).JsonAsync()).GetProperty("wishes").Items()
            .ShouldAllBe(w => !w.GetProperty("canClaim").GetBoolean());
    }

    [Fact]
    public async Task Who_posted_a_wish_for_a_resident_cannot_claim_it()
    {
        var resident = await app.PersonIdAsync(DemoUsers.ResidentShiqi1);
        var posted = await app.PostAsync(DemoUsers.GridChiefShiqi1, "/api/wishes", new { title = "代老人许愿：想要一个收音机", forPersonId = resident }, HttpStatusCode.Created);
        await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/wishes/{posted.Id()}/approve");

        (await app.GetJsonAsync(DemoUsers.GridChiefShiqi1, $"/api/wishes/{posted.Id()}")).GetProperty("can").GetProperty("claim").GetBoolean().ShouldBeFalse();
        await (await (await app.As(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync($"/api/wishes/{posted.Id()}/claim", new { })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "own_wish");
    }

    [Fact]
    public async Task City_district_and_station_accounts_are_not_offered_a_wish_to_post_and_posting_is_refused()
    {
        var resident = await app.PersonIdAsync(DemoUsers.ResidentShiqi1);
        foreach (var user in new[] { DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan, DemoUsers.StationStaffLicheng1 })
        {
            var form = WebUtility.HtmlDecode(await (await app.As(user)).GetStringAsync("/wishes/new"));
            form.ShouldNotContain("name=\"title\"");
            form.ShouldContain("只有登记在册的居民可以许愿");
            WebUtility.HtmlDecode(await (await app.As(user)).GetStringAsync("/")).ShouldNotContain("href=\"/wishes/new\"");
            await (await (await app.As(user)).PostAsJsonAsync("/api/wishes", new { title = "替居民许愿", forPersonId = resident }))
                .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_resident");
        }

        // Those who look after residents in person still post for them, and residents for themselves.
        var byCommunity = await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/wishes", new { title = "社区代居民许愿：想要一副护膝", forPersonId = resident }, HttpStatusCode.Created);
        byCommunity.GetProperty("onBehalf").GetBoolean().ShouldBeTrue();
        WebUtility.HtmlDecode(await (await app.As(DemoUsers.CommunityAdminShiqi)).GetStringAsync("/wishes/new")).ShouldContain("name=\"title\"");
        WebUtility.HtmlDecode(await (await app.As(DemoUsers.ResidentShiqi2)).GetStringAsync("/")).ShouldContain("href=\"/wishes/new\"");
    }

    [Fact]
    public async Task The_public_wall_page_shows_masked_names_to_anyone()
    {
        await PublishedWishAsync(title: "想要一个放大镜");
        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/wishes/{Shiqi}"));
        html.ShouldContain("心愿墙");
        html.ShouldContain("想要一个放大镜");
        html.ShouldContain("陈*兰");
        html.ShouldNotContain("陈桂兰");
        (await app.CreateClient().GetAsync("/api/wishes/wall/999999999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
