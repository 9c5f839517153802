using System.Collections.Concurrent;
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
/// against a bare one-row insert into the same database, same load, same connections. With
/// <c>--steps</c> also two steps of the closed loop: accept (签收) and resolve (办结) by the grid's staff,
/// on orders reported and dispatched before each measurement (not timed). The app runs in a child
/// process (the <c>serve</c> command) on a fresh database; this process is the client.
/// </summary>
internal static class IntakeBenchmark
{
    private const string Resident = "resident.shiqi.01";
    private const string DemoPassword = "Demo@12345";

    /// <summary>The staff of the resident's home grid (仕奇社区 grid 1): they dispatch the orders there to themselves, accept and resolve.</summary>
    private static readonly Dictionary<string, string> GridStaff = new(StringComparer.Ordinal)
    {
        ["150105001001001"] = "grid.shiqi.01",
    };

    private static readonly HttpRequestOptionsKey<Guid> OrderKey = new("order");

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
            var tokens = await Task.WhenAll(Enumerable.Range(0, options.Connections.Max()).Select(_ => TokenAsync(client, Resident)));
            var staffTokens = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (options.Steps)
            {
                foreach (var user in GridStaff.Values)
                {
                    staffTokens[user] = await Task.WhenAll(Enumerable.Range(0, options.Connections.Max()).Select(_ => TokenAsync(client, user)));
                }
            }

            Console.WriteLine($"# {options.Db}: app at {baseAddress}, {tokens.Length} tokens for {Resident}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:u}");

            var results = new List<LoadResult>();
            string[] endpoints = options.Steps ? ["bare", "intake", "accept", "resolve"] : ["bare", "intake"];
            foreach (var connections in options.Connections)
            {
                // Orders in the state a step needs: dispatched ones for accept; the ones accepted (warm-up and
                // measured alike) for resolve.
                var toAccept = new ConcurrentQueue<(Guid Id, string Staff)>();
                var toResolve = new ConcurrentQueue<(Guid Id, string Staff)>();
                foreach (var endpoint in endpoints)
                {
                    if (endpoint == "accept")
                    {
                        await PrepareAsync(client, tokens, staffTokens, options.StepOrders, options.Connections.Max(), toAccept);
                    }

                    var queue = endpoint switch { "accept" => toAccept, "resolve" => toResolve, _ => null };
                    var request = endpoint switch
                    {
                        "bare" => Bare(),
                        "intake" => Intake(tokens),
                        _ => Step(endpoint, queue!, staffTokens),
                    };
                    var expected = endpoint is "bare" or "intake" ? HttpStatusCode.Created : HttpStatusCode.OK;
                    bool Ok(HttpResponseMessage r)
                    {
                        var ok = r.StatusCode == expected;
                        if (ok && endpoint == "accept" && r.RequestMessage!.Options.TryGetValue(OrderKey, out var id))
                        {
                            toResolve.Enqueue((id, r.RequestMessage.Headers.GetValues(StaffHeader).Single()));
                        }

                        return ok;
                    }

                    long Budget(long max) => queue is null ? max : Math.Min(max, queue.Count);
                    await LoadRun.RunAsync(client, request, connections, options.WarmUp, Budget(options.MaxRequests), Ok);
                    var cpuBefore = server.TotalProcessorTime;
                    var (seconds, errors, sorted) = await LoadRun.RunAsync(client, request, connections, options.Duration, Budget(options.MaxRequests), Ok);
                    server.Refresh();
                    var cpu = (server.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, sorted.Length + errors);
                    var result = new LoadResult(endpoint, connections, seconds, errors, sorted, cpu, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
                    results.Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {endpoint,-7} c={connections,-3} {result.Requests,7} ok {errors,4} errors in {seconds,5:F1} s: {result.PerSecond,8:F0} req/s  p50 {result.P50,7:F2} ms  p99 {result.P99,7:F2} ms  server CPU {cpu,5:F2} ms/req  load {result.LoadAverage}"));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"| db | connections | endpoint | requests | errors | req/s | p50 ms | p99 ms | server CPU ms/req | ÷ bare | load avg |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                var bare = results.Single(b => b.Endpoint == "bare" && b.Connections == r.Connections);
                var ratio = r.Endpoint != "bare" ? string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond / bare.PerSecond:P0}") : "";
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

    private static async Task<string> TokenAsync(HttpClient client, string userName)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
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

    private const string StaffHeader = "X-Bench-Staff";

    /// <summary>
    /// Reports <paramref name="count"/> orders as the resident, at their home (so in a grid with staff), and has
    /// each dispatched by the grid's staff to themselves, <paramref name="parallel"/> at a time; the orders wait
    /// in <paramref name="ready"/>. Not timed.
    /// </summary>
    private static async Task PrepareAsync(HttpClient client, string[] tokens, Dictionary<string, string[]> staffTokens, int count, int parallel,
        ConcurrentQueue<(Guid Id, string Staff)> ready)
    {
        long next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(w => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var n && n <= count)
            {
                using var report = new HttpRequestMessage(HttpMethod.Post, "/api/work-orders")
                {
                    Content = JsonContent.Create(new { categoryCode = "city.garbage", title = $"垃圾未清运（压测备单 {n}）", description = "楼下垃圾桶已满两天" }),
                };
                report.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[w]);
                using var reported = await client.SendAsync(report);
                reported.EnsureSuccessStatusCode();
                var order = (await reported.Content.ReadFromJsonAsync<CreatedBody>())!.Order;
                var staff = GridStaff[order.GridCode];
                using var dispatch = new HttpRequestMessage(HttpMethod.Post, $"/api/work-orders/{order.Id}/dispatch")
                {
                    Content = JsonContent.Create(new { assigneeUserName = staff }),
                };
                dispatch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staffTokens[staff][w]);
                using var dispatched = await client.SendAsync(dispatch);
                dispatched.EnsureSuccessStatusCode();
                ready.Enqueue((order.Id, staff));
            }
        })));
    }

    private sealed record CreatedBody(OrderBody Order);

    private sealed record OrderBody(Guid Id, string GridCode);

    /// <summary>
    /// Accept or resolve the next waiting order, as its grid's staff. A worker that finds none left sends a
    /// request that fails (the run's request budget stops short of that).
    /// </summary>
    private static Func<int, long, HttpRequestMessage> Step(string step, ConcurrentQueue<(Guid Id, string Staff)> orders, Dictionary<string, string[]> staffTokens) => (worker, n) =>
    {
        if (!orders.TryDequeue(out var order))
        {
            return new HttpRequestMessage(HttpMethod.Post, "/api/work-orders/00000000-0000-0000-0000-000000000000/" + step) { Content = JsonContent.Create(new { }) };
        }

        object body = step == "resolve" ? new { note = $"已清运（压测 {n}）" } : new { };
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/work-orders/{order.Id}/{step}") { Content = JsonContent.Create(body) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staffTokens[order.Staff][worker]);
        message.Headers.Add(StaffHeader, order.Staff);
        message.Options.Set(OrderKey, order.Id);
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

    internal sealed record Options(string Db, string? Pg, int[] Connections, TimeSpan WarmUp, TimeSpan Duration, long MaxRequests, bool Steps = false, int StepOrders = 6000)
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
                long.Parse(Value("--max-requests", "200000"), CultureInfo.InvariantCulture),
                args.Contains("--steps"),
                int.Parse(Value("--step-orders", "6000"), CultureInfo.InvariantCulture));
        }
    }
}
