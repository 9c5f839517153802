using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Accounts;

[Collection(SharedApp.Name)]
public sealed partial class SecurityHeaderTests(AppFactory app)
{
    private static void ShouldCarryTheSecurityHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("object-src 'none'");
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/open311/v2/services.json")]
    [InlineData("/health")]
    [InlineData("/app.css")]
    [InlineData("/scalar")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await app.NewBrowser().GetAsync(path);

        ShouldCarryTheSecurityHeaders(response);
    }

    [Fact]
    public async Task A_photo_is_served_with_nosniff()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        using var form = new MultipartFormDataContent();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "a.png");
        var uploaded = await (await client.PostAsync("/api/photos", form)).JsonAsync(HttpStatusCode.Created);
        var id = uploaded.GetProperty("id").GetGuid();

        var photo = await client.GetAsync($"/api/photos/{id}");

        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldCarryTheSecurityHeaders(photo);
    }

    [Fact]
    public async Task A_pages_inline_script_carries_the_nonce_its_policy_names()
    {
        var browser = await app.SignedInBrowserAsync(DemoUsers.ResidentShiqi1);

        var response = await browser.GetAsync("/orders/new");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(csp).Groups[1].Value;
        nonce.ShouldNotBeNullOrEmpty();
        csp.ShouldNotContain("'unsafe-inline' 'unsafe-eval'");
        (await response.Content.ReadAsStringAsync()).ShouldContain($"<script nonce=\"{nonce}\">");
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
