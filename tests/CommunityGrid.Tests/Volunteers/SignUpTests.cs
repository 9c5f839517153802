using System.Net;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Volunteers;

public sealed class SignUpTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private static string Path(Guid shift, string action) => $"/api/volunteers/shifts/{shift}/{action}";

    [Fact]
    public async Task A_volunteer_signs_up_for_a_place_and_sees_it_on_the_activity()
    {
        var (activity, shift) = await app.PlanSoonAsync(capacity: 3);

        var mine = await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "sign-up"))).JsonAsync();

        mine.GetProperty("status").GetString().ShouldBe("Confirmed");
        var detail = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, $"/api/volunteers/activities/{activity}");
        var s = detail.GetProperty("shifts")[0];
        s.GetProperty("confirmed").GetInt32().ShouldBe(1);
        s.GetProperty("mine").GetProperty("status").GetString().ShouldBe("Confirmed");
        detail.GetProperty("isOrganiser").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Signing_up_twice_is_refused()
    {
        var (_, shift) = await app.PlanSoonAsync();
        await (await app.PostAsync(DemoUsers.PartyMemberShiqi2, Path(shift, "sign-up"))).JsonAsync();

        await (await app.PostAsync(DemoUsers.PartyMemberShiqi2, Path(shift, "sign-up"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_signed_up");
    }

    [Fact]
    public async Task When_the_shift_is_full_sign_ups_wait_in_line_and_a_cancellation_moves_the_first_up()
    {
        var (activity, shift) = await app.PlanSoonAsync(capacity: 1);
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "sign-up"))).JsonAsync();
        var second = await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "sign-up"))).JsonAsync();
        var third = await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "sign-up"))).JsonAsync();

        second.GetProperty("status").GetString().ShouldBe("Waiting");
        second.GetProperty("waitingPosition").GetInt32().ShouldBe(1);
        third.GetProperty("waitingPosition").GetInt32().ShouldBe(2);

        var cancelled = await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "cancel"))).JsonAsync();
        cancelled.GetProperty("status").GetString().ShouldBe("Cancelled");

        var promoted = (await app.GetJsonAsync(DemoUsers.PartyMemberShiqi1, $"/api/volunteers/activities/{activity}")).GetProperty("shifts")[0];
        promoted.GetProperty("mine").GetProperty("status").GetString().ShouldBe("Confirmed");
        promoted.GetProperty("confirmed").GetInt32().ShouldBe(1);
        promoted.GetProperty("waiting").GetInt32().ShouldBe(1);
        var stillWaiting = (await app.GetJsonAsync(DemoUsers.ResidentShiqi1, $"/api/volunteers/activities/{activity}")).GetProperty("shifts")[0];
        stillWaiting.GetProperty("mine").GetProperty("waitingPosition").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Cancelling_a_waiting_place_promotes_nobody_and_signing_up_again_goes_to_the_back()
    {
        var (activity, shift) = await app.PlanSoonAsync(capacity: 1);
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "sign-up"))).JsonAsync();
        await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "sign-up"))).JsonAsync();
        await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "sign-up"))).JsonAsync();

        await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "cancel"))).JsonAsync();
        var again = await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "sign-up"))).JsonAsync();

        again.GetProperty("status").GetString().ShouldBe("Waiting");
        again.GetProperty("waitingPosition").GetInt32().ShouldBe(2);
        var s = (await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, $"/api/volunteers/activities/{activity}")).GetProperty("shifts")[0];
        s.GetProperty("confirmed").GetInt32().ShouldBe(1);
        s.GetProperty("mine").GetProperty("status").GetString().ShouldBe("Confirmed");
    }

    [Fact]
    public async Task Cancelling_without_a_sign_up_is_refused()
    {
        var (_, shift) = await app.PlanSoonAsync();

        await (await app.PostAsync(DemoUsers.ResidentShiqi2, Path(shift, "cancel"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_signed_up");
        await (await app.PostAsync(DemoUsers.ResidentShiqi2, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_signed_up");
    }

    [Fact]
    public async Task Thirty_parallel_sign_ups_to_five_places_confirm_exactly_five_and_queue_the_rest_in_order()
    {
        var (activity, shift) = await app.PlanSoonAsync(capacity: 5);
        var users = await app.ResidentAccountsAsync("crowd", 30);
        users.Count.ShouldBe(30);
        var clients = await Task.WhenAll(users.Select(app.ClientForAsync));

        var responses = await Task.WhenAll(clients.Select(c => Task.Run(() => c.PostAsync(Path(shift, "sign-up"), null))));
        var results = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("status").GetString()));

        results.Count(r => r == "Confirmed").ShouldBe(5);
        results.Count(r => r == "Waiting").ShouldBe(25);
        var queue = await app.WithLedgerAsync(async (_, db) =>
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.SignUps.Where(s => s.ShiftId == shift).OrderBy(s => s.QueueNumber).Select(s => new { s.Status, s.QueueNumber })));
        queue.Select(q => q.QueueNumber).Distinct().Count().ShouldBe(30);
        queue.Take(5).ShouldAllBe(q => q.Status == Features.Volunteers.SignUpStatus.Confirmed);
        queue.Skip(5).ShouldAllBe(q => q.Status == Features.Volunteers.SignUpStatus.Waiting);
        var s = (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/activities/{activity}")).GetProperty("shifts")[0];
        s.GetProperty("confirmed").GetInt32().ShouldBe(5);
        s.GetProperty("waiting").GetInt32().ShouldBe(25);
    }

    [Fact]
    public async Task Activities_of_another_community_are_not_found()
    {
        var (activity, shift) = await app.PlanSoonAsync();

        (await (await app.ClientForAsync(DemoUsers.RiderLicheng1)).GetAsync($"/api/volunteers/activities/{activity}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await app.PostAsync(DemoUsers.RiderLicheng1, Path(shift, "sign-up"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.PostAsync(DemoUsers.ResidentHexi1, Path(shift, "sign-up"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_account_without_a_resident_record_cannot_sign_up()
    {
        var (_, shift) = await app.PlanSoonAsync();

        await (await app.PostAsync(DemoUsers.GridChiefShiqi1, Path(shift, "sign-up"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "no_person_record");
    }

    [Fact]
    public async Task A_shift_that_is_over_takes_no_sign_ups()
    {
        var start = app.Now.AddMinutes(30);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, hours: 1));
        app.Clock.SetUtcNow(start.AddHours(1).AddMinutes(1));

        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "sign-up"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "shift_over");
    }

    [Fact]
    public async Task Activities_near_a_point_come_nearest_first_with_their_distance()
    {
        var near = await app.PlanAsync(new
        {
            title = "近处活动",
            type = "ConvenienceService",
            communityCode = VolunteerApp.Shiqi,
            latitude = 40.8100,
            longitude = 111.7050,
            address = "近处",
            shifts = new[] { new { startsAt = app.Now.AddDays(2), endsAt = app.Now.AddDays(2).AddHours(2), capacity = 3 } },
        });
        var far = await app.PlanAsync(new
        {
            title = "远处活动",
            type = "ConvenienceService",
            communityCode = VolunteerApp.Shiqi,
            latitude = 40.8125,
            longitude = 111.7110,
            address = "远处",
            shifts = new[] { new { startsAt = app.Now.AddDays(2), endsAt = app.Now.AddDays(2).AddHours(2), capacity = 3 } },
        });

        var page = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, "/api/volunteers/activities?lat=40.8101&lng=111.7051&within=2000&pageSize=200");
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        ids.ShouldContain(near.Activity);
        ids.ShouldContain(far.Activity);
        ids.IndexOf(near.Activity).ShouldBeLessThan(ids.IndexOf(far.Activity));
        page.GetProperty("items")[0].GetProperty("distanceMetres").GetDouble().ShouldBeLessThan(50);

        var tight = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, "/api/volunteers/activities?lat=40.8101&lng=111.7051&within=100");
        tight.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldNotContain(far.Activity);
    }

    [Fact]
    public async Task The_public_list_of_a_community_shows_its_coming_activities_without_signing_in()
    {
        var (activity, _) = await app.PlanSoonAsync();

        var page = await (await app.CreateClient().GetAsync($"/api/volunteers/communities/{VolunteerApp.Shiqi}/activities?pageSize=200")).JsonAsync();

        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldContain(activity);
        page.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(4); // the demo's coming activities in 仕奇社区
    }

    [Fact]
    public async Task My_grid_lists_my_grids_and_community_wide_activities_but_not_another_grids_team()
    {
        var (community, _) = await app.PlanSoonAsync();
        var team = await app.TeamIdAsync("巾帼宜家");
        var (teamActivity, _) = await app.PlanAsync(VolunteerApp.Plan(app.Now.AddHours(3), teamId: team));

        var mine = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, "/api/volunteers/activities?mine=true&pageSize=200");
        var ids = mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        ids.ShouldContain(community);
        ids.ShouldContain(teamActivity);

        var otherGrid = await app.GetJsonAsync(DemoUsers.ResidentShiqi2, "/api/volunteers/activities?mine=true&pageSize=200");
        otherGrid.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldNotContain(teamActivity);
    }
}
