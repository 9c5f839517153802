using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Fills an empty database with the Hohhot demo of docs/demo-data.md — only when
/// <c>Demo:Seed</c> is true and the environment is Development or Demo.
/// </summary>
internal static class DemoData
{
    public const string Password = "Demo@12345";
    public const string Open311Key = "demo-open311-key";

    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        if (Enabled(configuration, environment))
        {
            services.AddScoped<DemoSeeder>();
        }

        return services;
    }

    public static async Task SeedDemoDataAsync(this IServiceProvider services, IConfiguration configuration, IWebHostEnvironment environment, CancellationToken ct = default)
    {
        if (!Enabled(configuration, environment))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Areas.AnyAsync(ct))
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        }

        await DemoHistory.SeedIfWantedAsync(scope.ServiceProvider, configuration, ct);
    }

    private static bool Enabled(IConfiguration configuration, IWebHostEnvironment environment) =>
        configuration.GetValue("Demo:Seed", false) && (environment.IsDevelopment() || environment.IsEnvironment("Demo"));
}
