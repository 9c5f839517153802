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

    private static string? PostgresBin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
        : null;

    [Fact(Timeout = 480_000)]
    public async Task With_postgres_stopped_requests_fail_fast_with_503_database_unavailable_and_the_app_recovers_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        if (PostgresBin is not { } bin)
        {
            Assert.Skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql/*/bin.");
            return;
        }

        await using var cluster = await Cluster.StartAsync(bin);
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

    private sealed class Cluster : IAsyncDisposable
    {
        private readonly string bin;
        private readonly string dir;

        private Cluster(string bin, string dir, int port)
        {
            this.bin = bin;
            this.dir = dir;
            Port = port;
        }

        public int Port { get; }

        public static async Task<Cluster> StartAsync(string bin)
        {
            var dir = Directory.CreateTempSubdirectory("cg-pg-").FullName;
            await RunAsync("chown", ["postgres", dir]);
            var cluster = new Cluster(bin, dir, AppProcess.FreePort());
            await AsPostgresAsync($"{bin}/initdb -D {dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
            await cluster.StartAgainAsync();
            return cluster;
        }

        public Task StartAgainAsync() =>
            AsPostgresAsync($"{bin}/pg_ctl -D {dir}/data -l {dir}/server.log -w -o '-p {Port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off' start");

        public Task StopAsync() => AsPostgresAsync($"{bin}/pg_ctl -D {dir}/data -m fast -w stop");

        private static Task AsPostgresAsync(string command) => RunAsync("su", ["postgres", "-c", command]);

        private static async Task RunAsync(string file, string[] args)
        {
            var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await p.WaitForExitAsync(cts.Token);
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await output} {await error}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await AsPostgresAsync($"{bin}/pg_ctl -D {dir}/data -m immediate stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            Directory.Delete(dir, recursive: true);
        }
    }
}
