using System.ComponentModel.DataAnnotations;
using System.Net;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Notifications;

public sealed record CreateWebhook(
    [property: Required, MaxLength(20)] string AreaCode,
    [property: Required, MaxLength(WebhookSubscription.NameMaxLength)] string Name,
    [property: Required, MaxLength(WebhookSubscription.UrlMaxLength)] string TargetUrl,
    [property: MaxLength(20)] string? Format,
    IReadOnlyList<string>? EventKinds);

public sealed record UpdateWebhook(
    [property: Required, MaxLength(WebhookSubscription.NameMaxLength)] string Name,
    [property: Required, MaxLength(WebhookSubscription.UrlMaxLength)] string TargetUrl,
    [property: MaxLength(20)] string? Format,
    IReadOnlyList<string>? EventKinds,
    bool Active = true);

public sealed record WebhookView(Guid Id, string Name, string AreaCode, string AreaPath, string TargetUrl, string Format, IReadOnlyList<string> EventKinds, bool Active, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The only answer that carries the secret: on create and on rotation.</summary>
public sealed record WebhookWithSecret(WebhookView Webhook, string Secret);

public sealed record DeliveryView(Guid Id, Guid EventId, string EventKind, Guid WorkOrderId, string Status, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt,
    DateTime? LastAttemptAt, string? LastError, DateTime? DeliveredAt);

/// <summary>Webhooks per area, kept by the admins of that area (others get 404).</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapPost("/", Create).WithSummary("Subscribes a URL to the work-order events of an area; the answer shows the signing secret, once.");
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapPut("/{id:guid}", Update);
        group.MapDelete("/{id:guid}", Delete);
        group.MapPost("/{id:guid}/rotate-secret", Rotate);
        group.MapGet("/{id:guid}/deliveries", Deliveries).WithSummary("Outbox rows of the webhook: pending (with attempts and the next try), delivered, or dead.");
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/retry", Retry).WithSummary("Gives a dead delivery one more attempt now.");
        return api;
    }

    private static async Task<Created<WebhookWithSecret>> Create(CreateWebhook request, CurrentUser current, AppDbContext db, TimeProvider clock, IOptions<NotificationOptions> options, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == request.AreaCode).Select(a => new { a.Id, a.Path, a.DistrictCode }).SingleOrDefaultAsync(ct);
        if (area is null || !scope.Administers(area.Path))
        {
            throw new NotFoundException("area");
        }

        var subscription = WebhookSubscription.Create(request.Name, area.Id, area.Path, area.DistrictCode, Target(request.TargetUrl, options.Value), ParseFormat(request.Format),
            request.EventKinds, scope.UserId!, clock.GetUtcNow().UtcDateTime);
        db.WebhookSubscriptions.Add(subscription);
        await SaveAsync(db, ct);
        return TypedResults.Created($"/api/webhooks/{subscription.Id}", new WebhookWithSecret(View(subscription, request.AreaCode), subscription.Secret));
    }

    private static async Task<Ok<Page<WebhookView>>> List(CurrentUser current, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.WebhookSubscriptions.AsNoTracking().Under(scope.AdminPaths);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(s => s.AreaPath).ThenBy(s => s.CreatedAt).Skip((number - 1) * size).Take(size)
            .Join(db.Areas, s => s.AreaId, a => a.Id, (s, a) => new { s, a.Code }).ToListAsync(ct);
        return TypedResults.Ok(new Page<WebhookView>([.. rows.Select(r => View(r.s, r.Code))], number, size, total));
    }

    private static async Task<Ok<WebhookView>> Get(Guid id, CurrentUser current, AppDbContext db, CancellationToken ct)
    {
        var s = await OwnAsync(id, current, db, tracked: false, ct);
        return TypedResults.Ok(View(s, await AreaCodeAsync(db, s, ct)));
    }

    private static async Task<Ok<WebhookView>> Update(Guid id, UpdateWebhook request, CurrentUser current, AppDbContext db, TimeProvider clock, IOptions<NotificationOptions> options, CancellationToken ct)
    {
        var s = await OwnAsync(id, current, db, tracked: true, ct);
        s.Change(request.Name, Target(request.TargetUrl, options.Value), ParseFormat(request.Format), request.EventKinds, request.Active, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(db, ct);
        return TypedResults.Ok(View(s, await AreaCodeAsync(db, s, ct)));
    }

    private static async Task<NoContent> Delete(Guid id, CurrentUser current, AppDbContext db, CancellationToken ct)
    {
        var s = await OwnAsync(id, current, db, tracked: true, ct);
        db.WebhookSubscriptions.Remove(s);
        await SaveAsync(db, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookWithSecret>> Rotate(Guid id, CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var s = await OwnAsync(id, current, db, tracked: true, ct);
        s.RotateSecret(clock.GetUtcNow().UtcDateTime);
        await SaveAsync(db, ct);
        return TypedResults.Ok(new WebhookWithSecret(View(s, await AreaCodeAsync(db, s, ct)), s.Secret));
    }

    private static async Task<Ok<Page<DeliveryView>>> Deliveries(Guid id, string? status, CurrentUser current, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        await OwnAsync(id, current, db, tracked: false, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.SubscriptionId == id);
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var st))
            {
                throw new InvalidInputException("status_unknown", "未知的投递状态", "Unknown delivery status (pending, delivered, dead).");
            }

            query = query.Where(m => m.Status == st);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Page<DeliveryView>([.. items.Select(DeliveryOf)], number, size, total));
    }

    private static async Task<Ok<DeliveryView>> Retry(Guid id, Guid deliveryId, CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await OwnAsync(id, current, db, tracked: false, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        int changed;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            changed = await db.OutboxMessages.Where(m => m.Id == deliveryId && m.SubscriptionId == id && m.Status == DeliveryStatus.Dead)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, DeliveryStatus.Pending).SetProperty(m => m.NextAttemptAt, now), ct);
            await tx.CommitAsync(ct);
        }

        var row = await db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == deliveryId && m.SubscriptionId == id, ct) ?? throw new NotFoundException("delivery");
        if (changed == 0)
        {
            throw new DomainRuleException("delivery_not_dead", "只有已放弃的投递可以重试", "Only a dead delivery can be retried.");
        }

        return TypedResults.Ok(DeliveryOf(row));
    }

    private static DeliveryView DeliveryOf(OutboxMessage m) =>
        new(m.Id, m.EventId, m.EventKind, m.WorkOrderId, m.Status.ToString(), m.Attempts, m.CreatedAt, m.NextAttemptAt, m.LastAttemptAt, m.LastError, m.DeliveredAt);

    private static async Task<WebhookSubscription> OwnAsync(Guid id, CurrentUser current, AppDbContext db, bool tracked, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var query = db.WebhookSubscriptions.Under(scope.AdminPaths);
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("webhook");
    }

    private static Task<string> AreaCodeAsync(AppDbContext db, WebhookSubscription s, CancellationToken ct) =>
        db.Areas.AsNoTracking().Where(a => a.Id == s.AreaId).Select(a => a.Code).SingleAsync(ct);

    private static WebhookView View(WebhookSubscription s, string areaCode) =>
        new(s.Id, s.Name, areaCode, s.AreaPath, s.TargetUrl, s.Format.ToString().ToLowerInvariant(), s.Kinds, s.Active, s.CreatedAt, s.UpdatedAt);

    private static WebhookFormat ParseFormat(string? format) => (format ?? "json").Trim().ToLowerInvariant() switch
    {
        "json" => WebhookFormat.Json,
        "wecom" => WebhookFormat.WeCom,
        "dingtalk" => WebhookFormat.DingTalk,
        _ => throw new InvalidInputException("format_unknown", "消息格式应为 json、wecom 或 dingtalk", "The format is json, wecom or dingtalk."),
    };

    /// <summary>An absolute http(s) URL; loopback and private literals are refused unless allowed (the sender checks resolved names too).</summary>
    private static Uri Target(string url, NotificationOptions options)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidInputException("target_url_invalid", "回调地址必须是完整的 http(s) 地址", "The target must be an absolute http(s) URL.");
        }

        var isPrivate = uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && TargetAddresses.IsPrivate(ip));
        if (isPrivate && !options.AllowPrivateTargets)
        {
            throw new InvalidInputException("target_url_not_allowed", "回调地址不能指向本机或内网", "The target may not be a loopback or private address.");
        }

        return uri;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        await db.SaveInTransactionAsync(ct);
    }
}
