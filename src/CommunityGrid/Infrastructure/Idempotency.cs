using System.Security.Claims;
using System.Security.Cryptography;
using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Infrastructure;

/// <summary>The first answer to a POST carrying an Idempotency-Key, kept so a retry gets it again.</summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 100;

    public string Owner { get; set; } = "";
    public string Key { get; set; } = "";
    public string Path { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

/// <summary>
/// Any POST may carry <c>Idempotency-Key</c>. The first request with a key claims it (a unique row
/// per caller and key), runs, and stores its answer; a retry with the same key and body gets that
/// answer back and writes nothing; the same key with another body is 422; a retry while the first
/// is still running is 409. Server errors are not kept, so they may be retried. The answer reaches
/// the client only after it is stored, and the claim is marked in the write's own transaction
/// (<see cref="IdempotencyCommits"/>): a crash at any point neither loses an answered write nor runs
/// it twice.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext context, AppDbContext db, TimeProvider clock, IdempotencyCommits commits)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is 0 or > IdempotencyRecord.KeyMaxLength)
        {
            await Problem(context, 400, "idempotency_key_invalid", "Idempotency-Key 长度应为 1–100 个字符", "The Idempotency-Key must be 1–100 characters.");
            return;
        }

        var owner = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        var path = context.Request.Path.Value ?? "";
        context.Request.EnableBuffering();
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted)) + ":" + path;
        context.Request.Body.Position = 0;
        var now = clock.GetUtcNow().UtcDateTime;

        var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Owner == owner && r.Key == key, context.RequestAborted);
        if (existing is not null)
        {
            if (existing.RequestHash != hash)
            {
                await Problem(context, 422, "idempotency_key_reused", "该 Idempotency-Key 已用于另一请求", "This Idempotency-Key was used for a different request.");
                return;
            }

            if (existing.CompletedAt is not null && existing.StatusCode is null && now - existing.CompletedAt >= StaleClaim)
            {
                // The first request's write committed but its answer was never stored (the process died between).
                await Problem(context, 409, "idempotency_answer_lost", "该请求已执行，但应答未能保存，请查询结果，不要重复提交", "The request with this key took effect, but its answer was lost; look the result up instead of retrying.");
                return;
            }

            if (existing.StatusCode is not null)
            {
                context.Response.StatusCode = existing.StatusCode.Value;
                context.Response.ContentType = existing.ContentType;
                context.Response.Headers["Idempotent-Replayed"] = "true";
                await context.Response.Body.WriteAsync(existing.Body ?? [], context.RequestAborted);
                return;
            }

            if (existing.CompletedAt is not null || now - existing.CreatedAt < StaleClaim)
            {
                await Problem(context, 409, "idempotency_in_progress", "相同请求正在处理中，请稍后重试", "A request with this key is still being processed.");
                return;
            }

            // A claim left by a crash: take it over.
            await db.IdempotencyRecords.Where(r => r.Owner == owner && r.Key == key).ExecuteDeleteInTransactionAsync(db, context.RequestAborted);
        }

        if (!await ClaimAsync(db, new IdempotencyRecord { Owner = owner, Key = key, Path = path, RequestHash = hash, CreatedAt = now }, context.RequestAborted))
        {
            await Problem(context, 409, "idempotency_in_progress", "相同请求正在处理中，请稍后重试", "A request with this key is still being processed.");
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var mine = db.IdempotencyRecords.Where(r => r.Owner == owner && r.Key == key);
        commits.Arm(owner, key);
        try
        {
            await next(context);
        }
        catch
        {
            // The request failed before answering; free the key for a retry if the database still answers.
            commits.Disarm();
            db.ChangeTracker.Clear();
            try
            {
                await mine.Where(r => r.CompletedAt == null).ExecuteDeleteInTransactionAsync(db, CancellationToken.None);
            }
            catch (Exception e) when (DatabaseUnavailable.Is(e))
            {
                // The claim goes stale and is taken over after StaleClaim.
            }

            throw;
        }
        finally
        {
            commits.Disarm();
            context.Response.Body = original;
        }

        db.ChangeTracker.Clear();
        var status = context.Response.StatusCode;
        if (status >= 500)
        {
            // Not kept, so it may be retried — unless its write committed, then the answer is kept like any other.
            try
            {
                await mine.Where(r => r.CompletedAt == null).ExecuteDeleteInTransactionAsync(db, CancellationToken.None);
            }
            catch (Exception e) when (DatabaseUnavailable.Is(e))
            {
                await CopyAsync(buffer, original, context.RequestAborted);
                return;
            }
        }

        var body = buffer.ToArray();
        var contentType = context.Response.ContentType;
        var completed = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await mine.ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, status).SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Body, body).SetProperty(r => r.CompletedAt, completed), CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);

        // The answer leaves only once it is stored: a client that saw it gets the same on a retry.
        await CopyAsync(buffer, original, context.RequestAborted);
    }

    private static async Task CopyAsync(MemoryStream buffer, Stream original, CancellationToken ct)
    {
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ct);
    }

    private static async Task<bool> ClaimAsync(AppDbContext db, IdempotencyRecord record, CancellationToken ct)
    {
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveInTransactionAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Someone claimed the same key a moment earlier.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static Task Problem(HttpContext context, int status, string code, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(context);
}

internal static class IdempotencyQueries
{
    public static async Task ExecuteDeleteInTransactionAsync(this IQueryable<IdempotencyRecord> rows, AppDbContext db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await rows.ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }
}

internal sealed class IdempotencyRecordConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(r => new { r.Owner, r.Key });
        b.Property(r => r.Owner).HasMaxLength(450);
        b.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        b.Property(r => r.Path).HasMaxLength(300);
        b.Property(r => r.RequestHash).HasMaxLength(400);
        b.Property(r => r.ContentType).HasMaxLength(100);
        b.HasIndex(r => r.CreatedAt);
    }
}
