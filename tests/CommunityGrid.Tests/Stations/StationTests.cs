using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;

namespace CommunityGrid.Tests.Stations;

public sealed class StationTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private async Task<Guid> StationAsync(string name) =>
        (await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/stations")).EnumerateArray().Single(s => s.Str("name") == name).Id();

    [Fact]
    public async Task Stations_are_listed_nearest_first_with_facilities_and_hours()
    {
        var near = await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/stations?lat=40.7921&lng=111.6632");
        var list = near.EnumerateArray().ToList();
        list[0].Str("name").ShouldBe("俪城商业街红蜂驿站");
        list[0].GetProperty("distanceMetres").GetDouble().ShouldBeLessThan(5);
        list[1].Str("name").ShouldBe("俪城社区红蜂驿站");
        list[1].GetProperty("distanceMetres").GetDouble().ShouldBeInRange(250, 400);
        list[1].GetProperty("facilities").EnumerateArray().Select(f => f.GetString()).ShouldContain("Microwave");
        list[1].Str("hours").ShouldBe("07:00–22:00");
        list[0].Str("hours").ShouldBe("24h");
        list[0].GetProperty("openNow").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_rider_checks_in_once_per_half_hour_and_the_station_staff_see_who_came_today()
    {
        var station = await StationAsync("俪城社区红蜂驿站");
        var first = await app.PostAsync(DemoUsers.RiderLicheng1, $"/api/stations/{station}/check-in", expected: HttpStatusCode.Created);
        await (await (await app.As(DemoUsers.RiderLicheng1)).PostAsJsonAsync($"/api/stations/{station}/check-in", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "checked_in_recently");
        await (await (await app.As(DemoUsers.ResidentShiqi1)).PostAsJsonAsync($"/api/stations/{station}/check-in", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "riders_only");

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var second = await app.PostAsync(DemoUsers.RiderLicheng1, $"/api/stations/{station}/check-in", expected: HttpStatusCode.Created);
        second.GetProperty("checkInsToday").GetInt32().ShouldBeGreaterThanOrEqualTo(first.GetProperty("checkInsToday").GetInt32());

        var use = await app.GetJsonAsync(DemoUsers.StationStaffLicheng1, $"/api/stations/{station}/use");
        use.GetProperty("todayVisitors").EnumerateArray().Select(v => v.Str("name")).ShouldContain("李小龙");
        var days = use.GetProperty("days").EnumerateArray().ToList();
        days.Count.ShouldBe(14);
        days.Sum(d => d.GetProperty("checkIns").GetInt32()).ShouldBe(2);
        days.Sum(d => d.GetProperty("riders").GetInt32()).ShouldBeInRange(1, 2);

        (await app.GetJsonAsync(DemoUsers.CommunityAdminLicheng, $"/api/stations/{station}/use")).GetProperty("todayVisitors").GetArrayLength().ShouldBeGreaterThan(0);
        await (await (await app.As(DemoUsers.RiderLicheng1)).GetAsync($"/api/stations/{station}/use")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.CommunityAdminHexi)).GetAsync($"/api/stations/{station}/use")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var other = await StationAsync("俪城商业街红蜂驿站");
        await (await (await app.As(DemoUsers.StationStaffLicheng1)).GetAsync($"/api/stations/{other}/use")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_rider_checked_in_within_the_gap_is_not_offered_check_in_there_again_and_others_never_are()
    {
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var station = await StationAsync("俪城商业街红蜂驿站");
        var other = await StationAsync("俪城社区红蜂驿站");
        (await app.GetJsonAsync(DemoUsers.RiderLicheng1, $"/api/stations/{station}")).GetProperty("canCheckIn").GetBoolean().ShouldBeTrue();
        WebUtility.HtmlDecode(await (await app.As(DemoUsers.RiderLicheng1)).GetStringAsync("/stations")).ShouldContain("到站签到");

        var checkIn = await app.PostAsync(DemoUsers.RiderLicheng1, $"/api/stations/{station}/check-in", expected: HttpStatusCode.Created);

        var list = (await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/stations")).EnumerateArray().ToList();
        var here = list.Single(s => s.Id() == station);
        here.GetProperty("canCheckIn").GetBoolean().ShouldBeFalse();
        here.GetProperty("checkedInAt").GetDateTime().ShouldBe(checkIn.GetProperty("at").GetDateTime(), TimeSpan.FromMilliseconds(1));
        list.Single(s => s.Id() == other).GetProperty("canCheckIn").GetBoolean().ShouldBeTrue();
        var page = WebUtility.HtmlDecode(await (await app.As(DemoUsers.RiderLicheng1)).GetStringAsync("/stations"));
        page.ShouldContain("已在此签到");
        System.Text.RegularExpressions.Regex.Count(page, "到站签到").ShouldBe(1);

        foreach (var user in new[] { DemoUsers.StationStaffLicheng1, DemoUsers.CommunityAdminLicheng, DemoUsers.ResidentShiqi1 })
        {
            (await app.GetJsonAsync(user, "/api/stations")).EnumerateArray().ShouldAllBe(s => !s.GetProperty("canCheckIn").GetBoolean());
            WebUtility.HtmlDecode(await (await app.As(user)).GetStringAsync("/stations")).ShouldNotContain("到站签到");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        (await app.GetJsonAsync(DemoUsers.RiderLicheng1, $"/api/stations/{station}")).GetProperty("canCheckIn").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Parallel_check_ins_of_one_rider_at_one_station_make_one()
    {
        var station = await StationAsync("俪城商业街红蜂驿站");
        var rider = await app.As(DemoUsers.RiderLicheng1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => rider.PostAsJsonAsync($"/api/stations/{station}/check-in", new { })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "checked_in_recently");
        }
    }
}
