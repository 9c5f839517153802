using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>The dashboards as a district head and a community secretary use them: drill down, the map, the big screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardJourneys(BrowserApp app)
{
    // 仕奇社区 grid 1: 111.700–111.704 E, 40.809–40.813 N.
    private const double Lat = 40.8110, Lng = 111.7020;

    private async Task FileAsync(string title)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "resident.shiqi.01", password = BrowserApp.DemoPassword }))
            .Content.ReadFromJsonAsync<Token>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        (await http.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title, latitude = Lat, longitude = Lng })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_district_head_drills_down_from_her_district_to_a_community_and_back()
    {
        await FileAsync("仕奇苑垃圾桶满溢");
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync("district.saihan");
        await page.Locator("nav.loopnav").GetByRole(AriaRole.Link, new() { Name = "数据看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("赛罕区");
        await Assertions.Expect(page.Locator("[data-dashboard][data-loads]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".dash-tile[data-kpi=created] .dash-tile-value")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync("dashboard-01-district.desktop");

        await page.Locator("table.dash-children").GetByRole(AriaRole.Link, new() { Name = "人民路街道" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("人民路街道");
        await page.Locator("table.dash-children").GetByRole(AriaRole.Link, new() { Name = "仕奇社区" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("仕奇社区");
        await Assertions.Expect(page.Locator("table.dash-children tbody tr")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("[data-dashboard][data-loads]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("dashboard-02-community.desktop");

        await page.Locator("nav.crumbs").GetByRole(AriaRole.Link, new() { Name = "赛罕区" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("赛罕区");
    }

    [Fact]
    public async Task On_the_map_a_grid_with_open_orders_is_coloured_and_a_click_opens_its_figures()
    {
        await FileAsync("网格一号垃圾");
        await FileAsync("网格一号垃圾又满");
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync("community.shiqi");
        await page.GotoAsync("/dashboards?area=150105001001");
        await Assertions.Expect(page.Locator("[data-dashboard][data-map-grids='6']")).ToHaveCountAsync(1);
        // The order points off, so a click lands on the grid itself.
        await page.Locator("[data-map-layer]").SelectOptionAsync("none");
        var map = page.Locator("[data-chart=map]");
        await map.ScrollIntoViewIfNeededAsync();
        await page.WaitForTimeoutAsync(800); // the map animates its colours in

        // Where grid 1's centre is drawn, and the colour there.
        var probe = await page.EvaluateAsync<JsonElement>(@"([lng, lat]) => {
            const el = document.querySelector('[data-chart=map]');
            const chart = echarts.getInstanceByDom(el);
            const [x, y] = chart.convertToPixel({ geoIndex: 0 }, [lng, lat]);
            const canvas = el.querySelector('canvas');
            const ratio = canvas.width / el.clientWidth;
            const p = canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
            return { x, y, r: p[0], g: p[1], b: p[2] };
        }", new object[] { 111.7020, 40.8110 });
        int C(string n) => probe.GetProperty(n).GetInt32();
        // Coloured by its open orders: towards the scale's red, not the grey of a grid without data.
        C("r").ShouldBeGreaterThan(C("g") + 40, $"pixel {C("r")},{C("g")},{C("b")}");

        var box = (await map.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (float)probe.GetProperty("x").GetDouble(), box.Y + (float)probe.GetProperty("y").GetDouble());
        var panel = page.Locator("[data-map-panel]");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("h3")).ToHaveTextAsync("仕奇社区第一网格");
        await Assertions.Expect(panel).ToContainTextAsync("在办");
        await Assertions.Expect(panel.GetByRole(AriaRole.Link, new() { Name = "网格看板" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("area=150105001001001"));
        await page.ScreenshotAsync("dashboard-03-map-grid-clicked.desktop");

        await panel.GetByRole(AriaRole.Link, new() { Name = "网格看板" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("仕奇社区第一网格");
    }

    [Fact]
    public async Task The_big_screen_updates_itself_when_an_order_is_filed()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        await page.SetViewportSizeAsync(1920, 1080);
        await page.LogInHomeAsync("community.shiqi");
        await page.GotoAsync("/dashboards/screen?area=150105001001");
        var screen = page.Locator(".screen[data-live=connected][data-loads]");
        await Assertions.Expect(screen).ToHaveCountAsync(1);
        var before = int.Parse((await screen.GetAttributeAsync("data-created"))!, CultureInfo.InvariantCulture);
        await page.WaitForTimeoutAsync(1500); // only for the picture
        await page.ScreenshotAsync("dashboard-04-big-screen-before.desktop");

        await FileAsync("大屏实时：仕奇苑东门垃圾满溢");

        var after = (before + 1).ToString(CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator($".screen[data-created='{after}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".screen-tile[data-kpi=created] .screen-tile-value")).ToHaveTextAsync(after);
        await page.WaitForTimeoutAsync(1500); // only for the picture: the charts animate into their new values
        await page.ScreenshotAsync("dashboard-05-big-screen-after.desktop");
    }

    [Fact]
    public async Task A_grid_chief_reads_her_grids_dashboard_on_a_phone()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync("grid.shiqi.01");
        await page.GotoAsync("/dashboards");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("仕奇社区第一网格");
        await Assertions.Expect(page.Locator("[data-dashboard][data-loads]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("dashboard-06-grid.phone");
    }

    private sealed record Token(string AccessToken);
}
