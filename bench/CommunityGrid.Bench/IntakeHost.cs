using System.Net;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.WorkOrders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Bench;

/// <summary>
/// The whole app on Kestrel at 127.0.0.1 (a free port), demo seeded, plus one bench-only route,
/// <c>POST /bench/bare-insert</c>, that the production app never has: it inserts one audit row
/// through the same <see cref="AppDbContext"/> in a transaction, with no auth and no validation.
/// </summary>
/// <remarks>
/// The factory is named by a type of the app's assembly other than <c>Program</c>, which this
/// console program's own top-level statements shadow.
/// </remarks>
internal sealed class IntakeHost(string provider, string connectionString, string photoPath) : WebApplicationFactory<ReportOrder>
{
    public const string BarePath = "/bench/bare-insert";

    /// <summary>Starts the server and answers its base address.</summary>
    public Uri Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the app is built.
        builder.UseContentRoot(AppSourceFolder());
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", provider);
        builder.UseSetting("ConnectionStrings:CommunityGrid", connectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Storage:PhotoPath", photoPath);
        // Many logins and reports from one loopback address and user; the limits have their own tests.
        builder.UseSetting("RateLimits:Enabled", "false");
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, BareInsert>());
    }

    /// <summary>
    /// The app's project folder, from the manifest the testing package writes next to this program
    /// (the factory's own lookup guesses a folder named after the assembly and misses src/).
    /// </summary>
    private static string AppSourceFolder()
    {
        var manifest = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json"));
        var roots = JsonSerializer.Deserialize<Dictionary<string, string>>(manifest)!;
        return roots[typeof(ReportOrder).Assembly.FullName!];
    }

    /// <summary>Puts the bare insert in front of the app's own pipeline.</summary>
    private sealed class BareInsert : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(BarePath, bare => bare.Run(InsertAsync));
            next(app);
        };

        private static async Task InsertAsync(HttpContext context)
        {
            // Read the body as the intake does, then ignore it.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            var db = context.RequestServices.GetRequiredService<AppDbContext>();
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var entry = AuditEntry.Of(clock.GetUtcNow().UtcDateTime, null, "bench", "Added", "Bench", Guid.NewGuid().ToString(), "", null, "{}");
            await using (var tx = await db.Database.BeginTransactionAsync(context.RequestAborted))
            {
                db.Add(entry);
                await db.SaveChangesAsync(context.RequestAborted);
                await tx.CommitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(new { entry.Id }, context.RequestAborted);
        }
    }
}
