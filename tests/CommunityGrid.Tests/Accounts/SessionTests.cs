using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Accounts;

/// <summary>An app of its own (these tests end sessions and lock accounts), counting password hashes.</summary>
public sealed class SessionApp : AppFactory
{
    public CountingHasher Hasher { get; } = new();

    public SessionApp() => WithServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(Hasher));

    public sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed class SessionTests(SessionApp app) : IClassFixture<SessionApp>
{
    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { userName, password });

    private HttpClient WithToken(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> TokenForAsync(string userName) =>
        (await (await TokenAsync(app.CreateClient(), userName, AppFactory.DemoPassword)).JsonAsync()).GetProperty("accessToken").GetString()!;

    [Fact]
    public async Task The_token_answer_holds_the_access_token_its_type_and_lifetime_and_no_refresh_token_nothing_accepts()
    {
        var token = await (await TokenAsync(app.CreateClient(), DemoUsers.ResidentShiqi1, AppFactory.DemoPassword)).JsonAsync();

        token.EnumerateObject().Select(p => p.Name).Order().ShouldBe(["accessToken", "expiresIn", "tokenType"]);
        token.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        token.GetProperty("expiresIn").GetInt64().ShouldBe(8 * 3600);
        (await WithToken(token.GetProperty("accessToken").GetString()!).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logging_out_ends_every_bearer_token_of_the_user()
    {
        var first = WithToken(await TokenForAsync(DemoUsers.ResidentShiqi2));
        var second = WithToken(await TokenForAsync(DemoUsers.ResidentShiqi2));
        (await second.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await first.PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await first.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await second.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await WithToken(await TokenForAsync(DemoUsers.ResidentShiqi2)).GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logging_out_of_the_pages_makes_a_copy_of_the_cookie_worthless()
    {
        var browser = await app.SignedInBrowserAsync(DemoUsers.ResidentSanshundian1);
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        (await browser.SendAsync(me)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = me.Headers.GetValues("Cookie").Single();

        var logout = await browser.SendAsync(BrowserSession.Post("/logout", origin: BrowserSession.SiteOrigin));
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var copy = app.CreateClient();
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        (await copy.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_lockout_ends_the_tokens_the_account_held()
    {
        var client = WithToken(await TokenForAsync(DemoUsers.GridWorkerShiqi2));
        (await client.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < AccountsSetup.MaxFailedAttempts; i++)
        {
            await TokenAsync(app.CreateClient(), DemoUsers.GridWorkerShiqi2, "wrong-" + i);
        }

        (await client.GetAsync("/api/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_locked_account_answers_a_wrong_password_like_any_wrong_credentials_and_only_the_right_one_hears_locked()
    {
        var anon = app.CreateClient();
        for (var i = 0; i < AccountsSetup.MaxFailedAttempts; i++)
        {
            await (await TokenAsync(anon, DemoUsers.BuildingHeadShiqi1, "wrong-" + i)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        await (await TokenAsync(anon, DemoUsers.BuildingHeadShiqi1, "still-wrong")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await (await TokenAsync(anon, DemoUsers.BuildingHeadShiqi1, AppFactory.DemoPassword)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "account_locked");
    }

    [Fact]
    public async Task An_unknown_user_name_costs_a_password_hash_like_a_known_one()
    {
        var anon = app.CreateClient();

        var before = app.Hasher.Verifications;
        await (await TokenAsync(anon, "nobody.at.all", "whatever1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknown = app.Hasher.Verifications - before;

        before = app.Hasher.Verifications;
        await (await TokenAsync(anon, DemoUsers.PartyMemberShiqi2, "whatever1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var known = app.Hasher.Verifications - before;

        known.ShouldBe(1);
        unknown.ShouldBe(known);
    }
}
