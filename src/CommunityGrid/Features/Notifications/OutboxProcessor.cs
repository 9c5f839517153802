using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Notifications;

public sealed class NotificationOptions
{
    /// <summary>Tests switch the background loop off and call <see cref="OutboxProcessor.DeliverOnceAsync"/> themselves.</summary>
    public bool DeliveryEnabled { get; set; } = true;
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Rows claimed by one pass.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>After this many failed attempts a row is dead (shown in the deliveries API, retried only by hand).</summary>
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Webhooks to loopback and private networks are refused unless this is on (development, tests, an intranet robot).</summary>
    public bool AllowPrivateTargets { get; set; }
}

/// <summary>
/// Sends due outbox rows: claims a batch with one conditional UPDATE in its own transaction (so two
/// processors, in one app or several, never hold the same row), sends each claimed row, then records
/// the result on the row if the claim is still ours. A 2xx (or an accepted SMS) marks it delivered;
/// anything else schedules the next attempt with exponential backoff and jitter, up to
/// <see cref="NotificationOptions.MaxAttempts"/>, then dead.
/// </summary>
public sealed class OutboxProcessor(AppDbContext db, IHttpClientFactory http, ISmsSender sms, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<OutboxProcessor> logger)
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-CommunityGrid-Signature";
    public const string EventIdHeader = "X-CommunityGrid-Event-Id";
    public const string TimestampHeader = "X-CommunityGrid-Timestamp";

    /// <summary>10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, then every 4 h.</summary>
    public static readonly TimeSpan[] Schedule =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
    ];

    /// <summary>Jitter spreads retries of many rows that failed together (a receiver that was down) over ±20%.</summary>
    public const double Jitter = 0.2;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failure; <paramref name="random"/> in [0, 1) picks the jitter.</summary>
    public static TimeSpan Backoff(int failedAttempts, double random)
    {
        var step = Schedule[Math.Clamp(failedAttempts, 1, Schedule.Length) - 1];
        return step * (1 - Jitter + (2 * Jitter * random));
    }

    /// <summary>The longest wait after the <paramref name="failedAttempts"/>-th failure.</summary>
    public static TimeSpan LongestBackoff(int failedAttempts) => Backoff(failedAttempts, 1);

    /// <summary>The signature header value: <c>sha256=</c> and the hex HMAC-SHA256 of the body with the secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>One pass: claims up to a batch of due rows and sends them. Returns how many it claimed.</summary>
    public async Task<int> DeliverOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = Now;
        var candidates = await db.OutboxMessages.AsNoTracking().Where(Due(now)).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(o.BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }

        // The lease outlives the worst case of one batch; a processor that dies mid-batch frees its rows when it ends.
        var token = Guid.CreateVersion7();
        var until = now + (o.RequestTimeout * o.BatchSize) + TimeSpan.FromMinutes(1);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The WHERE repeats the due test: a row another processor claimed meanwhile is not taken again.
            await db.OutboxMessages.Where(m => candidates.Contains(m.Id)).Where(Due(now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, until), ct);
            await tx.CommitAsync(ct);
        }

        var claimed = await db.OutboxMessages.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(ct);
        var subscriptionIds = claimed.Where(m => m.SubscriptionId is not null).Select(m => m.SubscriptionId!.Value).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var message in claimed)
        {
            var error = message.Channel switch
            {
                OutboxChannel.Webhook => await PostAsync(message, message.SubscriptionId is { } sid ? subscriptions.GetValueOrDefault(sid) : null, ct),
                OutboxChannel.Sms => await TextAsync(message, ct),
                _ => "unknown channel",
            };
            await RecordAsync(message, token, error, ct);
        }

        return claimed.Count;
    }

    private static Expression<Func<OutboxMessage, bool>> Due(DateTime now) =>
        m => m.Status == DeliveryStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now);

    /// <summary>Null when delivered, else why not.</summary>
    private async Task<string?> PostAsync(OutboxMessage message, WebhookSubscription? subscription, CancellationToken ct)
    {
        if (subscription is not { Active: true })
        {
            return "subscription inactive";
        }

        var body = Encoding.UTF8.GetBytes(message.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.TargetUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(subscription.Secret, body));
        // Stable per event and subscription (the row's id): receivers de-duplicate retries with it.
        request.Headers.Add(EventIdHeader, message.Id.ToString());
        request.Headers.Add(TimestampHeader, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    private async Task<string?> TextAsync(OutboxMessage message, CancellationToken ct)
    {
        try
        {
            await sms.SendAsync(message.Recipient ?? "", message.Payload, ct);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e.Message;
        }
    }

    private async Task RecordAsync(OutboxMessage message, Guid token, string? error, CancellationToken ct)
    {
        var at = Now;
        var attempts = message.Attempts + 1;
        var mine = db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimToken == token);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int updated;
        if (error is null)
        {
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, DeliveryStatus.Delivered)
                .SetProperty(m => m.DeliveredAt, at)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastAttemptAt, at)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        }
        else
        {
            var dead = attempts >= options.Value.MaxAttempts;
            var next = at + Backoff(attempts, Random.Shared.NextDouble());
            var why = error.Length > OutboxMessage.ErrorMaxLength ? error[..OutboxMessage.ErrorMaxLength] : error;
            updated = await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, dead ? DeliveryStatus.Dead : DeliveryStatus.Pending)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastAttemptAt, at)
                .SetProperty(m => m.LastError, why)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
            logger.LogInformation("Outbox {Channel} {MessageId} attempt {Attempt} failed: {Error}{Dead}", message.Channel, message.Id, attempts, why, dead ? " (dead)" : "");
        }

        await tx.CommitAsync(ct);
        if (updated == 0)
        {
            // Our lease ran out and another processor took the row: its result is the one that counts.
            logger.LogWarning("Outbox {MessageId}: claim lost before the result was recorded", message.Id);
        }
    }

    /// <summary>
    /// Connects only to public addresses unless private targets are allowed: checked on the address
    /// actually dialled, so a name that resolves into the intranet is refused too.
    /// </summary>
    internal static SocketsHttpHandler Handler(NotificationOptions o) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = addresses.Where(a => o.AllowPrivateTargets || !TargetAddresses.IsPrivate(a)).ToList();
            if (allowed.Count == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

public static class TargetAddresses
{
    /// <summary>Loopback, private (RFC 1918, unique-local), link-local, CGNAT and unspecified addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] == 0;
    }
}

/// <summary>Runs <see cref="OutboxProcessor"/> on the app's clock.</summary>
public sealed class OutboxDeliveryService(IServiceScopeFactory scopes, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<OutboxDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DeliveryEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.DeliveryInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int claimed;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    claimed = await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().DeliverOnceAsync(stoppingToken);
                }
                while (claimed >= options.Value.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Rows keep their state; the next tick picks them up again.
                logger.LogWarning(e, "Outbox delivery pass failed");
            }
        }
    }
}
