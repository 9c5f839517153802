using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityGrid.Tests.Notifications;

/// <summary>
/// The work-order app's clock with the background loops off (tests deliver with <see cref="DeliverAsync"/>),
/// webhooks to loopback allowed, and a dead delivery after three failed attempts.
/// </summary>
public sealed class NotificationApp : AppFactory
{
    public const int MaxAttempts = 3;

    public NotificationApp() => WithClock(WorkOrders.WorkOrderApp.Start).WithoutSweeps()
        .WithSetting("Notifications:AllowPrivateTargets", "true")
        .WithSetting("Notifications:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<int> DeliverAsync()
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().DeliverOnceAsync();
    }

    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The caller's inbox messages about one order.</summary>
    public async Task<List<JsonElement>> InboxAsync(string userName, Guid orderId)
    {
        var client = await ClientForAsync(userName);
        var page = await (await client.GetAsync("/api/inbox?pageSize=200")).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("workOrderId").GetGuid() == orderId)];
    }

    /// <summary>Subscribes as an area admin; returns the webhook's id and its secret.</summary>
    public async Task<(Guid Id, string Secret)> SubscribeAsync(string admin, string areaCode, Uri target, string format = "json", string[]? kinds = null)
    {
        var client = await ClientForAsync(admin);
        var created = await (await client.PostAsJsonAsync("/api/webhooks", new { areaCode, name = "测试回调", targetUrl = target.AbsoluteUri, format, eventKinds = kinds }))
            .JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("webhook").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public async Task UnsubscribeAsync(string admin, Guid id)
    {
        var client = await ClientForAsync(admin);
        (await client.DeleteAsync($"/api/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    public async Task<List<JsonElement>> DeliveriesAsync(string admin, Guid webhookId, string? status = null)
    {
        var client = await ClientForAsync(admin);
        var page = await (await client.GetAsync($"/api/webhooks/{webhookId}/deliveries?pageSize=200{(status is null ? "" : "&status=" + status)}")).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (a free port picked by the OS): answers 503 to the first
/// <c>failFirst</c> requests, then 200, and de-duplicates what it accepted by event id as a real
/// receiver would.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int failuresLeft;
    private int duplicates;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        this.app = app;
        failuresLeft = failFirst;
    }

    public sealed record Received(string EventId, string Signature, string Timestamp, byte[] Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public Uri Url { get; private set; } = null!;
    public ConcurrentQueue<Received> Requests { get; } = new();
    public ConcurrentDictionary<string, Received> Accepted { get; } = new();
    /// <summary>Requests answered 200 for an event id that had been accepted already.</summary>
    public int Duplicates => Volatile.Read(ref duplicates);

    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst);
        app.MapPost("/hook", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var received = new Received(
                ctx.Request.Headers[OutboxProcessor.EventIdHeader].ToString(),
                ctx.Request.Headers[OutboxProcessor.SignatureHeader].ToString(),
                ctx.Request.Headers[OutboxProcessor.TimestampHeader].ToString(),
                buffer.ToArray());
            receiver.Requests.Enqueue(received);
            if (Interlocked.Decrement(ref receiver.failuresLeft) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            if (!receiver.Accepted.TryAdd(received.EventId, received))
            {
                Interlocked.Increment(ref receiver.duplicates);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
