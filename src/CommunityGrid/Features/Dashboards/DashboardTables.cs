using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure.Spreadsheets;

namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// Every table of a dashboard as rows to export: the .xlsx holds them all (a sheet each), a CSV one of them
/// (by <see cref="ExportTable.Key"/>). Times are Beijing wall-clock times.
/// </summary>
public static class DashboardTables
{
    public static readonly IReadOnlyList<string> Keys = ["kpis", "children", "attention", "hotspots", "categories", "origins", "daily", "properties", "merchants", "programmes"];

    public static IReadOnlyList<ExportTable> For(DashboardResult d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return
        [
            new("kpis", "考核指标",
                [new("指标", 16), new("本期", 12), new("分子", 10), new("分母", 10), new("上期", 12), new("变化", 12)],
                [.. d.Kpis.Select(k => Row(k.Name, k.IsRate ? TableCell.Percent(k.Value) : TableCell.Of(k.Value), TableCell.Of(k.Numerator),
                    k.IsRate ? TableCell.Of(k.Denominator) : "", k.IsRate ? TableCell.Percent(k.Previous) : TableCell.Of(k.Previous),
                    k.IsRate ? TableCell.Percent(k.Change) : TableCell.Of(k.Change)))]),
            new("children", "下级区域",
                [new("区域", 22), new("层级", 8), new("新建工单", 10), new("在办", 8), new("超时", 8), new("问题工单", 10), new("按时办结率", 12), new("满意率", 10)],
                [.. d.Children.Select(c => Row(c.Name, LevelName(c.Level), TableCell.Of(c.Created), TableCell.Of(c.Open), TableCell.Of(c.Overdue), TableCell.Of(c.ProblemOrders),
                    TableCell.Percent(c.OnTimeResolutionRate.Value), TableCell.Percent(c.SatisfactionRate.Value)))]),
            new("attention", "超时与问题工单",
                [new("工单号", 18), new("标题", 30), new("类别", 14), new("网格", 20), new("状态", 10), new("登记时间", 18), new("时限", 18), new("超时", 6), new("问题工单", 8)],
                [.. d.Attention.Select(o => Row(o.Number, o.Title, o.CategoryName, o.AreaName, StatusNames.Chinese(o.Status), Wall(o.CreatedAt), Wall(o.Deadline),
                    o.Overdue ? "是" : "否", o.ProblemOrder ? "是" : "否"))]),
            new("hotspots", "高频事项",
                [new("类别", 14), new("地点", 30), new("次数", 8), new("首次", 18), new("最近", 18), new("工单号", 40)],
                [.. d.Hotspots.Select(h => Row(h.CategoryName, h.Place, TableCell.Of(h.Count), Wall(h.FirstAt), Wall(h.LastAt), string.Join("、", h.Numbers)))]),
            new("categories", "按类别",
                [new("类别", 20), new("工单数", 10)],
                [.. d.ByCategory.Select(v => Row(v.Name, TableCell.Of(v.Count)))]),
            new("origins", "按来源",
                [new("来源", 20), new("工单数", 10)],
                [.. d.ByOrigin.Select(v => Row(v.Name, TableCell.Of(v.Count)))]),
            new("daily", "每日工单",
                [new("日期", 12), new("新建", 10), new("办结", 10)],
                [.. d.Daily.Select(x => Row(TableCell.Of(x.Date), TableCell.Of(x.Created), TableCell.Of(x.Resolved)))]),
            new("properties", "物业排名",
                [new("排名", 6), new("物业服务企业", 28), new("工单数", 10), new("按时办结率", 12), new("满意率", 10)],
                [.. d.Properties.Select((p, i) => Row(TableCell.Of(i + 1), p.Name, TableCell.Of(p.Orders), TableCell.Percent(p.OnTimeResolutionRate.Value), TableCell.Percent(p.SatisfactionRate.Value)))]),
            new("merchants", "商户服务",
                [new("商户", 28), new("服务次数", 10), new("积分", 10)],
                [.. d.Merchants.Select(m => Row(m.Name, TableCell.Of(m.Services), TableCell.Of(m.Points)))]),
            new("programmes", "志愿与心愿",
                [new("项目", 20), new("数量", 12)],
                [
                    Row("参与志愿者（人）", TableCell.Of(d.Volunteers.Volunteers)),
                    Row("志愿服务（人次）", TableCell.Of(d.Volunteers.Services)),
                    Row("志愿服务时长（小时）", TableCell.Of(d.Volunteers.Hours)),
                    Row("发放积分", TableCell.Of(d.Volunteers.PointsAwarded)),
                    Row("心愿上墙", TableCell.Of(d.Wishes.Published)),
                    Row("心愿实现", TableCell.Of(d.Wishes.Fulfilled)),
                    Row("心愿确认", TableCell.Of(d.Wishes.Confirmed)),
                ]),
        ];
    }

    public static string LevelName(AreaLevel level) => level switch
    {
        AreaLevel.City => "市",
        AreaLevel.District => "区",
        AreaLevel.Street => "街道",
        AreaLevel.Community => "社区",
        AreaLevel.Grid => "网格",
        _ => level.ToString(),
    };

    private static TableCell Wall(DateTime? utc) => TableCell.WallClock(utc is { } t ? BeijingTime.WallClock(t) : null);

    private static TableCell[] Row(params TableCell[] cells) => cells;
}
