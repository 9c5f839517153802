using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// What a production start needs around the app: a persisted data-protection key ring (cookies and
/// bearer tokens survive a restart and are shared by instances on the same key path), forwarded
/// headers from a trusted reverse proxy, and HSTS with HTTPS redirection. README, "Production".
/// </summary>
internal static class Hosting
{
    public const string DefaultKeyPath = "data/keys";
    /// <summary>Cookies protected by one instance are read by another only when both use the same name.</summary>
    public const string ApplicationName = "CommunityGrid";

    public static IServiceCollection AddHosting(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var keyPath = configuration["DataProtection:KeyPath"] is { Length: > 0 } configured ? configured : DefaultKeyPath;
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(keyPath, environment.ContentRootPath)));

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays trusted (ASP.NET Core's default): a proxy on the same machine works as is.
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(configuration.GetValue("Https:HstsMaxAgeDays", 180));
            o.IncludeSubDomains = false;
        });
        services.AddHttpsRedirection(o => o.HttpsPort = configuration.GetValue("Https:Port", 443));
        return services;
    }

    /// <summary>First in the pipeline: the scheme and client address must be right before anything reads them.</summary>
    public static WebApplication UseHosting(this WebApplication app)
    {
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment() && app.Configuration.GetValue("Https:Enforce", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        return app;
    }
}
