using System.Globalization;
using CommunityGrid.Infrastructure;
using CommunityGrid.Features.Accounts;
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
        app.MapPost("/account/login", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            var form = await http.Request.ReadFormAsync();
            var returnUrl = LocalOrHome(form["returnUrl"]);
            var (user, code) = await AuthEndpoints.CheckPasswordAsync(signIn, form["userName"].ToString(), form["password"].ToString());
            if (user is null)
            {
                return Results.Redirect($"/login?error={code}&returnUrl={Uri.EscapeDataString(returnUrl)}");
            }

            await http.SignInAsync(IdentityConstants.ApplicationScheme, AuthEndpoints.PrincipalFor(user, IdentityConstants.ApplicationScheme));
            return Results.Redirect(returnUrl);
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        app.MapGet("/lang", (HttpContext http, string c, string? returnUrl) =>
        {
            var culture = c.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "zh-CN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.Redirect(LocalOrHome("/" + returnUrl?.TrimStart('/')));
        }).AllowAnonymous().ExcludeFromDescription();

        return app;
    }

    private static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
