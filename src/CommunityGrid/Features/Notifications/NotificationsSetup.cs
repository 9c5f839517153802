using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Notifications;

internal static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection("Notifications"));
        var options = configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new NotificationOptions();
        services.AddScoped<NotificationWriter>();
        services.AddScoped<Inbox>();
        // Added after the database's own interceptors, so the audit log records the order change and not the derived messages.
        services.ConfigureDbContext<SqliteAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<NotificationWriter>()));
        services.ConfigureDbContext<PostgresAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<NotificationWriter>()));
        services.AddScoped<OutboxProcessor>();
        services.AddSingleton<ISmsSender, LoggingSmsSender>();
        services.AddHttpClient(OutboxProcessor.HttpClientName, c => c.Timeout = options.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => OutboxProcessor.Handler(options));
        services.AddHostedService<OutboxDeliveryService>();
        services.AddSignalR();

        // Browsers cannot set headers on a WebSocket: the hub also takes the bearer token from ?access_token=.
        services.PostConfigure<PolicySchemeOptions>(AuthEndpoints.Scheme, o =>
        {
            var inner = o.ForwardDefaultSelector;
            o.ForwardDefaultSelector = ctx => IsHubWithQueryToken(ctx.Request) ? BearerTokenDefaults.AuthenticationScheme : inner?.Invoke(ctx);
        });
        services.PostConfigure<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme, o =>
        {
            var inner = o.Events.OnMessageReceived;
            o.Events.OnMessageReceived = async ctx =>
            {
                await inner(ctx);
                if (ctx.Token is null && IsHubWithQueryToken(ctx.Request))
                {
                    ctx.Token = ctx.Request.Query["access_token"];
                }
            };
        });
        // A hub client is a program, not a page: it gets 401, not a redirect to the login page.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var inner = o.Events.OnRedirectToLogin;
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (!ctx.Request.Path.StartsWithSegments(NotificationHub.Path, StringComparison.OrdinalIgnoreCase))
                {
                    return inner(ctx);
                }

                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });
        return services;
    }

    private static bool IsHubWithQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments(NotificationHub.Path, StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey("access_token");

    public static WebApplication MapNotifications(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapInbox();
        api.MapWebhooks();
        app.MapHub<NotificationHub>(NotificationHub.Path).RequireAuthorization();
        return app;
    }
}
