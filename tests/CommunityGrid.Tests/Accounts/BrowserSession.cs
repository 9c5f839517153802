using System.Net;
using System.Text.RegularExpressions;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunityGrid.Tests.Accounts;

/// <summary>What a browser does: keeps cookies, sends its own Origin on posts, follows no redirect by itself.</summary>
public static partial class BrowserSession
{
    /// <summary>The test server's own origin (WebApplicationFactory answers on http://localhost).</summary>
    public const string SiteOrigin = "http://localhost";
    public const string ForeignOrigin = "http://evil.example";

    public static HttpClient NewBrowser(this AppFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>The login page's antiforgery token (its cookie stays in the client).</summary>
    public static async Task<string> LoginFormTokenAsync(this HttpClient browser, string path = "/login")
    {
        ArgumentNullException.ThrowIfNull(browser);
        var page = await browser.GetStringAsync(path);
        var token = TokenField().Match(page).Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    public static HttpRequestMessage LoginForm(string userName, string password, string? token, string? origin = SiteOrigin, string returnUrl = "/")
    {
        var fields = new Dictionary<string, string> { ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    /// <summary>A browser signed in through the login form: it holds the cg.auth cookie.</summary>
    public static async Task<HttpClient> SignedInBrowserAsync(this AppFactory app, string userName)
    {
        var browser = app.NewBrowser();
        var token = await browser.LoginFormTokenAsync();
        var response = await browser.SendAsync(LoginForm(userName, AppFactory.DemoPassword, token));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().ShouldBe("/");
        return browser;
    }

    public static HttpRequestMessage Post(string path, HttpContent? content = null, string? origin = null, string? referer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }

        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
