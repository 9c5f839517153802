using System.Net;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Accounts;

[Collection(SharedApp.Name)]
public sealed class RedirectTests(AppFactory app)
{
    /// <summary>Targets a browser would follow off the site, or that break a Location header (as the query string carries them).</summary>
    public static TheoryData<string> HostileTargets =>
    [
        "%09/evil.example", "/%09/evil.example", "//evil.example", "/%2F/evil.example", "/%252F/evil.example", "/%5Cevil.example",
        "/\\evil.example", "%5C%5Cevil.example", "https://evil.example/", "javascript:alert(1)", "/%0D%0ALocation:%20http://evil.example",
        "/%0Aevil", "/%E2%80%8B/evil.example", "%20//evil.example",
    ];

    [Theory]
    [MemberData(nameof(HostileTargets))]
    [InlineData("/%00")]
    public async Task The_language_switch_sends_a_hostile_return_target_home(string returnUrl)
    {
        var response = await app.NewBrowser().GetAsync($"/lang?c=en&returnUrl={returnUrl}");

        await HomeOrRefusedAsync(response);
    }

    /// <summary>
    /// A hostile target either stays on the site (home, or a local path), or — when it carries control characters, which the input rules refuse
    /// everywhere (docs/decisions/0018) — is refused with a 400 problem; it never leaves the site and never fails.
    /// </summary>
    private static async Task HomeOrRefusedAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_characters");
            return;
        }

        // Home, or a path of this site once the input rules have trimmed the white space around it ("\t/x" → "/x").
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        LocalUrl.OrHome(location).ShouldBe(location);
        location.ShouldNotContain("//");
    }

    [Theory]
    [MemberData(nameof(HostileTargets))]
    public async Task The_login_form_sends_a_hostile_return_target_home(string returnUrl)
    {
        var browser = app.NewBrowser();
        var page = await browser.GetAsync($"/login?returnUrl={returnUrl}");
        if (page.StatusCode != HttpStatusCode.BadRequest)
        {
            (await page.Content.ReadAsStringAsync()).ShouldContain("name=\"returnUrl\" value=\"/\"");
        }

        var token = await browser.LoginFormTokenAsync();
        var response = await browser.SendAsync(BrowserSession.LoginForm(DemoUsers.ResidentShiqi1, AppFactory.DemoPassword, token, returnUrl: Uri.UnescapeDataString(returnUrl)));

        await HomeOrRefusedAsync(response);
    }

    [Fact]
    public async Task A_login_form_that_cannot_be_read_is_a_400_not_a_server_error()
    {
        var browser = app.NewBrowser();
        var token = await browser.LoginFormTokenAsync();

        var response = await browser.SendAsync(BrowserSession.LoginForm(DemoUsers.ResidentShiqi1, AppFactory.DemoPassword, token, returnUrl: "/\0"));

        // The input rules refuse the NUL before the form is read; without them the form check would.
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldMatch("\"code\":\"(invalid_characters|antiforgery_failed)\"");
    }

    [Fact]
    public async Task A_page_of_the_site_is_a_fine_return_target_with_or_without_its_leading_slash()
    {
        var browser = app.NewBrowser();
        (await browser.GetAsync("/lang?c=en&returnUrl=areas%2F150105001001001%3Fq%3D1")).Headers.Location!.OriginalString.ShouldBe("/areas/150105001001001?q=1");
        (await browser.GetAsync("/lang?c=zh-CN&returnUrl=%2Forders%2Fnew")).Headers.Location!.OriginalString.ShouldBe("/orders/new");
    }

    [Fact]
    public async Task A_non_ascii_or_newline_return_target_is_a_redirect_never_a_server_error()
    {
        var browser = app.NewBrowser();

        var chinese = await browser.GetAsync("/lang?c=en&returnUrl=%2Fwishes%2F%E5%BF%83%E6%84%BF");
        chinese.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        chinese.Headers.Location!.OriginalString.ShouldBe("/wishes/%E5%BF%83%E6%84%BF");

        var newline = await browser.GetAsync("/lang?c=en&returnUrl=%2Fa%0D%0Ab");
        await HomeOrRefusedAsync(newline);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/points/shop?page=2", "/points/shop?page=2")]
    [InlineData("/%2e%2e/x", "/%2e%2e/x")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("relative", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\u3000/evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    public void The_one_check_keeps_local_paths_and_nothing_else(string? url, string expected) =>
        LocalUrl.OrHome(url).ShouldBe(expected);

    [Theory]
    [InlineData("areas/150105001001001", "/areas/150105001001001")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("%68ttps://evil.example/", "/")]
    public void A_target_without_its_leading_slash_is_a_path_of_the_site_unless_it_names_a_scheme(string url, string expected) =>
        LocalUrl.PathOrHome(url).ShouldBe(expected);
}
