using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace CommunityGrid.Infrastructure;

/// <summary>Health, OpenAPI, logs, metrics and traces.</summary>
internal static class Operations
{
    public const string ServiceName = "CommunityGrid";

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging)
    {
        if (configuration.GetValue("Telemetry:JsonLogs", false))
        {
            logging.ClearProviders();
            logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // Exporter: none (default) | console | otlp (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT).
        var exporter = configuration["Telemetry:Exporter"]?.ToLowerInvariant() ?? "none";
        if (exporter != "none")
        {
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(ServiceName))
                .WithMetrics(m =>
                {
                    m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter(ServiceName);
                    if (exporter == "otlp")
                    {
                        m.AddOtlpExporter();
                    }
                    else
                    {
                        m.AddConsoleExporter();
                    }
                })
                .WithTracing(t =>
                {
                    t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource(ServiceName);
                    if (exporter == "otlp")
                    {
                        t.AddOtlpExporter();
                    }
                    else
                    {
                        t.AddConsoleExporter();
                    }
                });
        }

        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapGet("/health", async (AppDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct)
                    ? Results.Ok(new { status = "healthy" })
                    : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "数据库无法连接", detail: "The database does not answer.", extensions: new Dictionary<string, object?> { ["code"] = "database_unavailable" }))
            .AllowAnonymous().WithTags("Operations").ExcludeFromDescription();
        // The API reference is public in Development, or when Api:PublicReference says so; otherwise
        // only signed-in users read it (integrators have accounts; strangers need no map of the API).
        var openApi = app.MapOpenApi();
        var scalar = app.MapScalarApiReference();
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue("Api:PublicReference", false))
        {
            openApi.AllowAnonymous();
            scalar.AllowAnonymous();
        }
        else
        {
            openApi.RequireAuthorization();
            scalar.RequireAuthorization();
        }

        return app;
    }
}
