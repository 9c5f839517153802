using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// The whole app over real HTTP plumbing, on a fresh database of the provider chosen by the
/// environment: CG_TEST_PROVIDER=Sqlite (default) or Postgres with CG_TEST_PG holding a server
/// connection string (the test script starts a throwaway cluster). Demo data is seeded.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo@12345";

    private readonly string databaseName = "cg_test_" + Guid.NewGuid().ToString("N")[..12];
    private string? sqliteFile;

    public static bool OnPostgres => string.Equals(Environment.GetEnvironmentVariable("CG_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration a fixture wants (applied after the database settings).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? template;

    private static string ServerConnection => Environment.GetEnvironmentVariable("CG_TEST_PG")
        ?? throw new InvalidOperationException("CG_TEST_PROVIDER=Postgres needs CG_TEST_PG (a server connection string).");

    public async ValueTask InitializeAsync()
    {
        // Migrating and seeding the demo takes seconds; it is done once per test run into a
        // template database, and each app gets a copy (a file copy, or CREATE DATABASE … TEMPLATE).
        var source = await TemplateAsync();
        if (OnPostgres)
        {
            await ExecuteOnServerAsync($"CREATE DATABASE {databaseName} TEMPLATE {source}");
            ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnection) { Database = databaseName }.ConnectionString;
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), databaseName + ".db");
            File.Copy(source, sqliteFile);
            ConnectionString = $"Data Source={sqliteFile}";
        }

        // Starts the host (migrations find nothing to do, the seeder finds data).
        _ = Server;
    }

    private static async Task<string> TemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (template is not null)
            {
                return template;
            }

            var name = "cg_template_" + Guid.NewGuid().ToString("N")[..12];
            string connection;
            if (OnPostgres)
            {
                await ExecuteOnServerAsync($"CREATE DATABASE {name}");
                connection = new NpgsqlConnectionStringBuilder(ServerConnection) { Database = name }.ConnectionString;
            }
            else
            {
                connection = $"Data Source={Path.Combine(Path.GetTempPath(), name + ".db")}";
            }

            await using (var builder = new TemplateBuilder(connection))
            {
                _ = builder.Server;
            }

            if (OnPostgres)
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

            return template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ServerConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the app once on the template database so it migrates and seeds it.</summary>
    private sealed class TemplateBuilder(string connection) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", OnPostgres ? "Postgres" : "Sqlite");
            builder.UseSetting("ConnectionStrings:CommunityGrid", connection);
            builder.UseSetting("Demo:Seed", "true");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the app is built.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", OnPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:CommunityGrid", ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Storage:PhotoPath", Path.Combine(Path.GetTempPath(), databaseName + "-photos"));
        // Many logins and reports from one loopback address and user; the limits have their own tests.
        builder.UseSetting("RateLimits:Enabled", "false");
        foreach (var (k, v) in ExtraSettings)
        {
            builder.UseSetting(k, v);
        }
    }

    public async Task<HttpClient> ClientForAsync(string userName)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)");
        }
        else if (sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(f);
            }
        }

        GC.SuppressFinalize(this);
    }

    private sealed record TokenBody(string AccessToken, string TokenType, int ExpiresIn);
}

/// <summary>One seeded app shared by the tests of a class that only read, or write in their own corner.</summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<AppFactory>
{
    public const string Name = "shared app";
}
