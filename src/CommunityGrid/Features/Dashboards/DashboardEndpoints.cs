using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Pdf;
using CommunityGrid.Infrastructure.Spreadsheets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Dashboards;

internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddScoped<DashboardReport>();
        services.AddScoped<MonthlyReport>();
        services.AddSingleton<ReportFont>();
        services.AddScoped<DashboardPulse>();
        services.ConfigureDbContext<SqliteAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DashboardPulse>()));
        services.ConfigureDbContext<PostgresAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<DashboardPulse>()));
        return services;
    }

    public static RouteGroupBuilder MapDashboards(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dashboards").WithTags("Dashboards");
        group.MapGet("/{areaCode}", Dashboard)
            .WithSummary("数据看板 of an area node and a period of Beijing days (default: the last 30): KPIs against the period before, the nodes below, 高频事项, programmes.");
        group.MapGet("/{areaCode}/map", Map).WithSummary("The grids under the node with their figures and outlines, and the open orders as points.");
        group.MapGet("/{areaCode}/export.xlsx", Xlsx).WithSummary("Every table of the dashboard as a workbook, a sheet each.");
        group.MapGet("/{areaCode}/export.csv", Csv).WithSummary("One table of the dashboard (table = kpis (default), children, attention, hotspots, categories, origins, daily, properties, merchants, programmes) as CSV, UTF-8 with BOM.");
        group.MapGet("/{areaCode}/monthly-report.pdf", Report).WithSummary("月度报告 of the node for a month (yyyy-MM, default this month) as a PDF.");
        return api;
    }

    private static async Task<Ok<DashboardResult>> Dashboard(DashboardReport report, CurrentUser current, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        TypedResults.Ok(await report.ForAsync(await current.ScopeAsync(ct), areaCode, from, to, ct));

    private static async Task<Ok<MapResult>> Map(DashboardReport report, CurrentUser current, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        TypedResults.Ok(await report.MapAsync(await current.ScopeAsync(ct), areaCode, from, to, ct));

    private static async Task<FileContentHttpResult> Xlsx(DashboardReport report, CurrentUser current, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var d = await report.ForAsync(await current.ScopeAsync(ct), areaCode, from, to, ct);
        using var output = new MemoryStream();
        TableExport.WriteXlsx(output, DashboardTables.For(d));
        return TypedResults.File(output.ToArray(), TableExport.XlsxContentType, FileName(d, "xlsx"));
    }

    private static async Task<FileContentHttpResult> Csv(DashboardReport report, CurrentUser current, string areaCode, string? table, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        table ??= "kpis";
        if (!DashboardTables.Keys.Contains(table))
        {
            throw new InvalidInputException("table_unknown", "没有这张表", $"No such table; one of: {string.Join(", ", DashboardTables.Keys)}.");
        }

        var d = await report.ForAsync(await current.ScopeAsync(ct), areaCode, from, to, ct);
        var export = DashboardTables.For(d).Single(t => t.Key == table);
        return TypedResults.File(TableExport.Csv(export), TableExport.CsvContentType, FileName(d, table + ".csv"));
    }

    private static async Task<FileContentHttpResult> Report(MonthlyReport report, CurrentUser current, string areaCode, string? month, CancellationToken ct)
    {
        var (pdf, name) = await report.RenderAsync(await current.ScopeAsync(ct), areaCode, month, ct);
        return TypedResults.File(pdf, "application/pdf", name);
    }

    private static string FileName(DashboardResult d, string suffix) => $"dashboard-{d.Area.Code}-{d.From:yyyyMMdd}-{d.To:yyyyMMdd}.{suffix}";
}
