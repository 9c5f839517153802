using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
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

    public async ValueTask InitializeAsync()
    {
        if (OnPostgres)
        {
            var server = Environment.GetEnvironmentVariable("CG_TEST_PG")
                ?? throw new InvalidOperationException("CG_TEST_PROVIDER=Postgres needs CG_TEST_PG (a server connection string).");
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {databaseName}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), databaseName + ".db");
            ConnectionString = $"Data Source={sqliteFile}";
        }

        // Starts the host: migrates and seeds.
        _ = Server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = OnPostgres ? "Postgres" : "Sqlite",
                ["ConnectionStrings:CommunityGrid"] = ConnectionString,
                ["Demo:Seed"] = "true",
            };
            foreach (var (k, v) in ExtraSettings)
            {
                settings[k] = v;
            }

            config.AddInMemoryCollection(settings);
        });
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
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("CG_TEST_PG"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
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
