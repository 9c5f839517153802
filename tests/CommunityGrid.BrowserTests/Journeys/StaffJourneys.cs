using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class StaffJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_grid_chief_lands_on_their_grid_with_its_map_and_buildings()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);

        var panel = page.Locator("section.card.wide");
        await Assertions.Expect(panel.Locator(".area-head h2")).ToHaveTextAsync("仕奇社区第一网格");
        await Assertions.Expect(page.Locator(".roles")).ToContainTextAsync("网格长");
        await Assertions.Expect(panel.Locator("svg .grid-shape path")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator("table.children tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(panel.Locator(".stats")).ToContainTextAsync("户数");
        await page.ScreenshotAsync("grid-chief-home.phone");

        await panel.Locator("svg a.grid-shape").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas/150105001001001$"));
        await Assertions.Expect(page.Locator(".crumbs")).ToContainTextAsync("仕奇社区");
    }

    [Fact]
    public async Task A_grid_chief_cannot_open_a_neighbouring_grid()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);

        var response = await page.GotoAsync("/areas/150105001001002");

        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_community_admin_sees_the_community_map_with_its_six_grids()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);

        var panel = page.Locator("section.card.wide");
        await Assertions.Expect(panel.Locator(".area-head h2")).ToHaveTextAsync("仕奇社区");
        await Assertions.Expect(panel.Locator("svg .grid-shape path")).ToHaveCountAsync(6);
        await Assertions.Expect(panel.Locator("svg text")).ToHaveCountAsync(6);
        await Assertions.Expect(panel.Locator("table.children tbody tr")).ToHaveCountAsync(6);
        await page.ScreenshotAsync("community-admin-home.desktop");

        await panel.GetByRole(AriaRole.Link, new() { Name = "仕奇社区第二网格" }).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas/150105001001002$"));
        await Assertions.Expect(page.Locator("svg .grid-shape.current")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_city_admin_sees_the_city_with_its_districts_and_every_grid_on_the_map()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync(DemoUsers.CityAdmin);

        var panel = page.Locator("section.card.wide");
        await Assertions.Expect(panel.Locator(".area-head h2")).ToHaveTextAsync("呼和浩特市");
        await Assertions.Expect(panel.Locator("table.children tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(panel.Locator("table.children")).ToContainTextAsync("赛罕区");
        await Assertions.Expect(panel.Locator("svg .grid-shape path")).ToHaveCountAsync(48);
        await page.ScreenshotAsync("city-admin-home.desktop");

        await panel.GetByRole(AriaRole.Link, new() { Name = "赛罕区" }).ClickAsync();
        await Assertions.Expect(page.Locator(".area-head h2")).ToHaveTextAsync("赛罕区");
        await Assertions.Expect(page.Locator(".crumbs")).ToContainTextAsync("呼和浩特市");
        await page.ScreenshotAsync("city-admin-district.desktop");
    }

    [Fact]
    public async Task Staff_pages_switch_to_English()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridWorkerShiqi2);
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator(".roles")).ToContainTextAsync("Grid worker");
        await Assertions.Expect(page.Locator(".stats")).ToContainTextAsync("Households");
        await page.ScreenshotAsync("grid-worker-home-english.phone");
    }
}
