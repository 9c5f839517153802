using System.Globalization;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Pdf;
using SkiaSharp;

namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// 月度报告: one calendar month of an area node as a PDF — the KPIs against the month before, the daily
/// volume, categories and origins as charts, the nodes under it, 高频事项, overdue and problem orders, and the
/// programme figures, in Chinese with the embedded CJK face.
/// </summary>
public sealed class MonthlyReport(DashboardReport dashboards, ReportFont font, TimeProvider clock)
{
    /// <summary>The month's first day from "yyyy-MM"; the current Beijing month when not given.</summary>
    public DateOnly Month(string? month)
    {
        if (string.IsNullOrEmpty(month))
        {
            var today = BeijingTime.Date(clock.GetUtcNow().UtcDateTime);
            return new DateOnly(today.Year, today.Month, 1);
        }

        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year < 2000)
        {
            throw new InvalidInputException("month_invalid", "月份格式应为 2026-11", "The month is written like 2026-11.");
        }

        return first;
    }

    public async Task<(byte[] Pdf, string FileName)> RenderAsync(Scope scope, string areaCode, string? month, CancellationToken ct = default)
    {
        var first = Month(month);
        // The month so far when it is not over yet: a report never counts days that have not come.
        var today = BeijingTime.Date(clock.GetUtcNow().UtcDateTime);
        var last = first.AddMonths(1).AddDays(-1);
        if (last > today && first <= today)
        {
            last = today;
        }

        var d = await dashboards.ForAsync(scope, areaCode, first, last, ct);
        return (Render(d, first, font.Typeface, clock.GetUtcNow().UtcDateTime), $"monthly-report-{d.Area.Code}-{first:yyyy-MM}.pdf");
    }

    public static byte[] Render(DashboardResult d, DateOnly month, SKTypeface typeface, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(d);
        var title = $"{d.Area.Name} {month.Year}年{month.Month}月 社区网格治理月度报告";
        using var stream = new MemoryStream();
        using (var document = PdfPage.Create(stream, title, nowUtc))
        using (var page = new PdfPage(document, typeface, $"{d.Area.Name} · {month:yyyy-MM} · 生成于 {BeijingTime.Format(nowUtc)}（北京时间）"))
        {
            page.Text(title, 18, PdfPage.Ink, lineHeight: 30);
            var trail = string.Join(" › ", d.Trail.Select(t => t.Name).Append(d.Area.Name));
            page.Text($"{trail}　统计期 {d.From:yyyy年M月d日} 至 {d.To:yyyy年M月d日}，对比上期 {d.PreviousFrom:M月d日}–{d.PreviousTo:M月d日}", 9, PdfPage.Muted);
            page.Rule(PdfPage.Accent, 1.5f);

            var created = d.Kpis.Single(k => k.Key == "created");
            page.Text(Summary(d, created), 10, PdfPage.Ink, lineHeight: 18);
            page.Gap(6);
            page.Tiles([.. d.Kpis.Select(k => (k.Name, Value(k), Note(k)))]);

            Section(page, "一、每日工单（新建 / 办结）");
            page.Columns([.. d.Daily.Select(x => x.Date.ToString("M月d日", CultureInfo.InvariantCulture))],
                [("新建", [.. d.Daily.Select(x => (double)x.Created)]), ("办结", [.. d.Daily.Select(x => (double)x.Resolved)])]);

            Section(page, "二、工单类别");
            Bars(page, d.ByCategory.Take(10).Select(v => new ChartBar(v.Name, v.Count)));
            Section(page, "三、工单来源");
            Bars(page, d.ByOrigin.Select(v => new ChartBar(v.Name, v.Count)), PdfPage.Palette[2]);

            if (d.Children.Count > 0)
            {
                Section(page, $"四、下级区域（{DashboardTables.LevelName(d.Children[0].Level)}）");
                page.Table([("区域", 3), ("新建", 1), ("在办", 1), ("超时", 1), ("问题", 1), ("按时办结率", 1.6f), ("满意率", 1.4f)],
                    d.Children.Select(c => (IReadOnlyList<string>)[c.Name, N(c.Created), N(c.Open), N(c.Overdue), N(c.ProblemOrders), P(c.OnTimeResolutionRate.Value), P(c.SatisfactionRate.Value)]));
            }

            Section(page, "五、高频事项（同一类别在同一楼栋或 100 米内反复发生）");
            if (d.Hotspots.Count == 0)
            {
                page.Text("本期没有高频事项。", 10, PdfPage.Muted);
            }
            else
            {
                page.Table([("类别", 1.4f), ("地点", 3), ("次数", 0.8f), ("最近", 1.6f)],
                    d.Hotspots.Select(h => (IReadOnlyList<string>)[h.CategoryName, h.Place, N(h.Count), BeijingTime.Format(h.LastAt)]));
            }

            Section(page, "六、超时与问题工单");
            if (d.Attention.Count == 0)
            {
                page.Text("当前没有超时或问题工单。", 10, PdfPage.Muted);
            }
            else
            {
                page.Table([("工单号", 1.6f), ("标题", 2.6f), ("网格", 2), ("状态", 1), ("时限", 1.6f)],
                    d.Attention.Select(o => (IReadOnlyList<string>)[o.Number, o.Title, o.AreaName, (o.ProblemOrder ? "问题·" : "") + WorkOrders.StatusNames.Chinese(o.Status),
                        o.Deadline is { } t ? BeijingTime.Format(t) : "—"]));
            }

            Section(page, "七、志愿服务、心愿与商户服务");
            page.Tiles(
            [
                ("参与志愿者", N(d.Volunteers.Volunteers) + " 人", $"{d.Volunteers.Services} 人次"),
                ("志愿服务时长", d.Volunteers.Hours.ToString("0.#", CultureInfo.InvariantCulture) + " 小时", $"发放积分 {d.Volunteers.PointsAwarded}"),
                ("心愿实现", N(d.Wishes.Fulfilled) + " 个", $"上墙 {d.Wishes.Published} · 确认 {d.Wishes.Confirmed}"),
                ("商户服务", N(d.Merchants.Sum(m => m.Services)) + " 次", $"{d.Merchants.Count} 家商户"),
            ]);
            if (d.Properties.Count > 0)
            {
                Section(page, "八、物业服务企业排名");
                page.Table([("排名", 0.6f), ("物业服务企业", 3), ("工单", 0.8f), ("按时办结率", 1.4f), ("满意率", 1.2f)],
                    d.Properties.Select((p, i) => (IReadOnlyList<string>)[N(i + 1), p.Name, N(p.Orders), P(p.OnTimeResolutionRate.Value), P(p.SatisfactionRate.Value)]));
            }
        }

        return stream.ToArray();
    }

    private static string Summary(DashboardResult d, KpiFigure created)
    {
        var change = created.Previous is { } p && p > 0 ? $"，较上期{(created.Value >= p ? "增加" : "减少")} {Math.Abs((created.Value ?? 0) - p):0} 张" : "";
        var satisfaction = d.Kpis.Single(k => k.Key == "satisfaction");
        var onTime = d.Kpis.Single(k => k.Key == "on-time");
        var top = d.ByCategory.Count > 0 ? d.ByCategory[0] : null;
        return $"本期新建工单 {created.Value:0} 张{change}；按时办结率 {P(onTime.Value)}，满意率 {P(satisfaction.Value)}"
            + (top is null ? "。" : $"；最多的类别是“{top.Name}”（{top.Count} 张）。")
            + (d.Hotspots.Count > 0 ? $" 发现高频事项 {d.Hotspots.Count} 处。" : "");
    }

    private static void Section(PdfPage page, string heading)
    {
        page.Gap(8);
        page.Text(heading, 12, PdfPage.Accent, lineHeight: 22);
    }

    private static void Bars(PdfPage page, IEnumerable<ChartBar> bars, SKColor? color = null)
    {
        var list = bars.ToList();
        if (list.Count == 0)
        {
            page.Text("本期没有工单。", 10, PdfPage.Muted);
            return;
        }

        page.Bars(list, color: color);
    }

    private static string Value(KpiFigure k) => k.IsRate ? P(k.Value) : N((int)(k.Value ?? 0));

    private static string Note(KpiFigure k)
    {
        var ratio = k.IsRate ? $"{k.Numerator}/{k.Denominator}" : "";
        if (k.Change is not { } c)
        {
            return k.IsRate ? ratio : (k.Key is "overdue" or "problem" ? "当前" : "");
        }

        var arrow = c > 0 ? "↑" : c < 0 ? "↓" : "→";
        var delta = k.IsRate ? $"{Math.Abs(c) * 100:0.0} 个百分点" : $"{Math.Abs(c):0}";
        return $"{ratio} 上期{arrow}{delta}".Trim();
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string P(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
