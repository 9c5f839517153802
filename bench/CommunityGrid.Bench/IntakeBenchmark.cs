using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using Npgsql;

namespace CommunityGrid.Bench;

/// <summary>
/// POST /api/work-orders (the whole intake: auth, validation, locate, route, deadlines, audit)
/// against a bare one-row insert into the same database, same load, same connections. The app runs
/// in a child process (the <c>serve</c> command) on a fresh database; this process is the client.
/// </summary>
internal static class IntakeBenchmark
{
    private const string Resident = "resident.shiqi.01";
    private const string DemoPassword = "Demo@12345";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var (provider, connection, drop) = await FreshDatabaseAsync(options);
        var photos = Directory.CreateTempSubdirectory("cg-bench-photos-").FullName;
        using var server = Serve(provider, connection, photos, out var baseAddress);
        try
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections.Max(), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
            {
                throw new InvalidOperationException("The bench talks to 127.0.0.1 only.");
            }

            // One token per worker, issued before any measurement (a token costs a password hash).
            var tokens = await Task.WhenAll(Enumerable.Range(0, options.Connections.Max()).Select(_ => TokenAsync(client)));
            Console.WriteLine($"# {options.Db}: app at {baseAddress}, {tokens.Length} tokens for {Resident}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:u}");

            var results = new List<LoadResult>();
            foreach (var connections in options.Connections)
            {
                foreach (var endpoint in new[] { "bare", "intake" })
                {
                    var request = endpoint == "bare" ? Bare() : Intake(tokens);
                    var expected = HttpStatusCode.Created;
                    bool Ok(HttpResponseMessage r) => r.StatusCode == expected;
                    await LoadRun.RunAsync(client, request, connections, options.WarmUp, options.MaxRequests, Ok);
                    var cpuBefore = server.TotalProcessorTime;
                    var (seconds, errors, sorted) = await LoadRun.RunAsync(client, request, connections, options.Duration, options.MaxRequests, Ok);
                    server.Refresh();
                    var cpu = (server.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, sorted.Length + errors);
                    var result = new LoadResult(endpoint, connections, seconds, errors, sorted, cpu, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
                    results.Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {endpoint,-6} c={connections,-3} {result.Requests,7} ok {errors,4} errors in {seconds,5:F1} s: {result.PerSecond,8:F0} req/s  p50 {result.P50,7:F2} ms  p99 {result.P99,7:F2} ms  server CPU {cpu,5:F2} ms/req  load {result.LoadAverage}"));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"| db | connections | endpoint | requests | errors | req/s | p50 ms | p99 ms | server CPU ms/req | intake ÷ bare | load avg |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                var bare = results.Single(b => b.Endpoint == "bare" && b.Connections == r.Connections);
                var ratio = r.Endpoint == "intake" ? string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond / bare.PerSecond:P0}") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {options.Db} | {r.Connections} | {r.Endpoint} | {r.Requests:N0} | {r.Errors} | {r.PerSecond:N0} | {r.P50:F1} | {r.P99:F1} | {r.ServerCpuMsPerRequest:F2} | {ratio} | {r.LoadAverage} |"));
            }

            return 0;
        }
        finally
        {
            Stop(server);
            await drop();
            Directory.Delete(photos, recursive: true);
        }
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = Resident, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    private sealed record TokenBody(string AccessToken);

    /// <summary>A resident reports rubbish at a point inside 仕奇社区, moved a few metres each time.</summary>
    private static Func<int, long, HttpRequestMessage> Intake(string[] tokens) => (worker, n) =>
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/work-orders") { Content = Body(n) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[worker]);
        return message;
    };

    /// <summary>The same body to the bench-only route, without a token.</summary>
    private static Func<int, long, HttpRequestMessage> Bare() => (_, n) =>
        new HttpRequestMessage(HttpMethod.Post, IntakeHost.BarePath) { Content = Body(n) };

    private static ByteArrayContent Body(long n)
    {
        var lat = 40.8090 + ((n * 7 % 21) - 10) * 0.00002;
        var lng = 111.7020 + ((n * 11 % 21) - 10) * 0.00002;
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"categoryCode":"city.garbage","title":"垃圾未清运（压测 {{n}}）","description":"楼下垃圾桶已满两天","latitude":{{lat:F6}},"longitude":{{lng:F6}}}""");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    internal static Task<(string Provider, string Connection, Func<Task> Drop)> FreshDatabaseAsync(Options options) => FreshDatabaseAsync(options.Db, options.Pg);

    internal static async Task<(string Provider, string Connection, Func<Task> Drop)> FreshDatabaseAsync(string db, string? pg)
    {
        if (db == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"cg-bench-{Guid.NewGuid():N}.db");
            return ("Sqlite", $"Data Source={file}", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(f);
                }

                return Task.CompletedTask;
            }
            );
        }

        var server = pg ?? throw new ArgumentException("--db postgres needs --pg \"Host=127.0.0.1;Port=…;Username=postgres\"");
        var name = "cg_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return ("Postgres", connection, () => ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Starts this program's <c>serve</c> command as a child and waits for its address.</summary>
    private static Process Serve(string provider, string connection, string photos, out Uri baseAddress)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var a in new[] { "serve", provider, connection, photos })
        {
            start.ArgumentList.Add(a);
        }

        // The Web SDK turns server GC on for the app; this bench project is a console project.
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                address.TrySetException(new InvalidOperationException("The app ended before it listened."));
            }
            else if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(e.Data["listening ".Length..]));
            }
            else if (!address.Task.IsCompleted)
            {
                Console.Error.WriteLine("  app: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        if (!address.Task.Wait(TimeSpan.FromMinutes(2)))
        {
            Stop(process);
            throw new TimeoutException("The app did not start within two minutes.");
        }

        baseAddress = address.Task.Result;
        return process;
    }

    /// <summary>Closing its input tells the app to stop; it is killed if it does not within 15 s.</summary>
    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The <c>serve</c> command: the app with the bare route, until standard input closes.</summary>
    public static int Serve(string[] args)
    {
        using var host = new IntakeHost(args[0], args[1], args[2]);
        var address = host.Start();
        Console.WriteLine("listening " + address);
        while (Console.In.ReadLine() is not null)
        {
        }

        return 0;
    }

    internal sealed record Options(string Db, string? Pg, int[] Connections, TimeSpan WarmUp, TimeSpan Duration, long MaxRequests)
    {
        public static Options Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            var db = Value("--db", "sqlite").ToLowerInvariant();
            if (db is not ("sqlite" or "postgres"))
            {
                throw new ArgumentException("--db is sqlite or postgres");
            }

            var pg = Value("--pg", Environment.GetEnvironmentVariable("CG_BENCH_PG") ?? "");
            return new Options(
                db,
                pg.Length == 0 ? null : pg,
                [.. Value("--connections", "1,8,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
                TimeSpan.FromSeconds(double.Parse(Value("--warmup", "3"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(Value("--seconds", "8"), CultureInfo.InvariantCulture)),
                long.Parse(Value("--max-requests", "200000"), CultureInfo.InvariantCulture));
        }
    }
}
