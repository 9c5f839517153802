using System.Security.Cryptography;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// The nonce of this response's Content-Security-Policy: an inline &lt;script&gt; of a page runs only
/// with <c>nonce="@Csp.Nonce"</c>.
/// </summary>
public sealed class CspNonce
{
    public string Nonce { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// Headers on every answer: no MIME sniffing (photos are served as their stored type), no framing,
/// a referrer that never leaves the site with its path, and a Content-Security-Policy. Pages run
/// only their own scripts (files under wwwroot, inline ones with the nonce) and talk only to this
/// site (SignalR included); inline style attributes (the bar charts) are allowed. The API reference at /scalar needs inline scripts and styles and its
/// own fonts, so it gets a looser policy of its own.
/// </summary>
public static class SecurityHeaders
{
    private const string Common = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; img-src 'self' data: blob:; connect-src 'self'";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) => services.AddScoped<CspNonce>();

    public static Task ApplyAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var nonce = http.RequestServices.GetRequiredService<CspNonce>().Nonce;
        var scalar = http.Request.Path.StartsWithSegments("/scalar");
        // Set as the answer starts: the exception handler clears the headers of a failed request.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self), payment=()";
            headers.ContentSecurityPolicy = scalar
                ? Common + "; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; font-src 'self' data: https://fonts.scalar.com"
                : Common + $"; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; font-src 'self'";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
