namespace CommunityGrid.Data.Demo;

internal static class DemoData
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment) => services;

    public static Task SeedDemoDataAsync(this IServiceProvider services, IConfiguration configuration, IWebHostEnvironment environment) => Task.CompletedTask;
}
