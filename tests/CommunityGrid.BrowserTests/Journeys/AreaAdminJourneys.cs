using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class AreaAdminJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_community_admin_creates_renames_and_retires_a_building()
    {
        const string grid = "150105001001006";
        const string building = grid + "009";
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await page.GotoAsync($"/areas/{grid}");
        await page.GetByRole(AriaRole.Link, new() { Name = "编辑区域" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/areas/{grid}/edit$"));

        await page.Locator("input[name=ChildCode]").FillAsync(building);
        await page.Locator("input[name=ChildName]").FillAsync("临建楼");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建楼栋" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已新建“临建楼”");

        await page.Locator("input[name=ChildCode]").FillAsync(building);
        await page.Locator("input[name=ChildName]").FillAsync("重复楼");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建楼栋" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(building);
        await page.ScreenshotAsync("community-admin-area-edit.desktop");

        await page.GotoAsync($"/areas/{building}/edit");
        await page.Locator("input[name=NewName]").FillAsync("临建楼（东）");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存名称" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("名称已保存。");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("临建楼（东）");

        await page.Locator("input[name=Confirm]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "撤销该区域" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("该区域已撤销。");

        await page.GotoAsync($"/areas/{grid}");
        await Assertions.Expect(page.Locator("table.children tr.retired")).ToContainTextAsync("临建楼（东）");
    }

    [Fact]
    public async Task A_grid_chief_cannot_open_the_edit_page()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);

        var response = await page.GotoAsync("/areas/150105001001001/edit");

        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "编辑区域" })).ToHaveCountAsync(0);
    }
}
