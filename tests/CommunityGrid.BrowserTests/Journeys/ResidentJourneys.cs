using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed partial class ResidentJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_resident_sees_only_themselves_with_a_masked_phone_and_their_grid_board()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.ResidentShiqi1);

        await Assertions.Expect(page.Locator(".roles")).ToContainTextAsync("居民");
        var record = page.Locator("section.my-record");
        await Assertions.Expect(record).ToContainTextAsync("仕奇社区");
        await Assertions.Expect(record.Locator("dd").Nth(2)).ToHaveTextAsync(MaskedPhone());
        await Assertions.Expect(page.Locator("section.card.wide")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("svg")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("resident-home.phone");

        await record.GetByRole(AriaRole.Link, new() { Name = "红色网格公示牌" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/board/150105001001001$"));
        await Assertions.Expect(page.Locator(".board-head h1")).ToHaveTextAsync("仕奇社区第一网格");
    }

    [Fact]
    public async Task A_resident_cannot_open_the_residents_list()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.ResidentShiqi1);

        var response = await page.GotoAsync("/people");

        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("resident-people-not-found.phone");
    }

    [Fact]
    public async Task A_resident_cannot_open_another_community()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.ResidentShiqi1);

        var response = await page.GotoAsync("/areas/150103001001");

        response!.Status.ShouldBe(404);
    }

    [Fact]
    public async Task The_public_grid_board_opens_without_logging_in()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.GotoAsync("/board/150105001001001");

        await Assertions.Expect(page.Locator(".board-head")).ToContainTextAsync("红色网格");
        await Assertions.Expect(page.Locator(".board-head h1")).ToHaveTextAsync("仕奇社区第一网格");
        await Assertions.Expect(page.Locator(".board")).ToContainTextAsync("网格长");
        await Assertions.Expect(page.Locator(".board-people .phone").First).ToHaveAttributeAsync("href", new Regex("^tel:\\d+"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/board/150105001001001$"));
        await page.ScreenshotAsync("public-board.phone");
    }

    [GeneratedRegex(@"^\d{3}\*{4}\d{4}$")]
    private static partial Regex MaskedPhone();
}
