using System.Diagnostics;
using CommunityGrid.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityGrid.Data;

/// <summary>
/// <c>backup --out FILE</c> and <c>restore --in FILE [--force]</c> of the configured database.
/// SQLite uses its online backup API (a consistent copy, safe while the app runs); PostgreSQL uses
/// <c>pg_dump -Fc</c> and <c>pg_restore</c> found on PATH or under /usr/lib/postgresql/*/bin, with
/// the password handed over in PGPASSWORD. A restore goes into an empty database (created when it
/// does not exist) unless <c>--force</c> says to replace what is there; stop the app first.
/// </summary>
internal static class DatabaseBackup
{
    public static async Task<int> BackupAsync(DatabaseProvider provider, string connectionString, string file, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            throw new CommandException($"backup: {target} exists already; choose another file.");
        }

        if (Path.GetDirectoryName(target) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            var partial = target + ".partial";
            File.Delete(partial);
            await using (var source = new SqliteConnection(connectionString))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
                // A backup is one self-contained file, whatever journal mode the live database runs in.
                await using var command = copy.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=DELETE;";
                await command.ExecuteNonQueryAsync(ct);
            }

            File.Move(partial, target);
        }
        else
        {
            var cs = new NpgsqlConnectionStringBuilder(connectionString);
            await RunAsync("pg_dump", ["--format=custom", "--file", target, .. ServerArguments(cs), "--dbname", cs.Database ?? "postgres"], cs, ct);
        }

        await output.WriteLineAsync($"Backup written to {target} ({new FileInfo(target).Length} bytes).");
        return 0;
    }

    public static async Task<int> RestoreAsync(DatabaseProvider provider, string connectionString, string file, bool force, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new CommandException($"restore: {source} does not exist.");
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            await from.OpenAsync(ct);
            await using (var check = from.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check;";
                try
                {
                    if (await check.ExecuteScalarAsync(ct) as string != "ok")
                    {
                        throw new CommandException($"restore: {source} is a damaged SQLite database.");
                    }
                }
                catch (SqliteException e)
                {
                    throw new CommandException($"restore: {source} is not a SQLite database ({e.Message}).");
                }
            }

            await using var to = new SqliteConnection(connectionString);
            await to.OpenAsync(ct);
            if (!force && await CountAsync(to, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", ct) > 0)
            {
                throw new CommandException($"restore: the database {to.DataSource} is not empty; add --force to replace it.");
            }

            from.BackupDatabase(to);
            await output.WriteLineAsync($"Restored {source} into {to.DataSource}.");
            return 0;
        }

        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var database = cs.Database ?? throw new CommandException("restore: the connection string names no database.");
        await EnsurePostgresDatabaseAsync(cs, ct);
        await using (var conn = new NpgsqlConnection(cs.ConnectionString))
        {
            await conn.OpenAsync(ct);
            if (!force && await CountAsync(conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", ct) > 0)
            {
                throw new CommandException($"restore: the database {database} is not empty; add --force to replace it.");
            }
        }

        NpgsqlConnection.ClearAllPools();
        string[] clean = force ? ["--clean", "--if-exists"] : [];
        await RunAsync("pg_restore", ["--exit-on-error", "--no-owner", "--no-privileges", .. clean, .. ServerArguments(cs), "--dbname", database, source], cs, ct);
        await output.WriteLineAsync($"Restored {source} into database {database}.");
        return 0;
    }

    /// <summary>The PostgreSQL client program: PATH first, then the newest /usr/lib/postgresql/*/bin.</summary>
    public static string? FindPostgresTool(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0, Tool: Path.Combine(d, "bin", name)))
                .Where(t => File.Exists(t.Tool)).OrderByDescending(t => t.Version).Select(t => t.Tool).FirstOrDefault()
            : null;
    }

    private static string[] ServerArguments(NpgsqlConnectionStringBuilder cs) =>
        ["--host", cs.Host ?? "localhost", "--port", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--username", cs.Username ?? Environment.UserName, "--no-password"];

    private static async Task RunAsync(string tool, string[] arguments, NpgsqlConnectionStringBuilder cs, CancellationToken ct)
    {
        var path = FindPostgresTool(tool) ?? throw new CommandException($"{tool} was not found on PATH or under /usr/lib/postgresql/*/bin; install the PostgreSQL client (e.g. apt-get install postgresql-client).");
        var start = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // The password travels in the environment, never on a command line other users can read.
        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        using var process = Process.Start(start) ?? throw new CommandException($"{tool} could not be started.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new CommandException($"{tool} failed (exit {process.ExitCode}): {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
        }
    }

    private static async Task EnsurePostgresDatabaseAsync(NpgsqlConnectionStringBuilder cs, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(cs.ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", conn);
        exists.Parameters.AddWithValue("name", cs.Database!);
        if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{cs.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\" TEMPLATE template0 ENCODING 'UTF8'", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<long> CountAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
