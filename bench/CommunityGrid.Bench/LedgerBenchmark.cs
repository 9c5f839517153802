using System.Diagnostics;
using System.Globalization;
using CommunityGrid.Data;
using CommunityGrid.Features.Points;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Bench;

/// <summary>
/// Points transfers per second through <see cref="PointsLedger.TransferAsync"/> (in process: the
/// source check, the guarded debit, the credit, the balances read back, the transfer row, one
/// transaction) against the floor: a bare two-row update (debit one row, credit another) in one
/// transaction, on the same database, same accounts, same number of clients. Each client pays 1
/// point at a time from its own account to one shared account, as every redemption of a
/// community credits its one escrow.
/// </summary>
internal static class LedgerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var db = Value("--db", "sqlite").ToLowerInvariant();
        var pg = Value("--pg", Environment.GetEnvironmentVariable("CG_BENCH_PG") ?? "");
        var clients = int.Parse(Value("--clients", "16"), CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(Value("--seconds", "5"), CultureInfo.InvariantCulture));
        var warmUp = TimeSpan.FromSeconds(double.Parse(Value("--warmup", "2"), CultureInfo.InvariantCulture));
        var (provider, connection, drop) = await IntakeBenchmark.FreshDatabaseAsync(db, pg.Length == 0 ? null : pg);
        var photos = Directory.CreateTempSubdirectory("cg-bench-photos-").FullName;
        try
        {
            using var host = new IntakeHost(provider, connection, photos);
            var services = host.Services;
            var (payers, payee, areaPath) = await AccountsAsync(services, clients);
            Console.WriteLine($"# ledger on {db}: {clients} clients, {duration.TotalSeconds:0} s each after {warmUp.TotalSeconds:0} s warm-up; {Environment.ProcessorCount} cores; {DateTime.UtcNow:u}");

            var results = new List<(string Mode, long Ops, long Errors, double Seconds, double[] Sorted, string Load)>();
            foreach (var mode in new[] { "bare", "ledger" })
            {
                Func<IServiceProvider, int, long, Task> op = mode == "bare" ? BareAsync(payers, payee) : LedgerAsync(payers, payee, areaPath);
                await RunAsync(services, op, clients, warmUp);
                var (ops, errors, seconds, sorted) = await RunAsync(services, op, clients, duration);
                results.Add((mode, ops, errors, seconds, sorted, File.ReadAllText("/proc/loadavg").Split(' ')[0]));
            }

            Console.WriteLine();
            Console.WriteLine("| db | clients | mode | transfers | errors | per second | p50 ms | p99 ms | ledger ÷ bare | load avg |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            var bare = results.Single(r => r.Mode == "bare");
            foreach (var r in results)
            {
                var ratio = r.Mode == "ledger" ? string.Create(CultureInfo.InvariantCulture, $"{r.Ops / r.Seconds / (bare.Ops / bare.Seconds):P0}") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {db} | {clients} | {r.Mode} | {r.Ops:N0} | {r.Errors} | {r.Ops / r.Seconds:N0} | {Percentile(r.Sorted, 0.5):F1} | {Percentile(r.Sorted, 0.99):F1} | {ratio} | {r.Load} |"));
            }

            // The bare updates move balances without transfer rows: this throwaway database's books no longer balance, by design.
            return 0;
        }
        finally
        {
            await drop();
            Directory.Delete(photos, recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>One funded payer per client (demo residents) and one merchant account they all pay.</summary>
    private static async Task<(Guid[] Payers, Guid Payee, string AreaPath)> AccountsAsync(IServiceProvider services, int clients)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<PointsLedger>();
        var people = await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).Take(clients).ToListAsync();
        var merchant = await db.Organisations.AsNoTracking().Where(o => o.Name == "河西爱心理发店").Select(o => o.Id).SingleAsync();
        var payee = await ledger.MerchantAccountAsync(merchant);
        var payers = new Guid[clients];
        for (var i = 0; i < clients; i++)
        {
            var account = await ledger.PersonAccountAsync(people[i]);
            var pool = await ledger.PoolAsync(account.AreaPath);
            // Funding as one large transfer from the pool (no daily cap applies to a direct transfer).
            await ledger.TransferAsync(new TransferCommand(pool.Id, account.Id, 100_000_000, TransferSource.VolunteerHours, $"bench-funding-{i}", "压测资金", pool.AreaPath));
            payers[i] = account.Id;
        }

        return (payers, payee.Id, payee.AreaPath);
    }

    private static Func<IServiceProvider, int, long, Task> LedgerAsync(Guid[] payers, Guid payee, string areaPath) => async (sp, worker, n) =>
    {
        var ledger = sp.GetRequiredService<PointsLedger>();
        await ledger.TransferAsync(new TransferCommand(payers[worker], payee, 1, TransferSource.Redemption, $"bench-{n}-{Guid.NewGuid():N}", "压测", areaPath));
    };

    private static Func<IServiceProvider, int, long, Task> BareAsync(Guid[] payers, Guid payee) => async (sp, worker, _) =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var payer = payers[worker];
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "PointsAccounts" SET "Balance" = "Balance" - 1 WHERE "Id" = {payer}""");
        await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "PointsAccounts" SET "Balance" = "Balance" + 1 WHERE "Id" = {payee}""");
        await tx.CommitAsync();
    };

    /// <summary>Closed loop: each client runs one operation at a time, each in its own DI scope (as a request would).</summary>
    private static async Task<(long Ops, long Errors, double Seconds, double[] Sorted)> RunAsync(IServiceProvider services, Func<IServiceProvider, int, long, Task> op, int clients, TimeSpan duration)
    {
        long issued = 0;
        long errors = 0;
        var samples = new List<double>[clients];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    await op(scope.ServiceProvider, w, n);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException or Npgsql.NpgsqlException or Infrastructure.DomainRuleException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return (all.Length, errors, seconds, all);
    }
}
