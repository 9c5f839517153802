using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class LoginJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_wrong_password_shows_the_Chinese_error_on_the_login_page()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInAsync(DemoUsers.ResidentSanshundian1, "not-the-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("用户名或密码错误。");
        await Assertions.Expect(page.Locator("input[name=userName]")).ToBeVisibleAsync();
        await page.ScreenshotAsync("login-wrong-password.phone");
    }

    [Fact]
    public async Task The_login_page_on_a_phone_shows_the_demo_hint_in_development()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.GotoAsync("/login");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录" })).ToBeVisibleAsync();
        await page.Locator("details.demo-hint summary").ClickAsync();
        await Assertions.Expect(page.Locator("details.demo-hint")).ToContainTextAsync("Demo@12345");
        await page.ScreenshotAsync("login.phone");
    }

    [Fact]
    public async Task The_language_switch_shows_the_pages_in_English()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "中文" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("login-english.phone");
    }

    [Fact]
    public async Task An_anonymous_visitor_of_a_staff_page_logs_in_and_comes_back_to_it()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.GotoAsync("/areas/150105001001001");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=", RegexOptions.IgnoreCase));

        await page.Locator("input[name=userName]").FillAsync(DemoUsers.GridChiefShiqi1);
        await page.Locator("input[name=password]").FillAsync(BrowserApp.DemoPassword);
        await page.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas/150105001001001$"));
    }
}
