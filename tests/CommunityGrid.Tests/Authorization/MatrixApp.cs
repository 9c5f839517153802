using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunityGrid.Tests.Authorization;

/// <summary>The seeded app with the background loops off; webhooks may target loopback.</summary>
public sealed class MatrixApp : AppFactory
{
    public MatrixApp() => WithoutSweeps().WithSetting("Notifications:AllowPrivateTargets", "true");

    /// <summary>A client carrying the account's bearer token (the host's cached login); anonymous carries none.</summary>
    public async Task<HttpClient> ClientAsync(string userName)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return userName == Caller.Anonymous.UserName ? client : Authorized(client, await TokenForAsync(userName));
    }
}
