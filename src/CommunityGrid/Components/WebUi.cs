using System.Globalization;
using CommunityGrid.Infrastructure;
using CommunityGrid.Features.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace CommunityGrid.Components;

internal static class WebUi
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Lang>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            CultureInfo[] cultures = [new("zh-CN"), new("en")];
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>
    /// Bodies for error status codes: API callers get problem details (as before); a browser
    /// asking for a page that is not there, or out of its scope, gets the 404 page.
    /// </summary>
    public static WebApplication UseStatusPages(this WebApplication app)
    {
        // Outer: re-executes "/not-found" for pages. Inner: problem details, which would
        // otherwise answer first, so it stands aside for page requests.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStatusCodePages();
        app.Use((ctx, next) =>
        {
            if (WantsHtml(ctx.Request) && ctx.Features.Get<IStatusCodePagesFeature>() is { } problems)
            {
                problems.Enabled = false;
            }

            return next(ctx);
        });
        return app;
    }

    private static bool WantsHtml(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();

        // Form posts of the static pages: login, logout, language switch.
        app.MapPost("/account/login", async (HttpContext http, SignInManager<AppUser> signIn, IAntiforgery antiforgery) =>
        {
            // The form carries its antiforgery token: no other site can sign a browser in (login CSRF).
            if (!await FormIsValidAsync(antiforgery, http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "表单已失效，请刷新页面后重新登录",
                    detail: "The form's antiforgery token is missing or invalid; reload the page and log in again.",
                    extensions: new Dictionary<string, object?> { ["code"] = "antiforgery_failed" });
            }

            var form = await http.Request.ReadFormAsync();
            var returnUrl = LocalUrl.PathOrHome(form["returnUrl"]);
            var (user, code) = await AuthEndpoints.CheckPasswordAsync(signIn, form["userName"].ToString(), form["password"].ToString());
            if (user is null)
            {
                return Results.Redirect($"/login?error={code}&returnUrl={Uri.EscapeDataString(returnUrl)}");
            }

            await http.SignInAsync(IdentityConstants.ApplicationScheme, AuthEndpoints.PrincipalFor(user, IdentityConstants.ApplicationScheme));
            return Results.Redirect(returnUrl);
        }).AllowAnonymous().DisableAntiforgery().WithMetadata(new RateLimitedAttribute(RateBucket.Login)).ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http, UserManager<AppUser> users, SessionStamps stamps) =>
        {
            // Ends the session everywhere: a copy of the cookie (or a token) is worthless from now on.
            if (await users.GetUserAsync(http.User) is { } user)
            {
                await stamps.RevokeAsync(users, user);
            }

            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        app.MapGet("/lang", (HttpContext http, string c, string? returnUrl) =>
        {
            var culture = c.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.Redirect(LocalUrl.PathOrHome(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

        return app;
    }

    /// <summary>The antiforgery check of a hand-read form; a form that cannot be read (a NUL byte…) is no valid form either.</summary>
    private static async Task<bool> FormIsValidAsync(IAntiforgery antiforgery, HttpContext http)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
