using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>An empty database of the provider under test, dropped at the end.</summary>
public sealed class EmptyDatabase : IAsyncDisposable
{
    private readonly string name = "cg_empty_" + Guid.NewGuid().ToString("N")[..12];

    public EmptyDatabase()
    {
        ConnectionString = AppFactory.OnPostgres
            ? new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("CG_TEST_PG")) { Database = name }.ConnectionString
            : $"Data Source={Path.Combine(Path.GetTempPath(), name + ".db")}";
    }

    public string ConnectionString { get; }

    public async ValueTask DisposeAsync()
    {
        if (AppFactory.OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable("CG_TEST_PG"));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}

/// <summary>The app started with ASPNETCORE_ENVIRONMENT=Production on a database of its own.</summary>
public sealed class ProductionApp(string connectionString, string keyPath, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", AppFactory.OnPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:CommunityGrid", connectionString);
        // Asked for, and still not done outside Development and Demo.
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("DataProtection:KeyPath", keyPath);
        builder.UseSetting("Storage:PhotoPath", Path.Combine(keyPath, "photos"));
        builder.UseSetting("Notifications:DeliveryEnabled", "false");
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(k, v);
        }
    }

    /// <summary>Runs an operator command (as <c>dotnet run -- bootstrap-admin …</c> would) with the password on standard input.</summary>
    public async Task<(int ExitCode, string Output)> CommandAsync(string? stdin, params string[] args)
    {
        var command = Commands.Parse(args) ?? throw new ArgumentException("not a command", nameof(args));
        var output = new StringWriter();
        var code = await command.RunAsync(Services, Services.GetRequiredService<IConfiguration>(), new StringReader(stdin ?? ""), output, output);
        return (code, output.ToString());
    }

    public async Task<HttpClient> ClientForAsync(string userName, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class ProductionStartTests : IAsyncLifetime
{
    private const string Password = "Str0ng@Passw0rd";
    private readonly EmptyDatabase database = new();
    private readonly string keys = Directory.CreateTempSubdirectory("cg-keys-").FullName;
    private readonly List<IAsyncDisposable> apps = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private ProductionApp Start(IDictionary<string, string?>? settings = null, string? keyPath = null)
    {
        var app = new ProductionApp(database.ConnectionString, keyPath ?? keys, settings);
        apps.Add(app);
        _ = app.Server;
        return app;
    }

    [Fact]
    public async Task Production_seeds_no_demo_data_and_no_demo_open311_key()
    {
        var app = Start();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Areas.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.Users.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.Open311Clients.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.WorkOrderCategories.CountAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0, "reference data is for every environment");

        var report = await app.CreateClient().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "demo-open311-key",
            ["service_code"] = "drain",
            ["lat"] = "40.811",
            ["long"] = "111.702",
            ["description"] = "x",
        }), TestContext.Current.CancellationToken);
        ((int)report.StatusCode).ShouldBeInRange(400, 499);
    }

    [Fact]
    public async Task Bootstrap_admin_creates_the_first_city_admin_on_the_city_root_once()
    {
        var app = Start();
        var (code, output) = await app.CommandAsync(Password, "bootstrap-admin", "--user", "root.admin");
        code.ShouldBe(1, output);
        output.ShouldContain("--city-code");

        (code, output) = await app.CommandAsync(Password, "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市");
        code.ShouldBe(0, output);
        output.ShouldNotContain(Password);

        var admin = await app.ClientForAsync("root.admin", Password);
        var me = await (await admin.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).JsonAsync();
        var role = me.GetProperty("roles").EnumerateArray().Single();
        role.GetProperty("role").GetString().ShouldBe("CityAdmin");
        role.GetProperty("areaCode").GetString().ShouldBe("150100");

        // A second first administrator is refused unless asked for; with --force it joins the existing city.
        (code, output) = await app.CommandAsync(Password, "bootstrap-admin", "--user", "second.admin");
        code.ShouldBe(1, output);
        output.ShouldContain("exists already");
        (code, output) = await app.CommandAsync(Password, "bootstrap-admin", "--user", "second.admin", "--force");
        code.ShouldBe(0, output);
        (code, output) = await app.CommandAsync(Password, "bootstrap-admin", "--user", "second.admin", "--force");
        code.ShouldBe(1, output);
        output.ShouldContain("taken");
    }

    [Fact]
    public async Task Bootstrap_admin_refuses_a_weak_password_and_creates_nothing()
    {
        var app = Start();
        var (code, output) = await app.CommandAsync("short", "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市");
        code.ShouldBe(1, output);
        output.ShouldContain("at least 8");
        (code, output) = await app.CommandAsync("", "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市");
        code.ShouldBe(1, output);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Users.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        (await db.Areas.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    [Fact]
    public async Task The_api_reference_is_for_signed_in_users_in_production_unless_made_public()
    {
        var app = Start();
        (await app.CommandAsync(Password, "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市")).ExitCode.ShouldBe(0);
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/scalar", TestContext.Current.CancellationToken)).StatusCode.ShouldNotBe(HttpStatusCode.OK);
        var admin = await app.ClientForAsync("root.admin", Password);
        (await admin.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var open = Start(new Dictionary<string, string?> { ["Api:PublicReference"] = "true" });
        (await open.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_key_path_only()
    {
        var first = Start();
        (await first.CommandAsync(Password, "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市")).ExitCode.ShouldBe(0);
        var cookie = await CookieForAsync(first, "root.admin");

        var second = Start();
        var me = await CookieClient(second, cookie).GetAsync("/api/auth/me", TestContext.Current.CancellationToken);
        (await me.JsonAsync()).GetProperty("userName").GetString().ShouldBe("root.admin");

        var stranger = Start(keyPath: Directory.CreateTempSubdirectory("cg-other-keys-").FullName);
        (await CookieClient(stranger, cookie).GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Directory.EnumerateFiles(keys, "key-*.xml").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task With_https_enforced_plain_http_is_redirected_unless_a_trusted_proxy_says_it_was_https()
    {
        Dictionary<string, string?> Https(string? network) => new()
        {
            ["Https:Enforce"] = "true",
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks:0"] = network,
        };

        var untrusted = StartBehindProxy(Https("192.168.0.0/16"));
        var response = await Forwarded(untrusted).GetAsync("/health", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location!.Scheme.ShouldBe("https");

        var trusted = StartBehindProxy(Https("10.0.0.0/8"));
        (await Forwarded(trusted).GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static HttpClient Forwarded(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        return client;
    }

    /// <summary>Requests arrive from 10.0.0.5, as from a reverse proxy on the network.</summary>
    private WebApplicationFactory<Program> StartBehindProxy(IDictionary<string, string?> settings)
    {
        var app = new ProductionApp(database.ConnectionString, keys, settings).WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new FromProxy())));
        apps.Add(app);
        return app;
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.5");
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static async Task<string> CookieForAsync(ProductionApp app, string userName)
    {
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user!.Id), new Claim(ClaimTypes.Name, userName), new Claim(SessionStamps.ClaimType, user.SecurityStamp ?? "")], IdentityConstants.ApplicationScheme));
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, IdentityConstants.ApplicationScheme);
        return options.TicketDataFormat.Protect(ticket);
    }

    private static HttpClient CookieClient(ProductionApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"cg.auth={cookie}");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }

        await database.DisposeAsync();
        Directory.Delete(keys, recursive: true);
    }
}
