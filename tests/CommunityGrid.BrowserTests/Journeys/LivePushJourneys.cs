using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class LivePushJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_grid_chief_with_a_page_open_sees_a_new_report_of_the_grid_at_once()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefSanshundian1);
        await Assertions.Expect(page.Locator("body[data-live=connected]")).ToHaveCountAsync(1);
        // The badge starts from the server's unread count (other journeys may have left messages) and counts the push.
        var before = int.Parse(await page.Locator("#inbox-link").GetAttributeAsync("data-unread") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // The resident reports through the API while the grid chief's page stays open.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.ResidentSanshundian1, password = BrowserApp.DemoPassword }))
            .Content.ReadFromJsonAsync<Token>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        (await http.PostAsJsonAsync("/api/work-orders", new { categoryCode = "property.lighting", title = "9号楼二单元楼道灯不亮" })).EnsureSuccessStatusCode();

        var toast = page.Locator(".live-toast").First;
        await Assertions.Expect(toast).ToContainTextAsync("9号楼二单元楼道灯不亮");
        await Assertions.Expect(page.Locator("#live-badge")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ScreenshotAsync("live-push-grid-chief.phone");
    }

    private sealed record Token(string AccessToken);
}
