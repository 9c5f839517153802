using System.Diagnostics;
using Npgsql;

namespace CommunityGrid.FaultTests;

/// <summary>
/// A throwaway PostgreSQL cluster of a test's own: initdb + pg_ctl as user postgres, on a free loopback port,
/// in a temp folder — never a shared server. A streaming replica of it is made with pg_basebackup -R.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string dir;

    private PostgresCluster(string bin, string dir, int port)
    {
        this.bin = bin;
        this.dir = dir;
        Port = port;
    }

    /// <summary>The newest server binaries installed, or null.</summary>
    public static string? Bin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
        : null;

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=15";

    public static async Task<PostgresCluster> StartAsync(string bin)
    {
        var cluster = new PostgresCluster(bin, await OwnedFolderAsync(), AppProcess.FreePort());
        await AsPostgresAsync($"{bin}/initdb -D {cluster.dir}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>A hot-standby copy of this cluster that follows it by streaming replication.</summary>
    public async Task<PostgresCluster> StartReplicaAsync()
    {
        var replica = new PostgresCluster(bin, await OwnedFolderAsync(), AppProcess.FreePort());
        await AsPostgresAsync($"{bin}/pg_basebackup -h 127.0.0.1 -p {Port} -U postgres -D {replica.dir}/data -R -X stream");
        await replica.StartAgainAsync();
        return replica;
    }

    public Task StartAgainAsync() =>
        AsPostgresAsync($"{bin}/pg_ctl -D {dir}/data -l {dir}/server.log -w -o '-p {Port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off' start");

    public Task StopAsync() => AsPostgresAsync($"{bin}/pg_ctl -D {dir}/data -m fast -w stop");

    /// <summary>Runs one statement on this server and answers the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> OwnedFolderAsync()
    {
        var dir = Directory.CreateTempSubdirectory("cg-pg-").FullName;
        await RunAsync("chown", ["postgres", dir]);
        return dir;
    }

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
