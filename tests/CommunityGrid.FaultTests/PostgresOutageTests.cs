using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CommunityGrid.FaultTests;

/// <summary>
/// The app as a real process on a PostgreSQL cluster of this test's own (initdb + pg_ctl as user
/// postgres on a free port, in a temp folder — never a shared server): the server is stopped under
/// load and started again. Meanwhile every request ends in time with 503 database_unavailable, and
/// afterwards the same app process serves again.
/// </summary>
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 480_000)]
    public async Task With_postgres_stopped_requests_fail_fast_with_503_database_unavailable_and_the_app_recovers_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        if (PostgresCluster.Bin is not { } bin)
        {
            Assert.Skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql/*/bin.");
            return;
        }

        await using var cluster = await PostgresCluster.StartAsync(bin);
        var dir = Directory.CreateTempSubdirectory("cg-outage-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CommunityGrid"] = $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database=cg_outage;Timeout=5;Command Timeout=15",
            ["Demo__Seed"] = "true",
            ["DataProtection__KeyPath"] = Path.Combine(dir, "keys"),
            ["Storage__PhotoPath"] = Path.Combine(dir, "photos"),
        };
        await using var app = await AppProcess.StartAsync(settings, Path.Combine(dir, "app.log"));
        var resident = await app.ClientForAsync("resident.shiqi.01");
        (await SendAsync(resident, 0)).Status.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(resident, 1)).Status.ShouldBe(HttpStatusCode.Created);

        await cluster.StopAsync();
        var during = new List<(HttpStatusCode Status, string? Code, string Body)>();
        for (var i = 0; i < 20; i++)
        {
            during.Add(await SendAsync(resident, i));
        }

        foreach (var (status, code, body) in during)
        {
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
            code.ShouldBe("database_unavailable", body);
            body.ShouldNotContain("Npgsql");
        }

        (await app.Client.GetAsync("/health", ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        await cluster.StartAgainAsync();
        var until = DateTime.UtcNow + Recovery;
        HttpStatusCode last;
        do
        {
            last = (await SendAsync(resident, 0)).Status;
            if (last == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(500, ct);
        }
        while (DateTime.UtcNow < until);

        last.ShouldBe(HttpStatusCode.OK, $"the app did not recover within {Recovery}; see {app.LogFile}");
        (await SendAsync(resident, 1)).Status.ShouldBe(HttpStatusCode.Created);
        app.HasExited.ShouldBeFalse();
    }

    /// <summary>Even: a read of the caller's orders; odd: a report. The client's timeout is the hang guard.</summary>
    private static async Task<(HttpStatusCode Status, string? Code, string Body)> SendAsync(HttpClient client, int i)
    {
        using var response = i % 2 == 0
            ? await client.GetAsync("/api/work-orders?mine=true&pageSize=5")
            : await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = $"停库演练 {i}" });
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }

        return (response.StatusCode, code, body);
    }
}
