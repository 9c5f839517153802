using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunityGrid.Tests.Authorization;

/// <summary>The seeded app with one cached token per demo account; the outbox loop off, webhooks may target loopback.</summary>
public sealed class MatrixApp : AppFactory
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> tokens = new();

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Notifications:DeliveryEnabled"] = "false",
        ["Notifications:AllowPrivateTargets"] = "true",
        ["WorkOrders:SweepEnabled"] = "false",
        ["Points:SweepEnabled"] = "false",
    };

    /// <summary>A client carrying the account's bearer token (one login per account per app); anonymous carries none.</summary>
    public async Task<HttpClient> ClientAsync(string userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userName != Caller.Anonymous.UserName)
        {
            var token = await tokens.GetOrAdd(userName, n => new Lazy<Task<string>>(() => LoginAsync(n))).Value;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task<string> LoginAsync(string userName)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Token>())!.AccessToken;
    }

    private sealed record Token(string AccessToken);
}
