using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityGrid.Data;
using CommunityGrid.Features.Dashboards;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.WorkOrders;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace CommunityGrid.Tests.Dashboards;

/// <summary>
/// Dashboards over orders made here in 人民路街道 (仕奇 and 昭乌达): each figure equals the same figure counted
/// straight from the rows; the exports opened cell by cell; the monthly report rendered and read.
/// </summary>
public sealed class DashboardTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private const string Street = "150105001";
    private const string Zhaowuda = "150105001002";
    private const string StreetPath = "150100/150105/150105001/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    // 昭乌达社区 grid 1 lies at 111.716–111.720 E, 40.809–40.813 N; grid 4 just south of it.
    private static readonly (double Lat, double Lng) Grid1 = (40.8110, 111.7180);
    private static readonly (double Lat, double Lng) Grid4 = (40.8070, 111.7180);

    private Task<Guid> FileAsync(string category, string title, (double Lat, double Lng) at, string user = "resident.shiqi.01") =>
        app.ReportAsync(user, new { categoryCode = category, title, latitude = at.Lat, longitude = at.Lng });

    private async Task<T> GetAsync<T>(string user, string url)
    {
        var response = await (await app.ClientForAsync(user)).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private sealed record OrderRow(string AreaPath, WorkOrderStatus Status, DateTime CreatedAt, DateTime? AcceptDeadline, DateTime? ResolveDeadline, DateTime? ResolvedAt, bool IsProblemOrder, string Category, double? Latitude, double? Longitude);

    private async Task<List<OrderRow>> RowsUnderAsync(string path)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.WorkOrders.AsNoTracking().Join(db.WorkOrderCategories, o => o.CategoryId, c => c.Id, (o, c) => new OrderRow(o.AreaPath, o.Status, o.CreatedAt, o.AcceptDeadline, o.ResolveDeadline, o.ResolvedAt, o.IsProblemOrder, c.Name, o.Latitude, o.Longitude)).ToListAsync();
        return [.. rows.Where(r => r.AreaPath.StartsWith(path, StringComparison.Ordinal))];
    }

    private static bool Open(OrderRow r) => r.Status is WorkOrderStatus.Registered or WorkOrderStatus.AwaitingDispatch or WorkOrderStatus.AwaitingAcceptance or WorkOrderStatus.InProgress or WorkOrderStatus.AwaitingVerification;

    private bool Overdue(OrderRow r) => (r.Status == WorkOrderStatus.AwaitingAcceptance && r.AcceptDeadline < app.Clock.GetUtcNow().UtcDateTime)
        || (r.Status == WorkOrderStatus.InProgress && r.ResolveDeadline < app.Clock.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Dashboard_figures_equal_the_same_figures_counted_from_the_rows()
    {
        // Three garbage reports within 100 m of each other (a 高频事项), two other orders, one in 仕奇.
        await FileAsync("city.garbage", "垃圾满溢一", Grid1);
        await FileAsync("city.garbage", "垃圾满溢二", (Grid1.Lat + 0.0003, Grid1.Lng + 0.0003));
        await FileAsync("city.garbage", "垃圾满溢三", (Grid1.Lat - 0.0002, Grid1.Lng + 0.0004));
        await FileAsync("city.parking", "乱停车", Grid4, "resident.shiqi.02");
        var late = await FileAsync("city.road", "路面破损", Grid4);
        await FileAsync("city.greenery", "绿化带缺损", (40.8090, 111.7050));
        await app.ActAsync("gridchief.150105001002004", late, "dispatch", new { assigneeUserName = "gridchief.150105001002004" });
        app.Clock.Advance(TimeSpan.FromHours(3)); // past the two-hour acceptance limit: overdue

        var street = await GetAsync<DashboardResult>("street.renminlu", $"/api/dashboards/{Street}?from=2026-12-01&to=2026-12-01");
        var rows = await RowsUnderAsync(StreetPath);
        var today = rows.Where(r => r.CreatedAt >= new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc) && r.Status != WorkOrderStatus.Merged).ToList();

        street.Area.Name.ShouldBe("人民路街道");
        street.Trail.ShouldBeEmpty(); // the district above is not hers to open
        Figure(street, "created").Value.ShouldBe(today.Count);
        Figure(street, "overdue").Value.ShouldBe(rows.Count(Overdue));
        Figure(street, "overdue").Value!.Value.ShouldBeGreaterThanOrEqualTo(1);
        street.Daily.Single().Created.ShouldBe(today.Count);
        street.ByCategory.Sum(v => v.Count).ShouldBe(today.Count);
        foreach (var category in today.GroupBy(r => r.Category))
        {
            street.ByCategory.Single(v => v.Name == category.Key).Count.ShouldBe(category.Count());
        }

        // The drill-down: one row per community, each counted from the rows under it.
        street.Children.Select(c => c.Code).ShouldBe(["150105001001", Zhaowuda]);
        foreach (var child in street.Children)
        {
            var under = rows.Where(r => r.AreaPath.Contains("/" + child.Code + "/", StringComparison.Ordinal)).ToList();
            child.Created.ShouldBe(under.Count(r => today.Contains(r)));
            child.Open.ShouldBe(under.Count(Open));
            child.Overdue.ShouldBe(under.Count(Overdue));
        }

        street.Attention.ShouldContain(o => o.Title == "路面破损" && o.Overdue);
        // Counted from the rows: today's garbage orders within 100 m of grid 1's point (another test of this class may
        // have filed one there before this one runs).
        var nearGrid1 = today.Count(r => r.Category == "垃圾清运" && r.Latitude is { } la && r.Longitude is { } lo
            && Math.Sqrt(Math.Pow((la - Grid1.Lat) * 111_320, 2) + Math.Pow((lo - Grid1.Lng) * 111_320 * Math.Cos(Grid1.Lat * Math.PI / 180), 2)) <= 100);
        nearGrid1.ShouldBeGreaterThanOrEqualTo(3);
        var hotspot = street.Hotspots.ShouldHaveSingleItem();
        hotspot.CategoryCode.ShouldBe("city.garbage");
        hotspot.Count.ShouldBe(nearGrid1);
        hotspot.Numbers.Count.ShouldBe(nearGrid1);

        // The community below, and the map of its grids: every grid's figures from the rows in it.
        var community = await GetAsync<DashboardResult>("street.renminlu", $"/api/dashboards/{Zhaowuda}?from=2026-12-01&to=2026-12-01");
        community.Trail.Select(t => t.Code).ShouldBe([Street]);
        community.Children.Count.ShouldBe(6);
        var map = await GetAsync<MapResult>("street.renminlu", $"/api/dashboards/{Zhaowuda}/map?from=2026-12-01&to=2026-12-01");
        map.Grids.Count.ShouldBe(6);
        map.Grids.ShouldAllBe(g => g.Boundary != null);
        foreach (var grid in map.Grids)
        {
            var under = rows.Where(r => r.AreaPath.Contains("/" + grid.Code + "/", StringComparison.Ordinal)).ToList();
            grid.Figures.Open.ShouldBe(under.Count(Open), grid.Name);
            grid.Figures.Created.ShouldBe(under.Count(r => today.Contains(r)), grid.Name);
        }

        map.Grids.Single(g => g.Code == Zhaowuda + "001").Figures.Open.ShouldBeGreaterThanOrEqualTo(3); // the three above, and any other test's
        map.OpenOrders.Count.ShouldBe(rows.Count(r => Open(r) && r.AreaPath.Contains("/" + Zhaowuda + "/", StringComparison.Ordinal)));
        map.OpenOrders.ShouldContain(o => o.Overdue);
    }

    [Fact]
    public async Task A_node_outside_the_callers_registry_is_404_on_every_dashboard_endpoint()
    {
        var client = await app.ClientForAsync("community.hexi");
        foreach (var url in new[] { $"/api/dashboards/{Street}", $"/api/dashboards/{Street}/map", $"/api/dashboards/{Street}/export.xlsx", $"/api/dashboards/{Street}/export.csv", $"/api/dashboards/{Street}/monthly-report.pdf", "/api/dashboards/999999" })
        {
            await (await client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        // A resident keeps no registry: no dashboard at all.
        await (await (await app.ClientForAsync("resident.shiqi.01")).GetAsync($"/api/dashboards/{Zhaowuda}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Bad_periods_tables_and_months_are_refused_with_their_codes()
    {
        var client = await app.ClientForAsync("street.renminlu");
        await (await client.GetAsync($"/api/dashboards/{Street}?from=2026-12-02&to=2026-12-01")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "period_invalid");
        await (await client.GetAsync($"/api/dashboards/{Street}?from=2020-01-01&to=2026-12-01")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "period_too_long");
        await (await client.GetAsync($"/api/dashboards/{Street}/export.csv?table=secrets")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "table_unknown");
        await (await client.GetAsync($"/api/dashboards/{Street}/monthly-report.pdf?month=2026-13")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "month_invalid");
    }

    [Fact]
    public async Task The_workbook_has_chinese_headers_frozen_typed_cells_and_text_that_is_never_a_formula()
    {
        var id = await FileAsync("city.road", "=HYPERLINK(\"http://example.invalid\",\"点我\")", Grid4, "resident.shiqi.02");
        await app.ActAsync("gridchief.150105001002004", id, "dispatch", new { assigneeUserName = "gridchief.150105001002004" });
        app.Clock.Advance(TimeSpan.FromHours(3));
        var client = await app.ClientForAsync("street.renminlu");
        var dashboard = await GetAsync<DashboardResult>("street.renminlu", $"/api/dashboards/{Street}");

        var response = await client.GetAsync($"/api/dashboards/{Street}/export.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var package = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var book = package.WorkbookPart!;
        var names = book.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        names.ShouldBe(["考核指标", "下级区域", "超时与问题工单", "高频事项", "按类别", "按来源", "每日工单", "物业排名", "商户服务", "志愿与心愿"]);

        Worksheet SheetNamed(string name) => ((WorksheetPart)book.GetPartById(book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!)).Worksheet;
        static Cell[] Cells(Worksheet sheet, int row) => [.. sheet.Descendants<Row>().Single(r => r.RowIndex! == (uint)row).Elements<Cell>()];
        static string Text(Cell c) => c.InlineString?.Text?.Text ?? "";

        var kpis = SheetNamed("考核指标");
        kpis.Descendants<Pane>().Single().State!.Value.ShouldBe(PaneStateValues.Frozen);
        Cells(kpis, 1).Select(Text).ShouldBe(["指标", "本期", "分子", "分母", "上期", "变化"]);
        var created = Cells(kpis, 2);
        Text(created[0]).ShouldBe("新建工单");
        created[1].DataType.ShouldBeNull(); // a number, not text
        double.Parse(created[1].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(dashboard.Kpis[0].Value!.Value);
        var response2 = Cells(kpis, 3);
        Text(response2[0]).ShouldBe("响应率");
        response2[1].StyleIndex!.Value.ShouldBe(7u); // a percentage

        var children = SheetNamed("下级区域");
        Cells(children, 2).Select(Text).First().ShouldBe("仕奇社区");
        Cells(children, 3).Select(Text).First().ShouldBe("昭乌达社区");
        double.Parse(Cells(children, 3)[2].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(dashboard.Children[1].Created);

        var attention = SheetNamed("超时与问题工单");
        var rows = attention.Descendants<Row>().Skip(1).Select(r => r.Elements<Cell>().ToArray()).ToList();
        var injected = rows.Single(r => Text(r[1]).StartsWith('='));
        injected[1].DataType!.Value.ShouldBe(CellValues.InlineString);
        injected[1].CellFormula.ShouldBeNull();
        attention.Descendants<CellFormula>().ShouldBeEmpty();
        injected[5].StyleIndex!.Value.ShouldBe(6u); // a date and time
        var filed = DateTime.FromOADate(double.Parse(injected[5].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
        filed.ShouldBe(BeijingTime.WallClock(dashboard.Attention.Single(o => o.Title.StartsWith('=')).CreatedAt), TimeSpan.FromSeconds(1));

        // The same list as CSV: UTF-8 with BOM, the formula neutralised by a leading apostrophe.
        var csv = await (await client.GetAsync($"/api/dashboards/{Street}/export.csv?table=attention")).Content.ReadAsByteArrayAsync();
        csv[..3].ShouldBe(Encoding.UTF8.GetPreamble());
        var text = Encoding.UTF8.GetString(csv[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("工单号,标题,类别,网格,状态,登记时间,时限,超时,问题工单");
        lines.ShouldContain(l => l.Contains(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点我\"\")\",", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.Contains(",=HYPERLINK", StringComparison.Ordinal));
        var kpiCsv = Encoding.UTF8.GetString(await (await client.GetAsync($"/api/dashboards/{Street}/export.csv")).Content.ReadAsByteArrayAsync());
        kpiCsv.ShouldContain($"新建工单,{dashboard.Kpis[0].Value}");
    }

    [Fact]
    public async Task The_monthly_report_is_a_pdf_in_chinese_with_its_charts_and_figures()
    {
        await FileAsync("city.garbage", "月报垃圾", Grid1);
        var response = await (await app.ClientForAsync("street.renminlu")).GetAsync($"/api/dashboards/{Street}/monthly-report.pdf?month=2026-12");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");

        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cg-monthly-" + Guid.NewGuid().ToString("N")[..8]));
        var file = Path.Combine(dir.FullName, "report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        await RunAsync("pdftoppm", "-png", "-r", "72", "-f", "1", "-singlefile", file, Path.Combine(dir.FullName, "page"));
        var png = Path.Combine(dir.FullName, "page.png");
        using (var bitmap = SKBitmap.Decode(png))
        {
            bitmap.Width.ShouldBeGreaterThan(500);
            // The charts: bars in the report's blue and red, not only black text.
            var blue = 0;
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Blue > 180 && c.Red < 90)
                    {
                        blue++;
                    }
                }
            }

            blue.ShouldBeGreaterThan(200);
        }

        File.Copy(png, Path.Combine(Volunteers.CertificateTests.Screenshots(), "dashboard-monthly-report.png"), overwrite: true);
        // pdftotext reads some glyphs back as their CJK radical twins (⼈ for 人): compare in NFKC.
        var text = (await RunAsync("pdftotext", "-enc", "UTF-8", file, "-")).Normalize(NormalizationForm.FormKC);
        text.ShouldContain("社区网格治理月度报告");
        text.ShouldContain("路街道"); // 民 comes back as the radical ⺠, which NFKC keeps
        text.ShouldContain("2026年12月");
        text.ShouldContain("新建工单");
        text.ShouldContain("按时办结率");
        text.ShouldContain("昭乌达社区");
        text.ShouldContain("垃圾清运");
        dir.Delete(recursive: true);
    }

    private static KpiFigure Figure(DashboardResult d, string key) => d.Kpis.Single(k => k.Key == key);

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (apt package poppler-utils).");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, error);
        return output;
    }
}
