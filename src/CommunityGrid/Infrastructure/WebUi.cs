using System.Globalization;
using CommunityGrid.Components;
using CommunityGrid.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace CommunityGrid.Infrastructure;

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
    /// A browser that asks for a page that is not there gets the 404 page, not problem JSON; API
    /// callers (no text/html in Accept) keep their problem details. Registered after
    /// UseStatusCodePages so that it answers first.
    /// </summary>
    public static WebApplication UseWebUiStatusPages(this WebApplication app)
    {
        app.UseWhen(
            ctx => ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        return app;
    }

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
