using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace CommunityGrid.Infrastructure;

/// <summary>The writes that cost the most or invite guessing, each limited per caller and per IP address.</summary>
public enum RateBucket
{
    /// <summary>Password checks: <c>POST /api/auth/token</c>, the login form.</summary>
    Login,
    /// <summary>Reporting a work order: <c>POST /api/work-orders</c>, the report page.</summary>
    Intake,
    /// <summary>Open311 service requests (<c>POST /open311/v2/requests</c>).</summary>
    Open311,
}

/// <summary>Marks an endpoint (or a page, with <c>@attribute</c>) whose unsafe requests count against a <see cref="RateBucket"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RateLimitedAttribute(RateBucket bucket) : Attribute
{
    public RateBucket Bucket { get; } = bucket;
}

/// <summary>
/// The <c>RateLimits</c> settings: requests per <see cref="Window"/>, per IP address and per caller
/// (the signed-in user; for a login the user name tried; for Open311 the api_key's client).
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    public int LoginPerIp { get; set; } = 60;
    public int LoginPerUser { get; set; } = 10;
    public int IntakePerIp { get; set; } = 120;
    public int IntakePerUser { get; set; } = 20;
    public int Open311PerIp { get; set; } = 120;
    public int Open311PerClient { get; set; } = 60;

    internal int PerIp(RateBucket bucket) => bucket switch
    {
        RateBucket.Login => LoginPerIp,
        RateBucket.Intake => IntakePerIp,
        _ => Open311PerIp,
    };

    internal int PerCaller(RateBucket bucket) => bucket switch
    {
        RateBucket.Login => LoginPerUser,
        RateBucket.Intake => IntakePerUser,
        _ => Open311PerClient,
    };
}

/// <summary>
/// ASP.NET Core's rate limiter with fixed windows. The middleware limits by IP address and by the
/// signed-in user; where the caller is named in the body (a login's user name, an Open311
/// api_key) the handler asks <see cref="CallerThrottle"/> once it has read it. A refusal is a 429
/// problem with code <c>rate_limited</c> and a Retry-After header.
/// </summary>
public static class RateLimits
{
    public const string Code = "rate_limited";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(options);
        services.AddSingleton<CallerThrottle>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => Partition(ctx, options, byUser: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(ctx => Partition(ctx, options, byUser: true)));
            o.OnRejected = (ctx, _) => WriteAsync(ctx.HttpContext, RetryAfter(ctx.Lease));
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext ctx, RateLimitOptions options, bool byUser)
    {
        var bucket = options.Enabled && !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method) && !HttpMethods.IsOptions(ctx.Request.Method)
            ? ctx.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>()?.Bucket
            : null;
        if (bucket is not { } b)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        if (byUser)
        {
            // A login has no user yet (its user name is limited by the handler); Open311 callers are clients, limited by key.
            var userId = b == RateBucket.Intake ? ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
            return userId is null
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter($"{b}:user:{userId}", _ => Window(options.PerCaller(b), options.Window));
        }

        var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{b}:ip:{ip}", _ => Window(options.PerIp(b), options.Window));
    }

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static TimeSpan? RetryAfter(RateLimitLease lease) => lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;

    /// <summary>Sets Retry-After (whole seconds, at least 1) on the answer being prepared.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan? after)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((after ?? TimeSpan.FromSeconds(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The 429 problem details answer.</summary>
    public static async ValueTask WriteAsync(HttpContext http, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        SetRetryAfter(http.Response, retryAfter);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Problem(),
        });
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails Problem() => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "请求过于频繁，请稍后再试",
        Detail = "Too many requests; try again later.",
        Extensions = { ["code"] = Code },
    };
}

/// <summary>
/// Limits per caller named in the request body, which the middleware cannot see: the user name of a
/// login, the client of an Open311 api_key.
/// </summary>
public sealed class CallerThrottle(RateLimitOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<(RateBucket Bucket, string Caller)> limiter = PartitionedRateLimiter.Create<(RateBucket Bucket, string Caller), (RateBucket, string)>(
        key => RateLimitPartition.GetFixedWindowLimiter(key, k => RateLimits.Window(options.PerCaller(k.Item1), options.Window)));

    /// <summary>True when the caller may go on; otherwise how long until it may.</summary>
    public bool TryAcquire(RateBucket bucket, string caller, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (!options.Enabled)
        {
            return true;
        }

        using var lease = limiter.AttemptAcquire((bucket, caller.ToUpperInvariant()));
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : null;
        return false;
    }

    public void Dispose() => limiter.Dispose();
}
