using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests;

/// <summary>What people do with work orders, as one-line steps on any host.</summary>
public static class WorkOrderSteps
{
    /// <summary>Runs the escalation sweep once on the host's clock; the number of orders it escalated.</summary>
    public static async Task<int> SweepAsync(this TestHost app)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunOnceAsync();
    }

    /// <summary>Reports as the user and returns the new order's id.</summary>
    public static async Task<Guid> ReportAsync(this TestHost app, string userName, object body)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = await app.ClientForAsync(userName);
        var created = await (await client.PostAsJsonAsync("/api/work-orders", body)).JsonAsync(HttpStatusCode.Created);
        return created.GetProperty("order").GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> ActAsync(this TestHost app, string userName, Guid id, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = await app.ClientForAsync(userName);
        var response = await client.PostAsJsonAsync($"/api/work-orders/{id}/{action}", body ?? new { });
        return await response.JsonAsync(expected);
    }

    public static async Task<JsonElement> GetAsync(this TestHost app, string userName, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = await app.ClientForAsync(userName);
        return await (await client.GetAsync($"/api/work-orders/{id}")).JsonAsync();
    }
}
