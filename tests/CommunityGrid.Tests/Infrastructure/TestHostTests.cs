using System.Net;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>The test host itself: composed options reach the app, and logins are cached but never stale.</summary>
public sealed class TestHostTests(TestHostTests.App app) : IClassFixture<TestHostTests.App>
{
    /// <summary>A fake clock, the loops off, one setting and one service composed; password checks counted.</summary>
    public sealed class App : AppFactory
    {
        public SessionApp.CountingHasher Hasher { get; } = new();

        public App() => WithClock(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero))
            .WithoutSweeps()
            .WithSetting("Points:SweepInterval", "00:07:00")
            .WithServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(Hasher));
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client) => (await client.GetAsync("/api/auth/me")).StatusCode;

    [Fact]
    public async Task The_composed_clock_settings_and_services_are_the_apps()
    {
        app.Services.GetRequiredService<TimeProvider>().ShouldBeSameAs(app.Clock);
        app.Services.GetRequiredService<IPasswordHasher<AppUser>>().ShouldBeSameAs(app.Hasher);
        var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        configuration["Points:SweepInterval"].ShouldBe("00:07:00");
        configuration["WorkOrders:SweepEnabled"].ShouldBe("false");
        configuration["Points:SweepEnabled"].ShouldBe("false");
        configuration["Notifications:DeliveryEnabled"].ShouldBe("false");
    }

    [Fact]
    public void A_started_host_refuses_to_be_composed()
    {
        Should.Throw<InvalidOperationException>(() => app.WithSetting("Points:SweepEnabled", "true"));
    }

    [Fact]
    public async Task A_second_client_for_the_same_user_reuses_the_login()
    {
        var before = app.Hasher.Verifications;

        var first = await app.ClientForAsync(DemoUsers.PartyMemberShiqi1);
        var second = await app.ClientForAsync(DemoUsers.PartyMemberShiqi1);

        (app.Hasher.Verifications - before).ShouldBe(1);
        (await MeAsync(first)).ShouldBe(HttpStatusCode.OK);
        (await MeAsync(second)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_fresh_client_logs_in_again()
    {
        await app.ClientForAsync(DemoUsers.PartyMemberShiqi2);
        var before = app.Hasher.Verifications;

        var fresh = await app.FreshClientForAsync(DemoUsers.PartyMemberShiqi2);

        (app.Hasher.Verifications - before).ShouldBe(1);
        (await MeAsync(fresh)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_a_logout_the_next_client_of_the_user_logs_in_again()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        (await client.PostAsync("/api/auth/logout", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(client)).ShouldBe(HttpStatusCode.Unauthorized);
        var before = app.Hasher.Verifications;

        var next = await app.ClientForAsync(DemoUsers.ResidentShiqi2);

        (app.Hasher.Verifications - before).ShouldBe(1);
        (await MeAsync(next)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Once_the_fake_clock_has_aged_a_token_past_half_its_life_the_next_client_logs_in_again()
    {
        (await MeAsync(await app.ClientForAsync(DemoUsers.BuildingHeadShiqi1))).ShouldBe(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(5));
        var before = app.Hasher.Verifications;

        var later = await app.ClientForAsync(DemoUsers.BuildingHeadShiqi1);

        (app.Hasher.Verifications - before).ShouldBe(1);
        (await MeAsync(later)).ShouldBe(HttpStatusCode.OK);
    }
}
