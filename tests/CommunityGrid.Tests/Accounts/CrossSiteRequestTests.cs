using System.Net;
using System.Text;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Points;

namespace CommunityGrid.Tests.Accounts;

/// <summary>Another site cannot make a signed-in browser write: the cookie counts only on requests from this site.</summary>
public sealed class CrossSiteRequestTests(ShopApp app) : IClassFixture<ShopApp>, IAsyncLifetime
{
    private const string Resident = DemoUsers.ResidentHexi1;

    public async ValueTask InitializeAsync() => await app.AwardAsync(await app.PersonAccountAsync(Resident), 500, "cross-site-tests-funding");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static StringContent PlainText() => new("x", Encoding.UTF8, "text/plain");

    private async Task<(Guid Item, Guid Account, long Balance, int Stock)> BeforeAsync()
    {
        var item = (await app.ItemAsync("老人上门理发")).Id;
        var account = (await app.PersonAccountAsync(Resident)).Id;
        return (item, account, await app.BalanceAsync(account), await app.StockAsync(item));
    }

    [Fact]
    public async Task A_redemption_posted_from_another_site_with_the_cookie_is_refused_and_spends_nothing()
    {
        var browser = await app.SignedInBrowserAsync(Resident);
        var (item, account, balance, stock) = await BeforeAsync();

        var response = await browser.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem", PlainText(), origin: BrowserSession.ForeignOrigin));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_site_request");
        (await app.BalanceAsync(account)).ShouldBe(balance);
        (await app.StockAsync(item)).ShouldBe(stock);
    }

    [Fact]
    public async Task A_cookie_write_naming_no_origin_and_no_referer_is_refused()
    {
        var browser = await app.SignedInBrowserAsync(Resident);
        var (item, account, balance, _) = await BeforeAsync();

        var response = await browser.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_site_request");
        (await app.BalanceAsync(account)).ShouldBe(balance);
    }

    [Fact]
    public async Task Without_an_origin_the_referer_decides()
    {
        var browser = await app.SignedInBrowserAsync(Resident);
        var (item, account, balance, _) = await BeforeAsync();

        var foreign = await browser.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem", referer: "http://evil.example/page"));
        await foreign.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_site_request");
        (await app.BalanceAsync(account)).ShouldBe(balance);

        var own = await browser.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem", referer: BrowserSession.SiteOrigin + "/points/shop"));
        await own.JsonAsync(HttpStatusCode.Created);
        (await app.BalanceAsync(account)).ShouldBe(balance - 40);
    }

    [Fact]
    public async Task The_sites_own_pages_write_with_the_cookie()
    {
        var browser = await app.SignedInBrowserAsync(Resident);
        var (item, account, balance, _) = await BeforeAsync();

        var response = await browser.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem", origin: BrowserSession.SiteOrigin));

        await response.JsonAsync(HttpStatusCode.Created);
        (await app.BalanceAsync(account)).ShouldBe(balance - 40);
    }

    [Fact]
    public async Task A_bearer_token_call_is_not_held_to_the_origin_rule()
    {
        var client = await app.ClientForAsync(Resident);
        var (item, account, balance, _) = await BeforeAsync();

        var response = await client.SendAsync(BrowserSession.Post($"/api/points/shop/{item}/redeem", origin: BrowserSession.ForeignOrigin));

        await response.JsonAsync(HttpStatusCode.Created);
        (await app.BalanceAsync(account)).ShouldBe(balance - 40);
    }

    [Fact]
    public async Task Another_site_cannot_sign_a_browser_in()
    {
        var browser = app.NewBrowser();
        var token = await browser.LoginFormTokenAsync();

        var foreign = await browser.SendAsync(BrowserSession.LoginForm(Resident, AppFactory.DemoPassword, token, origin: BrowserSession.ForeignOrigin));
        await foreign.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_site_request");
        SetsAuthCookie(foreign).ShouldBeFalse();

        // A form without its token (as another site would have to send it) signs nobody in either.
        var tokenless = await app.NewBrowser().SendAsync(BrowserSession.LoginForm(Resident, AppFactory.DemoPassword, token: null, origin: null));
        await tokenless.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed");
        SetsAuthCookie(tokenless).ShouldBeFalse();

        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_text_plain_form_post_to_logout_from_another_site_is_refused()
    {
        var browser = await app.SignedInBrowserAsync(Resident);

        var response = await browser.SendAsync(BrowserSession.Post("/logout", PlainText(), origin: BrowserSession.ForeignOrigin));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_site_request");
        (await browser.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("cg.auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
}
