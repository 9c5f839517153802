using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CommunityGrid.Tests.Infrastructure;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The whole app over real HTTP plumbing on a fresh copy of a seeded database, composed from what a
/// test needs instead of inherited: <see cref="WithClock(FakeTimeProvider)"/>, <see cref="WithoutSweeps"/>,
/// <see cref="WithSetting"/>, <see cref="WithServices"/>, <see cref="OnDatabase"/>, <see cref="OnLoopbackPort"/>.
/// Compose it before it starts (a fixture does so in its constructor). The database is the
/// environment's unless composed: CG_TEST_PROVIDER=Sqlite (default) or Postgres with CG_TEST_PG
/// holding a server connection string.
/// </summary>
/// <remarks>
/// Logins are cached per user for the host's lifetime (a login costs a password hash): a cached
/// token is used again while the user's security stamp is the one it was issued under and less
/// than half its lifetime has passed on the host's clock. So a test that logs out, locks an
/// account or changes what rotates the stamp gets a fresh login by itself; <see cref="FreshClientForAsync"/>
/// and <see cref="ForgetLogin"/> ask for one explicitly.
/// </remarks>
public class TestHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = DemoUsers.Password;

    private readonly string databaseName = "cg_test_" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> serviceChanges = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<Login>>> logins = new(StringComparer.Ordinal);
    private FakeTimeProvider? clock;
    private bool loopback;
    private bool started;
    private string? sqliteFile;

    public static TestDatabase DatabaseFromEnvironment =>
        string.Equals(Environment.GetEnvironmentVariable("CG_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase) ? TestDatabase.Postgres : TestDatabase.Sqlite;

    /// <summary>Whether the environment chose PostgreSQL (a host may still be composed onto another database).</summary>
    public static bool OnPostgres => DatabaseFromEnvironment == TestDatabase.Postgres;

    public TestDatabase Database { get; private set; } = DatabaseFromEnvironment;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Where the app answers: http://localhost in memory, or the real loopback address <see cref="OnLoopbackPort"/> took.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    /// <summary>The fake clock the host was composed with.</summary>
    public FakeTimeProvider Clock => clock ?? throw new InvalidOperationException("This host runs on the real clock: compose it WithClock(...) to move time.");

    /// <summary>Now on the host's clock (fake or real), as the app stores it: UTC.</summary>
    public DateTime Now => (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>Extra configuration of a fixture written as an override (applied after the composed settings).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    // ---- composition ---------------------------------------------------------------------------

    /// <summary>The app's <see cref="TimeProvider"/> is this fake clock; background timers then tick only when a test moves it.</summary>
    public TestHost WithClock(FakeTimeProvider fake)
    {
        BeforeStart();
        clock = fake;
        return this;
    }

    public TestHost WithClock(DateTimeOffset start) => WithClock(new FakeTimeProvider(start));

    /// <summary>The escalation sweep, the points sweep and the notification delivery loop off: tests run them themselves.</summary>
    public TestHost WithoutSweeps() =>
        WithSetting("WorkOrders:SweepEnabled", "false")
            .WithSetting("Points:SweepEnabled", "false")
            .WithSetting("Notifications:DeliveryEnabled", "false");

    /// <summary>A configuration value, as appsettings or the environment would give it.</summary>
    public TestHost WithSetting(string key, string? value)
    {
        BeforeStart();
        settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services after the app registered its own.</summary>
    public TestHost WithServices(Action<IServiceCollection> change)
    {
        BeforeStart();
        serviceChanges.Add(change);
        return this;
    }

    public TestHost OnDatabase(TestDatabase database)
    {
        BeforeStart();
        Database = database;
        return this;
    }

    /// <summary>Serves on a real socket (a free port of 127.0.0.1) so that a browser can reach the app; <see cref="BaseAddress"/> says where.</summary>
    public TestHost OnLoopbackPort()
    {
        BeforeStart();
        loopback = true;
        return this;
    }

    private void BeforeStart()
    {
        if (started)
        {
            throw new InvalidOperationException("Compose the host before it starts.");
        }
    }

    // ---- lifetime ------------------------------------------------------------------------------

    public virtual async ValueTask InitializeAsync()
    {
        started = true;

        // Migrating and seeding the demo takes seconds; it is done once per test run and database
        // into a template, and each host gets a copy (a file copy, or CREATE DATABASE … TEMPLATE).
        var source = await TestDatabases.TemplateAsync(Database);
        if (Database == TestDatabase.Postgres)
        {
            await TestDatabases.ExecuteOnServerAsync($"CREATE DATABASE {databaseName} TEMPLATE {source}");
            ConnectionString = new NpgsqlConnectionStringBuilder(TestDatabases.ServerConnection) { Database = databaseName }.ConnectionString;
        }
        else
        {
            sqliteFile = Path.Combine(Path.GetTempPath(), databaseName + ".db");
            File.Copy(source, sqliteFile);
            ConnectionString = $"Data Source={sqliteFile}";
        }

        if (loopback)
        {
            UseKestrel(0);
            StartServer();
            BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
        else
        {
            // Starts the host (migrations find nothing to do, the seeder finds data).
            _ = Server;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the app is built.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Database == TestDatabase.Postgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:CommunityGrid", ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Storage:PhotoPath", Path.Combine(Path.GetTempPath(), databaseName + "-photos"));
        // Many logins and reports from one loopback address and user; the limits have their own tests.
        builder.UseSetting("RateLimits:Enabled", "false");
        foreach (var (k, v) in settings.Concat(ExtraSettings))
        {
            builder.UseSetting(k, v);
        }

        builder.ConfigureTestServices(s =>
        {
            if (clock is not null)
            {
                s.AddSingleton<TimeProvider>(clock);
            }

            foreach (var change in serviceChanges)
            {
                change(s);
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database == TestDatabase.Postgres)
        {
            if (ConnectionString.Length > 0)
            {
                NpgsqlConnection.ClearAllPools();
                await TestDatabases.ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)");
            }
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

    // ---- logins --------------------------------------------------------------------------------

    /// <summary>A client carrying the user's bearer token (a cached login when it is still good).</summary>
    public async Task<HttpClient> ClientForAsync(string userName) => Authorized(CreateClient(), await TokenForAsync(userName));

    /// <summary>A client with a login of its own, e.g. after a test changed what the cached one was issued under.</summary>
    public async Task<HttpClient> FreshClientForAsync(string userName)
    {
        ForgetLogin(userName);
        return await ClientForAsync(userName);
    }

    /// <summary>The next client for the user logs in again.</summary>
    public void ForgetLogin(string userName) => logins.TryRemove(userName, out _);

    /// <summary>The user's bearer token: cached, or a new login when the cached one is stale.</summary>
    public async Task<string> TokenForAsync(string userName)
    {
        while (true)
        {
            var mine = new Lazy<Task<Login>>(() => LogInAsync(userName));
            var held = logins.GetOrAdd(userName, mine);
            Login login;
            try
            {
                login = await held.Value;
            }
            catch
            {
                logins.TryRemove(KeyValuePair.Create(userName, held));
                throw;
            }

            if (ReferenceEquals(held, mine) || await StillGoodAsync(login))
            {
                return login.AccessToken;
            }

            logins.TryRemove(KeyValuePair.Create(userName, held));
        }
    }

    public static HttpClient Authorized(HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Login> LogInAsync(string userName)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!;
        return new Login(userName, token.AccessToken, await SecurityStampAsync(userName), HostNow(), TimeSpan.FromSeconds(token.ExpiresIn));
    }

    private async Task<bool> StillGoodAsync(Login login) =>
        HostNow() - login.At < login.Lifetime / 2 && await SecurityStampAsync(login.UserName) == login.Stamp;

    private async Task<string?> SecurityStampAsync(string userName)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = userName.ToUpperInvariant();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.SecurityStamp).SingleOrDefaultAsync();
    }

    private DateTimeOffset HostNow() => Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private sealed record Login(string UserName, string AccessToken, string? Stamp, DateTimeOffset At, TimeSpan Lifetime);

    private sealed record TokenBody(string AccessToken, string TokenType, int ExpiresIn);
}
