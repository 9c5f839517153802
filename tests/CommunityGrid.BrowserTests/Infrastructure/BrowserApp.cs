using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CommunityGrid.BrowserTests.Infrastructure;

/// <summary>
/// The real app on a loopback port with the demo seeded, on a fresh database of the provider the
/// environment chooses (as the HTTP tests do: CG_TEST_PROVIDER=Postgres with CG_TEST_PG, else a
/// SQLite file), and one headless Chromium from the system (never a downloaded one).
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo@12345";

    /// <summary>Debian's Chromium; CG_CHROMIUM overrides it for other machines.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CG_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private readonly string databaseName = "cg_ui_" + Guid.NewGuid().ToString("N")[..12];
    private string? sqliteFile;
    private IPlaywright? playwright;

    public static bool OnPostgres => string.Equals(Environment.GetEnvironmentVariable("CG_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string ConnectionString { get; private set; } = "";

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

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

        // A real socket, so that a real browser can reach the app; port 0 takes a free one.
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the app is built.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", OnPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:CommunityGrid", ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        // Many logins from one loopback address; the limits have their own tests.
        builder.UseSetting("RateLimits:Enabled", "false");
    }

    /// <summary>A fresh browser context (own cookies) sized as a phone or a desktop.</summary>
    public async Task<IPage> NewPageAsync(Device device)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = device == Device.Phone ? new() { Width = 390, Height = 844 } : new() { Width = 1366, Height = 900 },
            DeviceScaleFactor = 1,
            IsMobile = device == Device.Phone,
            HasTouch = device == Device.Phone,
            Locale = "zh-CN",
        });
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            // Closing the browser ends the Chromium processes this fixture started.
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
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
    }
}

public enum Device
{
    Phone,
    Desktop,
}

/// <summary>One app and one browser for all journeys: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
