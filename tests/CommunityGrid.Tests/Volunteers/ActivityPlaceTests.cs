using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Volunteers;

/// <summary>Where an activity is when its organiser gives no coordinates (the publishing page leaves them optional).</summary>
public sealed class ActivityPlaceTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task An_activity_of_a_grid_team_published_without_coordinates_lies_inside_that_grid_and_is_found_near_it()
    {
        var team = await app.TeamIdAsync("巾帼宜家");
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var created = await (await client.PostAsJsonAsync("/api/volunteers/activities", Body("无坐标的楼道清洁", team, latitude: null, longitude: null, radius: null)))
            .JsonAsync(HttpStatusCode.Created);
        var lat = created.GetProperty("latitude").GetDouble();
        var lng = created.GetProperty("longitude").GetDouble();

        var located = await (await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/areas/locate?lat={lat}&lng={lng}"))).JsonAsync();
        located.GetProperty("grid").GetProperty("code").GetString().ShouldBe("150105001001001");

        var near = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, string.Create(CultureInfo.InvariantCulture, $"/api/volunteers/activities?lat={lat}&lng={lng}&within=50&pageSize=100"));
        near.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).ShouldContain("无坐标的楼道清洁");
    }

    [Fact]
    public async Task A_community_activity_without_coordinates_lies_inside_the_community()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var created = await (await client.PostAsJsonAsync("/api/volunteers/activities", Body("社区无坐标活动", null, latitude: null, longitude: null, radius: null)))
            .JsonAsync(HttpStatusCode.Created);
        var located = await (await client.GetAsync(string.Create(CultureInfo.InvariantCulture,
            $"/api/areas/locate?lat={created.GetProperty("latitude").GetDouble()}&lng={created.GetProperty("longitude").GetDouble()}"))).JsonAsync();
        located.GetProperty("grid").GetProperty("path").GetString().ShouldStartWith("150100/150105/150105001/150105001001/");
    }

    [Fact]
    public async Task A_check_in_radius_without_coordinates_or_half_a_point_is_refused_and_nothing_is_published()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/activities?pageSize=1")).GetProperty("total").GetInt32();

        await (await client.PostAsJsonAsync("/api/volunteers/activities", Body("要签到范围却无坐标", null, latitude: null, longitude: null, radius: 200)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "location_required_for_radius");
        await (await client.PostAsJsonAsync("/api/volunteers/activities", Body("只有纬度", null, latitude: VolunteerApp.PlaceLat, longitude: null, radius: null)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "point_incomplete");

        (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/activities?pageSize=1")).GetProperty("total").GetInt32().ShouldBe(before);
    }

    private object Body(string title, Guid? teamId, double? latitude, double? longitude, int? radius) => new
    {
        title,
        type = "CleanUp",
        teamId,
        communityCode = teamId is null ? VolunteerApp.Shiqi : null,
        latitude,
        longitude,
        address = "仕奇社区",
        checkInRadiusMetres = radius,
        shifts = new[] { new { startsAt = app.Now.AddHours(3), endsAt = app.Now.AddHours(5), capacity = 4 } },
    };
}
