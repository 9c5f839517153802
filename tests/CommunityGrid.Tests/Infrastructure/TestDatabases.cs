using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// One migrated and seeded template database per provider and test run, which every <see cref="TestHost"/>
/// copies; dropped (or deleted) when the process ends.
/// </summary>
public static class TestDatabases
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly Dictionary<TestDatabase, string> Templates = [];

    public static string ServerConnection => Environment.GetEnvironmentVariable("CG_TEST_PG")
        ?? throw new InvalidOperationException("CG_TEST_PROVIDER=Postgres needs CG_TEST_PG (a server connection string).");

    /// <summary>The template's database name (PostgreSQL) or file (SQLite).</summary>
    public static async Task<string> TemplateAsync(TestDatabase database)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (Templates.TryGetValue(database, out var held))
            {
                return held;
            }

            var name = "cg_template_" + Guid.NewGuid().ToString("N")[..12];
            var postgres = database == TestDatabase.Postgres;
            string connection;
            if (postgres)
            {
                await ExecuteOnServerAsync($"CREATE DATABASE {name}");
                connection = new NpgsqlConnectionStringBuilder(ServerConnection) { Database = name }.ConnectionString;
            }
            else
            {
                connection = $"Data Source={Path.Combine(Path.GetTempPath(), name + ".db")}";
            }

            await using (var builder = new TemplateBuilder(postgres, connection))
            {
                _ = builder.Server;
            }

            string template;
            if (postgres)
            {
                NpgsqlConnection.ClearAllPools();
                template = name;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
            }
            else
            {
                var file = Path.Combine(Path.GetTempPath(), name + ".db");
                await using (var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
                {
                    await conn.OpenAsync();
                    await using var cmd = conn.CreateCommand();
                    cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    await cmd.ExecuteNonQueryAsync();
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                template = file;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                    {
                        File.Delete(f);
                    }
                };
            }

            Templates[database] = template;
            return template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    public static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ServerConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the app once on the template database so it migrates and seeds it.</summary>
    private sealed class TemplateBuilder(bool postgres, string connection) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", postgres ? "Postgres" : "Sqlite");
            builder.UseSetting("ConnectionStrings:CommunityGrid", connection);
            builder.UseSetting("Demo:Seed", "true");
        }
    }
}
