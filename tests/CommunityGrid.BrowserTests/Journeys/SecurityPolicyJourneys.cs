using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// The Content-Security-Policy blocks nothing the pages use: Chromium reports every refused
/// script, style, connection or frame on the console, and none may appear.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityPolicyJourneys(BrowserApp app)
{
    private static List<string> Violations(IPage page)
    {
        var found = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                found.Add($"{page.Url}: {message.Text}");
            }
        };
        return found;
    }

    [Theory]
    [InlineData(DemoUsers.ResidentShiqi1, new[] { "/", "/orders/new", "/orders/mine", "/points", "/points/shop", "/points/codes", "/wishes/150105001001", "/volunteers", "/volunteers/me", "/stations", "/board/150105001001001" })]
    [InlineData(DemoUsers.CommunityAdminShiqi, new[] { "/", "/areas/150105001001", "/orders", "/orders/kpi", "/orders/supervision", "/people", "/points/books", "/points/rules", "/points/items", "/volunteers/teams", "/volunteers/activities/new", "/wishes/review", "/care-visits", "/stations/new" })]
    [InlineData(DemoUsers.GridChiefShiqi1, new[] { "/", "/orders/tasks", "/orders/pool", "/areas/150105001001001" })]
    [InlineData(DemoUsers.MerchantHexi1, new[] { "/alliance/merchant", "/merchant/offers", "/merchant/redeem", "/alliance/150102001001" })]
    public async Task The_pages_of_a_role_run_without_a_policy_violation(string userName, string[] paths)
    {
        var page = await app.NewPageAsync(Device.Desktop);
        var violations = Violations(page);
        await page.LogInHomeAsync(userName);

        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            response!.Status.ShouldBeLessThan(500, path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_live_push_connects_under_the_policy()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        var violations = Violations(page);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "connected");
        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_api_reference_renders_under_its_own_policy()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        var violations = Violations(page);

        await page.GotoAsync("/scalar");

        // Scalar's own script draws the reference from the OpenAPI document: its tags appear.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Powered by Scalar" })).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("WorkOrders").First).ToBeAttachedAsync();
        await page.ScreenshotAsync("scalar.desktop");
        violations.Where(v => !v.Contains("fonts.scalar.com", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
