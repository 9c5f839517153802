using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>
/// The app on a fake clock (Tuesday 2026-12-01 09:00 Beijing) with the background sweep and the
/// notification delivery off: tests move time and run them themselves.
/// </summary>
public class WorkOrderApp : AppFactory
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    // Background loops off: advancing a fake clock runs timer callbacks on the test's own thread.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["WorkOrders:SweepEnabled"] = "false",
        ["Notifications:DeliveryEnabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<int> SweepAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunOnceAsync();
    }

    /// <summary>Reports as the user and returns the new order's id.</summary>
    public async Task<Guid> ReportAsync(string userName, object body)
    {
        var client = await ClientForAsync(userName);
        var created = await (await client.PostAsJsonAsync("/api/work-orders", body)).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("order").GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> ActAsync(string userName, Guid id, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var client = await ClientForAsync(userName);
        var response = await client.PostAsJsonAsync($"/api/work-orders/{id}/{action}", body ?? new { });
        return await response.JsonAsync(expected);
    }

    public async Task<JsonElement> GetAsync(string userName, Guid id)
    {
        var client = await ClientForAsync(userName);
        return await (await client.GetAsync($"/api/work-orders/{id}")).JsonAsync();
    }
}

public static class Orders
{
    public static string Status(this JsonElement order) => order.GetProperty("status").GetString()!;

    public static IEnumerable<string> Kinds(this JsonElement order) =>
        order.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!);
}
