using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.BrowserTests.Infrastructure;
using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// 志愿服务 through the real pages: a volunteer of 巾帼宜家 finds an activity near her, signs up,
/// checks in and out at the place (the browser's position), the organiser verifies her minutes, and
/// the points arrive on her page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VolunteerJourneys(BrowserApp app)
{
    private const string Title = "巾帼宜家·楼道清洁";
    private const double PlaceLat = 40.8112;
    private const double PlaceLng = 111.7021;

    [Fact]
    public async Task A_volunteer_signs_up_checks_in_and_out_the_organiser_verifies_and_her_points_arrive()
    {
        // The organiser publishes, through the API, an activity whose shift is on now (the app runs on the real clock).
        var (activityId, shiftId) = await PublishAsync(Title);
        var before = await BalanceAsync(DemoUsers.VolunteerShiqi1);

        // The volunteer, on her phone at the place (about 50 m from it).
        var volunteer = await PhoneAtAsync(PlaceLat + 0.00045, PlaceLng);
        await volunteer.LogInHomeAsync(DemoUsers.VolunteerShiqi1);
        await Assertions.Expect(volunteer.Locator("section.volunteer-nav")).ToContainTextAsync("志愿服务");
        await volunteer.Locator("section.volunteer-nav").GetByRole(AriaRole.Link, new() { Name = "志愿活动", Exact = true }).ClickAsync();
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "查找我附近的活动" }).ClickAsync();
        var card = volunteer.Locator(".order-card").Filter(new() { HasText = Title });
        await Assertions.Expect(card).ToContainTextAsync(" m");
        await volunteer.ScreenshotAsync("volunteer-01-activities-near-me.phone");
        await card.Locator("a.order-title").ClickAsync();
        await Assertions.Expect(volunteer.Locator("h1")).ToHaveTextAsync(Title);
        await Assertions.Expect(volunteer.Locator(".activity-head")).ToContainTextAsync("米内签到");

        await volunteer.GetByRole(AriaRole.Button, new() { Name = "报名", Exact = true }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToHaveTextAsync("报名成功。");
        await volunteer.ScreenshotAsync("volunteer-02-signed-up.phone");
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "签到", Exact = true }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToHaveTextAsync("签到成功。");
        await CheckedInAtTheStartAsync(shiftId, DemoUsers.VolunteerShiqi1);
        await volunteer.GetByRole(AriaRole.Button, new() { Name = "签退", Exact = true }).ClickAsync();
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Status)).ToContainTextAsync("签退成功");
        await Assertions.Expect(volunteer.Locator(".my-status")).ToContainTextAsync("签退");
        await volunteer.ScreenshotAsync("volunteer-03-checked-out.phone");

        // The organiser sees her times, prefilled with the service they show (from the shift's start), and verifies 90 minutes of it.
        var organiser = await app.NewPageAsync(Device.Desktop);
        await organiser.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await organiser.GotoAsync($"/volunteers/activities/{activityId}");
        var row = organiser.Locator(".roster .order-card").Filter(new() { HasText = "田静" });
        await Assertions.Expect(row).ToContainTextAsync("签退");
        var minutes = row.Locator("input[name=minutes]");
        int.Parse(await minutes.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(100);
        await organiser.ScreenshotAsync("volunteer-04-organiser-roster.desktop");
        await minutes.FillAsync("90");
        await row.GetByRole(AriaRole.Button, new() { Name = "核定并发放积分" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToHaveTextAsync("已核定，积分已发放。");
        await Assertions.Expect(organiser.Locator(".roster .order-card").Filter(new() { HasText = "田静" })).ToContainTextAsync("已核定 90 分钟 · 15 积分");
        await organiser.ScreenshotAsync("volunteer-05-organiser-verified.desktop");

        // The volunteer sees the points arrive: on the activity and on her record, with the ledger's balance.
        await volunteer.ReloadAsync();
        await Assertions.Expect(volunteer.Locator(".verified")).ToContainTextAsync("组织者已核定 1.5 小时，获得 15 积分");
        await volunteer.GotoAsync("/volunteers/me");
        await Assertions.Expect(volunteer.Locator(".total-hours")).ToHaveTextAsync("1.5");
        await Assertions.Expect(volunteer.Locator(".points-balance")).ToHaveTextAsync($"{before + 15}");
        await Assertions.Expect(volunteer.Locator(".movements")).ToContainTextAsync("+15");
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Link, new() { Name = "下载志愿服务时长证明（PDF）" })).ToBeVisibleAsync();
        await volunteer.ScreenshotAsync("volunteer-06-my-hours-and-points.phone");

        // She spends them at a caring merchant of another community (河西社区): points are one city-wide currency.
        await volunteer.GotoAsync("/points/shop");
        var haircut = volunteer.Locator(".shop-item").Filter(new() { HasText = "理发一次" });
        await Assertions.Expect(haircut).ToContainTextAsync("河西爱心理发店");
        await haircut.GetByRole(AriaRole.Button, new() { Name = "兑换" }).ClickAsync();
        await Assertions.Expect(volunteer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/points/codes/[0-9a-f-]{36}$"));
        await Assertions.Expect(volunteer.Locator(".qr svg")).ToBeVisibleAsync();
        var code = (await volunteer.Locator("#code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await volunteer.ScreenshotAsync("volunteer-07-code-for-hexi-merchant.phone");

        var merchant = await app.NewPageAsync(Device.Phone);
        await merchant.LogInHomeAsync(DemoUsers.MerchantHexi1);
        await merchant.GotoAsync("/merchant/redeem");
        await merchant.GetByLabel("兑换码（8 位）").FillAsync(code);
        await merchant.GetByRole(AriaRole.Button, new() { Name = "核销", Exact = true }).ClickAsync();
        await Assertions.Expect(merchant.GetByRole(AriaRole.Status)).ToContainTextAsync("核销成功");
        await Assertions.Expect(merchant.Locator(".today")).ToContainTextAsync("田*");
        await merchant.ScreenshotAsync("volunteer-08-hexi-merchant-redeemed.phone");

        await volunteer.GotoAsync("/points");
        await Assertions.Expect(volunteer.Locator("#balance")).ToHaveTextAsync($"{before + 15 - 50}");
        await volunteer.ScreenshotAsync("volunteer-09-statement-after-haircut.phone");
    }

    [Fact]
    public async Task The_organiser_corrects_verified_minutes_with_a_reason_and_the_volunteer_sees_the_reversal_and_the_new_award()
    {
        const string title = "巾帼宜家·便民维修";
        var (activityId, shiftId) = await PublishAsync(title, radius: null);
        var before = await BalanceAsync(DemoUsers.PartyMemberShiqi2);
        using (var volunteerApi = await ApiAsync(DemoUsers.PartyMemberShiqi2))
        {
            foreach (var step in new[] { "sign-up", "check-in", "check-out" })
            {
                if (step == "check-out")
                {
                    await CheckedInAtTheStartAsync(shiftId, DemoUsers.PartyMemberShiqi2);
                }

                (await volunteerApi.PostAsJsonAsync($"/api/volunteers/shifts/{shiftId}/{step}", new { })).EnsureSuccessStatusCode();
            }
        }

        var organiser = await app.NewPageAsync(Device.Phone);
        await organiser.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await organiser.GotoAsync($"/volunteers/activities/{activityId}");
        var row = organiser.Locator(".roster .order-card").Filter(new() { HasText = "何振华" });
        await row.Locator("input[name=minutes]").FillAsync("90");
        await row.GetByRole(AriaRole.Button, new() { Name = "核定并发放积分" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToHaveTextAsync("已核定，积分已发放。");

        row = organiser.Locator(".roster .order-card").Filter(new() { HasText = "何振华" });
        await row.Locator("summary").ClickAsync();
        await row.Locator("form.correct input[name=minutes]").FillAsync("120");
        await row.Locator("form.correct input[name=reason]").FillAsync("补录：服务至班次结束");
        await organiser.ScreenshotAsync("volunteer-07-organiser-correcting.phone");
        await row.GetByRole(AriaRole.Button, new() { Name = "提交更正" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToHaveTextAsync("已更正，积分已按新时长调整。");
        row = organiser.Locator(".roster .order-card").Filter(new() { HasText = "何振华" });
        await Assertions.Expect(row).ToContainTextAsync("已核定 120 分钟 · 20 积分");
        await Assertions.Expect(row.Locator(".history")).ToContainTextAsync("90 → 120 分钟（补录：服务至班次结束）");
        await organiser.ScreenshotAsync("volunteer-08-organiser-corrected.phone");

        var volunteer = await app.NewPageAsync(Device.Phone);
        await volunteer.LogInHomeAsync(DemoUsers.PartyMemberShiqi2);
        await volunteer.GotoAsync("/volunteers/me");
        await Assertions.Expect(volunteer.Locator(".points-balance")).ToHaveTextAsync($"{before + 20}");
        await Assertions.Expect(volunteer.Locator(".movements")).ToContainTextAsync("冲正");
        await Assertions.Expect(volunteer.Locator(".movements")).ToContainTextAsync("-15");
        await Assertions.Expect(volunteer.Locator(".movements")).ToContainTextAsync("+20");
        await volunteer.ScreenshotAsync("volunteer-09-volunteer-after-correction.phone");
    }

    private async Task<HttpClient> ApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName, password = BrowserApp.DemoPassword })).Content.ReadFromJsonAsync<Token>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return http;
    }

    private async Task<long> BalanceAsync(string userName)
    {
        using var http = await ApiAsync(userName);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/points/me");
        return me.GetProperty("account").GetProperty("balance").GetInt64();
    }

    private async Task<IPage> PhoneAtAsync(double latitude, double longitude)
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new() { Width = 390, Height = 844 },
            DeviceScaleFactor = 1,
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            Geolocation = new() { Latitude = (float)latitude, Longitude = (float)longitude, Accuracy = 10 },
            Permissions = ["geolocation"],
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// The volunteer's check-in moved back to the shift's start: the app runs on the real clock and a journey
    /// cannot wait the 90 minutes of service that verification now needs the record to show.
    /// </summary>
    private async Task CheckedInAtTheStartAsync(Guid shiftId, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var personId = await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync();
        var startsAt = await db.ActivityShifts.Where(s => s.Id == shiftId).Select(s => s.StartsAt).SingleAsync();
        (await db.SignUps.Where(s => s.ShiftId == shiftId && s.PersonId == personId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CheckedInAt, startsAt))).ShouldBe(1);
    }

    /// <summary>An activity of 巾帼宜家 whose one shift started 100 minutes ago and ends in 20; returns its id and the shift's.</summary>
    private async Task<(Guid Activity, Guid Shift)> PublishAsync(string title, int? radius = 300)
    {
        using var http = await ApiAsync(DemoUsers.CommunityAdminShiqi);
        var teams = await http.GetFromJsonAsync<JsonElement>("/api/volunteers/teams?pageSize=200");
        var team = teams.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "巾帼宜家").GetProperty("id").GetGuid();
        var now = DateTime.UtcNow;
        var response = await http.PostAsJsonAsync("/api/volunteers/activities", new
        {
            title,
            type = "CleanUp",
            description = "清理楼道杂物，擦拭扶手。",
            teamId = team,
            latitude = PlaceLat,
            longitude = PlaceLng,
            address = "仕奇社区第一网格 2号楼",
            checkInRadiusMetres = radius,
            shifts = new[] { new { startsAt = now.AddMinutes(-100), endsAt = now.AddMinutes(20), capacity = 5 } },
        });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("id").GetGuid(), created.GetProperty("shifts")[0].GetProperty("id").GetGuid());
    }

    private sealed record Token(string AccessToken);
}
