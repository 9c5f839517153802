using System.Net;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Volunteers;

public sealed class CheckInTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private static string Path(Guid shift, string action) => $"/api/volunteers/shifts/{shift}/{action}";

    private async Task<(Guid Shift, DateTime Start)> SignedUpAsync(string user, int? radius = null)
    {
        var start = app.Now.AddHours(2);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, radius: radius));
        await (await app.PostAsync(user, Path(shift, "sign-up"))).JsonAsync();
        return (shift, start);
    }

    [Fact]
    public async Task Check_in_opens_thirty_minutes_before_the_shift()
    {
        var (shift, start) = await SignedUpAsync(DemoUsers.VolunteerShiqi1);
        app.Clock.SetUtcNow(start.AddMinutes(-31));
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "shift_not_started");

        app.Clock.SetUtcNow(start.AddMinutes(-29));
        var mine = await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "check-in"))).JsonAsync();
        mine.GetProperty("checkedInAt").GetDateTime().ShouldBe(start.AddMinutes(-29));

        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_checked_in");
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, Path(shift, "cancel"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_checked_in");
    }

    [Fact]
    public async Task Check_out_needs_a_check_in_and_happens_once()
    {
        var (shift, start) = await SignedUpAsync(DemoUsers.PartyMemberShiqi1);
        app.Clock.SetUtcNow(start);
        await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "check-out"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_checked_in");

        await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "check-in"))).JsonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(90));
        var mine = await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "check-out"))).JsonAsync();
        mine.GetProperty("checkedOutAt").GetDateTime().ShouldBe(start.AddMinutes(90));

        await (await app.PostAsync(DemoUsers.PartyMemberShiqi1, Path(shift, "check-out"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_checked_out");
    }

    [Fact]
    public async Task With_a_radius_the_volunteer_must_be_at_the_place()
    {
        var (shift, start) = await SignedUpAsync(DemoUsers.ResidentShiqi1, radius: 200);
        app.Clock.SetUtcNow(start.AddMinutes(-5));

        await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "location_required");
        // About 1.1 km north of the place.
        await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "check-in"), new { latitude = VolunteerApp.PlaceLat + 0.01, longitude = VolunteerApp.PlaceLng }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_far_from_activity");
        // About 100 m away.
        var mine = await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "check-in"), new { latitude = VolunteerApp.PlaceLat + 0.0009, longitude = VolunteerApp.PlaceLng })).JsonAsync();
        mine.GetProperty("checkedInAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);

        app.Clock.Advance(TimeSpan.FromHours(1));
        await (await app.PostAsync(DemoUsers.ResidentShiqi1, Path(shift, "check-out"), new { latitude = VolunteerApp.PlaceLat - 0.01, longitude = VolunteerApp.PlaceLng }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "too_far_from_activity");
    }

    [Fact]
    public async Task A_volunteer_on_the_waiting_list_cannot_check_in()
    {
        var start = app.Now.AddHours(2);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, capacity: 1));
        await (await app.PostAsync(DemoUsers.PartyMemberShiqi2, Path(shift, "sign-up"))).JsonAsync();
        await (await app.PostAsync(DemoUsers.ResidentShiqi2, Path(shift, "sign-up"))).JsonAsync();
        app.Clock.SetUtcNow(start);

        await (await app.PostAsync(DemoUsers.ResidentShiqi2, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "on_waiting_list");
    }

    [Fact]
    public async Task Check_in_after_the_shift_is_over_is_refused()
    {
        var (shift, start) = await SignedUpAsync(DemoUsers.ResidentShiqi2);
        app.Clock.SetUtcNow(start.AddHours(2).AddMinutes(1));

        await (await app.PostAsync(DemoUsers.ResidentShiqi2, Path(shift, "check-in"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "shift_over");
    }
}
