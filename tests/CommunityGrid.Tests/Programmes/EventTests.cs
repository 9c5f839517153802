using System.Net;
using CommunityGrid.Features.Programmes;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using static CommunityGrid.Tests.Programmes.ProgrammeApp;

namespace CommunityGrid.Tests.Programmes;

public sealed class EventTests(ProgrammeApp app) : IClassFixture<ProgrammeApp>
{
    private static readonly string[] TwoResidents = ["resident.shiqi.01", "resident.shiqi.02"];

    /// <summary>An event in Beijing time, <paramref name="days"/> ahead at 09:30 for two hours.</summary>
    private async Task<EventView> PlanAsync(string title, int capacity, int days = 3, EventKind kind = EventKind.AntiFraud)
    {
        var day = BeijingTime.Date(app.Clock.GetUtcNow().UtcDateTime).AddDays(days);
        var starts = day.ToDateTime(new TimeOnly(9, 30));
        return await app.PostAsync<EventView>("community.shiqi", "/api/events", new
        {
            communityCode = ShiqiCode,
            kind = kind.ToString(),
            title,
            description = "民警讲解常见电信诈骗手法，现场答疑；请携带手机，可现场安装国家反诈中心App。",
            place = "仕奇社区党群服务中心二楼活动室",
            startsAt = starts,
            endsAt = starts.AddHours(2),
            capacity,
        }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_resident_finds_an_event_in_the_month_view_signs_up_sees_it_among_her_sign_ups_and_withdraws()
    {
        var planned = await PlanAsync("防诈骗宣传进社区", 30);
        planned.StartsAt.ShouldBe(BeijingTime.ToUtc(BeijingTime.Date(planned.StartsAt), new TimeSpan(9, 30, 0)));
        planned.KindName.ShouldBe("防诈骗宣传");
        var month = BeijingTime.WallClock(planned.StartsAt).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var view = await app.GetAsync<MonthView>("resident.shiqi.01", $"/api/events?communityCode={ShiqiCode}&month={month}");
        view.Events.Items.Single(e => e.Id == planned.Id).SeatsLeft.ShouldBe(30);

        var signedUp = await app.PostAsync<EventView>("resident.shiqi.01", $"/api/events/{planned.Id}/sign-up");
        (signedUp.SignedUp, signedUp.SeatsLeft, signedUp.MaySignUp, signedUp.MayWithdraw).ShouldBe((true, 29, false, true));
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/events/{planned.Id}/sign-up")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_signed_up");
        (await app.GetAsync<MonthView>("resident.shiqi.01", $"/api/events?communityCode={ShiqiCode}&month={month}")).Events.Items.Single(e => e.Id == planned.Id).SignedUp.ShouldBeTrue();
        (await app.GetAsync<Page<EventItem>>("resident.shiqi.01", "/api/events/mine?pageSize=200")).Items.ShouldContain(e => e.Id == planned.Id);

        var withdrawn = await app.PostAsync<EventView>("resident.shiqi.01", $"/api/events/{planned.Id}/withdraw");
        (withdrawn.SignedUp, withdrawn.SeatsLeft).ShouldBe((false, 30));
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/events/{planned.Id}/withdraw")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_signed_up");
    }

    [Fact]
    public async Task Two_sign_ups_for_the_last_seat_take_it_once()
    {
        var planned = await PlanAsync("重阳敬老包饺子", 1, kind: EventKind.ElderlyCare);
        var answers = await Task.WhenAll(TwoResidents.Select(u => app.PostRawAsync(u, $"/api/events/{planned.Id}/sign-up")));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        await answers.Single(a => a.StatusCode != HttpStatusCode.OK).ShouldBeProblemAsync(HttpStatusCode.Conflict, "event_full");
        (await app.GetAsync<EventView>("community.shiqi", $"/api/events/{planned.Id}")).SeatsLeft.ShouldBe(0);
    }

    [Fact]
    public async Task Two_sign_ups_at_once_from_one_resident_take_one_seat()
    {
        var planned = await PlanAsync("垃圾分类知识讲座", 10, kind: EventKind.WasteSorting);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.PostRawAsync("resident.shiqi.02", $"/api/events/{planned.Id}/sign-up")));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        (await app.GetAsync<EventView>("community.shiqi", $"/api/events/{planned.Id}")).SeatsLeft.ShouldBe(9);
    }

    [Fact]
    public async Task Sign_up_is_refused_once_the_event_has_started_or_was_cancelled_and_outsiders_do_not_find_it()
    {
        var started = await PlanAsync("理论宣讲：基层治理", 20, days: 1, kind: EventKind.TheoryTalk);
        var cancelled = await PlanAsync("文艺汇演", 20, days: 5, kind: EventKind.CultureAndArts);
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/events/{cancelled.Id}/cancel")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_community_staff");
        (await app.PostAsync<EventView>("community.shiqi", $"/api/events/{cancelled.Id}/cancel")).Cancelled.ShouldBeTrue();
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/events/{cancelled.Id}/sign-up")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "event_cancelled");
        (await (await app.As("resident.hexi.01")).GetAsync($"/api/events/{started.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await app.PostRawAsync("resident.hexi.01", $"/api/events/{started.Id}/sign-up")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        app.Clock.Advance(TimeSpan.FromDays(2));
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/events/{started.Id}/sign-up")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "event_started");
    }

    [Fact]
    public async Task Planning_refuses_a_bad_time_a_bad_capacity_and_a_month_that_is_no_month()
    {
        var start = BeijingTime.WallClock(app.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        async Task Refused(object body, string code) =>
            await (await app.PostRawAsync("community.shiqi", "/api/events", body)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, code);
        await Refused(new { communityCode = ShiqiCode, kind = "TheoryTalk", title = "宣讲", place = "活动室", startsAt = start, endsAt = start.AddHours(-1), capacity = 10 }, "time_invalid");
        await Refused(new { communityCode = ShiqiCode, kind = "TheoryTalk", title = "宣讲", place = "活动室", startsAt = start, endsAt = start.AddHours(1), capacity = 0 }, "invalid_capacity");
        await Refused(new { communityCode = ShiqiCode, kind = "TheoryTalk", title = "宣讲", place = "活动室", startsAt = start.AddDays(-5), endsAt = start.AddDays(-5).AddHours(1), capacity = 5 },
            "starts_in_the_past");
        await (await (await app.As("resident.shiqi.01")).GetAsync($"/api/events?communityCode={ShiqiCode}&month=2026-13")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "month_invalid");
    }
}
