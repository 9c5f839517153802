using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Open311;

namespace CommunityGrid.Tests.Accounts;

/// <summary>The app with low limits (the other tests' apps switch them off: they log in often from one address).</summary>
public sealed class RateLimitedApp : AppFactory
{
    public RateLimitedApp() => WithSetting("RateLimits:Enabled", "true")
        .WithSetting("RateLimits:Window", "01:00:00")
        .WithSetting("RateLimits:LoginPerIp", "1000")
        .WithSetting("RateLimits:LoginPerUser", "3")
        .WithSetting("RateLimits:IntakePerIp", "1000")
        .WithSetting("RateLimits:IntakePerUser", "2")
        .WithSetting("RateLimits:Open311PerIp", "1000")
        .WithSetting("RateLimits:Open311PerClient", "2")
        .WithSetting("Notifications:DeliveryEnabled", "false");
}

/// <summary>Per IP address: its own app, since every test client shares the one test-server address.</summary>
public sealed class IpRateLimitedApp : AppFactory
{
    public IpRateLimitedApp() => WithSetting("RateLimits:Enabled", "true")
        .WithSetting("RateLimits:Window", "01:00:00")
        .WithSetting("RateLimits:LoginPerIp", "4")
        .WithSetting("RateLimits:LoginPerUser", "1000")
        .WithSetting("Notifications:DeliveryEnabled", "false");
}

public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private static async Task ShouldBeRateLimitedAsync(HttpResponseMessage response)
    {
        await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Logins_for_one_user_name_beyond_the_limit_are_429_while_other_names_go_on()
    {
        var anon = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await anon.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.PartyMemberShiqi1, password = "wrong-" + i }))
                .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await ShouldBeRateLimitedAsync(await anon.PostAsJsonAsync("/api/auth/token", new { userName = "PARTY.shiqi.01", password = AppFactory.DemoPassword }));
        (await anon.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.PartyMemberShiqi2, password = AppFactory.DemoPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reports_beyond_a_users_limit_are_429_and_not_stored()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        object Report(int i) => new { categoryCode = "city.garbage", title = "垃圾桶满溢 " + i, latitude = 40.8110, longitude = 111.7010 };
        for (var i = 0; i < 2; i++)
        {
            (await resident.PostAsJsonAsync("/api/work-orders", Report(i))).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await ShouldBeRateLimitedAsync(await resident.PostAsJsonAsync("/api/work-orders", Report(3)));
        var mine = await (await resident.GetAsync("/api/work-orders?pageSize=200")).JsonAsync();
        mine.GetProperty("items").EnumerateArray().Count(o => o.GetProperty("title").GetString() == "垃圾桶满溢 3").ShouldBe(0);
        // Another user is counted on their own.
        (await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).PostAsJsonAsync("/api/work-orders", Report(4))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Open311_requests_of_one_client_beyond_its_limit_are_429()
    {
        var client = app.CreateClient();
        await client.ReportAsync(Open311Calls.Drain("第一次"));
        await client.ReportAsync(Open311Calls.Drain("第二次"));

        var third = await client.PostRequestAsync(Open311Calls.Drain("第三次"));

        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.GetValues("Retry-After").Single().ShouldNotBeNullOrEmpty();
    }
}

public sealed class IpRateLimitTests(IpRateLimitedApp app) : IClassFixture<IpRateLimitedApp>
{
    [Fact]
    public async Task Logins_from_one_address_beyond_the_limit_are_429_problem_details_with_retry_after()
    {
        var anon = app.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            (await anon.PostAsJsonAsync("/api/auth/token", new { userName = "resident.shiqi.0" + (i % 2 + 1), password = AppFactory.DemoPassword })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await anon.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.CityAdmin, password = AppFactory.DemoPassword });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        // Reading goes on: only the limited writes count.
        (await anon.GetAsync("/open311/v2/services.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
