using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>Worklist homes, the notification centre and a picker (docs/decisions/0022), on a phone and a desk.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CommandCentreJourneys(BrowserApp app)
{
    [Theory]
    [InlineData("grid.shiqi.02", Device.Phone, "orders_to_dispatch")]
    [InlineData("community.shiqi", Device.Desktop, "orders_unassigned")]
    [InlineData("street.renminlu", Device.Desktop, "worst_communities")]
    [InlineData("property.sanshundian.01", Device.Phone, "property_orders")]
    [InlineData("merchant.hexi.01", Device.Phone, "bookings_open")]
    [InlineData("gridchief.150102001001001", Device.Phone, "visits_due")]
    public async Task Each_role_starts_its_home_with_its_worklist(string userName, Device device, string section)
    {
        var page = await app.NewPageAsync(device);
        await page.LogInHomeAsync(userName);
        var worklist = page.Locator("section.worklist");
        await Assertions.Expect(worklist).ToBeVisibleAsync();
        await Assertions.Expect(worklist.Locator($"[data-section={section}]")).ToHaveCountAsync(1);
        // The worklist comes first: above the account card.
        var top = await worklist.BoundingBoxAsync();
        var me = await page.Locator("section.me").BoundingBoxAsync();
        top!.Y.ShouldBeLessThan(me!.Y);
        await page.ScreenshotAsync($"worklist-{userName}.{(device == Device.Phone ? "phone" : "desktop")}");
    }

    [Fact]
    public async Task A_grid_worker_opens_a_new_report_from_the_worklist()
    {
        await ReportAsync("resident.shiqi.02", "2号楼门口垃圾桶满了");
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync("grid.shiqi.02");
        var item = page.Locator("[data-section=orders_to_dispatch] li a", new() { HasText = "2号楼门口垃圾桶满了" }).First;
        await item.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/orders/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("2号楼门口垃圾桶满了");
    }

    [Theory]
    [InlineData(Device.Phone)]
    [InlineData(Device.Desktop)]
    public async Task The_inbox_lists_unread_first_and_reading_one_lowers_the_badge(Device device)
    {
        await ReportAsync("resident.sanshundian.01", device == Device.Phone ? "9号楼楼道灯不亮" : "9号楼单元门关不上");
        var page = await app.NewPageAsync(device);
        await page.LogInHomeAsync("grid.sanshundian.01");
        var before = await UnreadAsync(page);
        before.ShouldBeGreaterThan(0);
        await page.Locator("#inbox-link").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("消息中心");
        await Assertions.Expect(page.Locator(".inbox-item").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unread"));
        await page.ScreenshotAsync($"inbox.{(device == Device.Phone ? "phone" : "desktop")}");

        await page.Locator(".inbox-item.unread").First.Locator("button", new() { HasText = "标为已读" }).ClickAsync();
        await Assertions.Expect(page.Locator("#inbox-link")).ToHaveAttributeAsync("data-unread", (before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator(".tabs a", new() { HasText = "待办" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("group=todo"));
    }

    [Fact]
    public async Task A_merchant_picks_a_community_by_name_to_join_its_alliance()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync("merchant.hexi.01");
        await page.GotoAsync("/alliance/merchant");
        await page.Locator("summary", new() { HasText = "申请加入社区联盟" }).ClickAsync();
        await page.Locator("#apply-community").PressSequentiallyAsync("俪城");
        var option = page.Locator(".picker-options li[role=option]", new() { HasText = "俪城社区" });
        await Assertions.Expect(option).ToContainTextAsync("兴隆巷街道 · 玉泉区");
        await Assertions.Expect(page.Locator(".picker-options li[role=option]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("picker-community.phone");
        await option.ClickAsync();
        await Assertions.Expect(page.Locator("input[name=community]")).ToHaveValueAsync("150104001001");
        await page.Locator("button", new() { HasText = "提交申请" }).ClickAsync();
        await Assertions.Expect(page.Locator("ul li", new() { HasText = "俪城社区" }).First).ToContainTextAsync("审批中");
    }

    private static async Task<int> UnreadAsync(Microsoft.Playwright.IPage page) =>
        int.Parse(await page.Locator("#inbox-link").GetAttributeAsync("data-unread") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task ReportAsync(string userName, string title)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName, password = BrowserApp.DemoPassword })).Content.ReadFromJsonAsync<Token>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        (await http.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title })).EnsureSuccessStatusCode();
    }

    private sealed record Token(string AccessToken);
}
