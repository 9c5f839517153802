using Microsoft.AspNetCore.Identity;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// The one rule against cross-site writes, for every endpoint there is and will be: an unsafe
/// request (POST, PUT, PATCH, DELETE…) that the sign-in cookie authenticates must come from this
/// site — its Origin header, or its Referer when Origin is absent, names this request's own scheme
/// and host; with neither it is refused. A page's form post (anything outside /api and /open311:
/// the login form, logout, Blazor forms, the hub) from a foreign origin is refused even when
/// anonymous, so no other site can sign a browser in. Bearer tokens and Open311 api_keys are not
/// sent by a browser on its own, so calls carrying them are not checked. Refusal: 403 problem with
/// code <c>cross_site_request</c>.
/// </summary>
public static class CrossSiteRequests
{
    public const string Code = "cross_site_request";

    /// <summary>Runs after authentication, before anything can write.</summary>
    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var request = http.Request;
        if (IsSafe(request.Method))
        {
            await next(http);
            return;
        }

        var byCookie = http.User.Identity is { IsAuthenticated: true } identity && identity.AuthenticationType == IdentityConstants.ApplicationScheme;
        var pageForm = !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/open311");
        var sameOrigin = SameOrigin(request);
        if ((byCookie && sameOrigin != true) || (pageForm && sameOrigin == false))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "拒绝来自其他网站的请求",
                    Detail = "A request carrying the sign-in cookie must come from this site's own pages.",
                    Extensions = { ["code"] = Code },
                },
            });
            return;
        }

        await next(http);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>True: Origin (else Referer) is this site; false: another (or "null"); null: the request names none.</summary>
    internal static bool? SameOrigin(HttpRequest request)
    {
        string? source = request.Headers.Origin.ToString() is { Length: > 0 } origin ? origin : null;
        source ??= request.Headers.Referer.ToString() is { Length: > 0 } referer ? referer : null;
        if (source is null)
        {
            return null;
        }

        return Uri.TryCreate(source, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
    }
}
