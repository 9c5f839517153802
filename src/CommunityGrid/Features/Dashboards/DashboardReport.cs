using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// The dashboard of an area node for a period of Beijing days: the work-order KPIs (counted by
/// <see cref="KpiReport"/>, so the dashboard and the KPI page never disagree) beside the period before, the
/// nodes one level down for the drill-down, and the programme figures. Visible to those who keep the node's
/// registry; any other node answers 404.
/// </summary>
public sealed class DashboardReport(AppDbContext db, KpiReport kpis, TimeProvider clock)
{
    /// <summary>The longest period a dashboard covers: one year of days.</summary>
    public const int MaxDays = 366;
    public const int AttentionLimit = 50;
    public const int HotspotLimit = 20;
    public const int MapOrderLimit = 2000;

    private static readonly WorkOrderStatus[] OpenStatuses =
        [WorkOrderStatus.Registered, WorkOrderStatus.AwaitingDispatch, WorkOrderStatus.AwaitingAcceptance, WorkOrderStatus.InProgress, WorkOrderStatus.AwaitingVerification];

    public sealed record Node(Guid Id, string Code, string Name, string Path, AreaLevel Level, string? Boundary);

    /// <summary>The node if the caller keeps its registry; 404 otherwise (an unknown node and one out of scope look the same).</summary>
    public async Task<Node> NodeAsync(Scope scope, string areaCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == areaCode && !a.Retired)
            .Select(a => new Node(a.Id, a.Code, a.Name, a.Path, a.Level, a.BoundaryGeoJson)).SingleOrDefaultAsync(ct);
        if (area is null || area.Level > AreaLevel.Grid || !scope.KeepsRegistryOf(area.Path))
        {
            throw new NotFoundException("area");
        }

        return area;
    }

    /// <summary>The caller's own top node: where "my dashboard" opens.</summary>
    public async Task<string?> HomeCodeAsync(Scope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var home = scope.RegistryPaths.OrderBy(p => p.Length).FirstOrDefault();
        return home is null ? null : await db.Areas.AsNoTracking().Where(a => a.Path == home).Select(a => a.Code).SingleOrDefaultAsync(ct);
    }

    public (DateOnly From, DateOnly To) Period(DateOnly? from, DateOnly? to)
    {
        var today = BeijingTime.Date(clock.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        if (last < first)
        {
            throw new InvalidInputException("period_invalid", "结束日期不能早于开始日期", "The end date is before the start date.");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw new InvalidInputException("period_too_long", $"统计期最长 {MaxDays} 天", $"A period covers at most {MaxDays} days.");
        }

        return (first, last);
    }

    public async Task<DashboardResult> ForAsync(Scope scope, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var node = await NodeAsync(scope, areaCode, ct);
        var (first, last) = Period(from, to);
        var days = last.DayNumber - first.DayNumber + 1;
        var previousLast = first.AddDays(-1);
        var previousFirst = previousLast.AddDays(1 - days);

        var current = await kpis.ForAsync(scope, node.Code, first, last, ct);
        var previous = await kpis.ForAsync(scope, node.Code, previousFirst, previousLast, ct);
        var start = BeijingTime.StartOfDayUtc(first);
        var end = BeijingTime.StartOfDayUtc(last.AddDays(1));
        var now = clock.GetUtcNow().UtcDateTime;

        var trail = await TrailAsync(scope, node, ct);
        var orders = await OrderRowsAsync(node.Path, start, end, ct);
        var children = await ChildrenAsync(node, orders, start, end, now, ct);
        var categories = await db.WorkOrderCategories.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToDictionaryAsync(c => c.Id, ct);

        var daily = Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d =>
        {
            var s = BeijingTime.StartOfDayUtc(d);
            var e = BeijingTime.StartOfDayUtc(d.AddDays(1));
            return new DailyCount(d, orders.Count(o => o.CreatedAt >= s && o.CreatedAt < e && o.Status != WorkOrderStatus.Merged),
                orders.Count(o => o.ResolvedAt >= s && o.ResolvedAt < e));
        }).ToList();

        return new DashboardResult(
            new AreaNode(node.Code, node.Name, node.Level),
            trail,
            first,
            last,
            previousFirst,
            previousLast,
            Figures(current, previous),
            daily,
            current.ByCategory,
            current.ByOrigin,
            children,
            await AttentionAsync(node.Path, now, ct),
            await HotspotsAsync(node.Path, start, end, categories.ToDictionary(c => c.Key, c => (c.Value.Code, c.Value.Name)), ct),
            await VolunteersAsync(node.Path, start, end, ct),
            await WishesAsync(node.Path, start, end, ct),
            await MerchantsAsync(node.Path, start, end, ct),
            await PropertiesAsync(orders, start, end, ct));
    }

    public async Task<MapResult> MapAsync(Scope scope, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var node = await NodeAsync(scope, areaCode, ct);
        var (first, last) = Period(from, to);
        var start = BeijingTime.StartOfDayUtc(first);
        var end = BeijingTime.StartOfDayUtc(last.AddDays(1));
        var now = clock.GetUtcNow().UtcDateTime;
        var orders = await OrderRowsAsync(node.Path, start, end, ct);
        var grids = await db.Areas.AsNoTracking().Under([node.Path]).Where(a => a.Level == AreaLevel.Grid && !a.Retired)
            .OrderBy(a => a.Path).Select(a => new Node(a.Id, a.Code, a.Name, a.Path, a.Level, a.BoundaryGeoJson)).ToListAsync(ct);
        var centres = grids.Where(g => g.Boundary is not null).ToDictionary(g => g.Path, g => GeoJson.ReadGeometry(g.Boundary!).Centroid);
        var categories = await db.WorkOrderCategories.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var open = orders.Where(o => OpenStatuses.Contains(o.Status)).Take(MapOrderLimit).ToList();
        var points = new List<MapOrder>();
        foreach (var o in open)
        {
            if (o.Latitude is { } lat && o.Longitude is { } lng)
            {
                points.Add(new MapOrder(o.Id, o.Number, categories.GetValueOrDefault(o.CategoryId, ""), o.Status, lat, lng, Overdue(o, now)));
            }
            else if (AreaPath.Grid(o.AreaPath) is { } grid && centres.TryGetValue(grid, out var c))
            {
                points.Add(new MapOrder(o.Id, o.Number, categories.GetValueOrDefault(o.CategoryId, ""), o.Status, Math.Round(c.Y, 6), Math.Round(c.X, 6), Overdue(o, now)));
            }
        }

        return new MapResult(new AreaNode(node.Code, node.Name, node.Level), first, last,
            [.. grids.Select(g => new MapGrid(g.Code, g.Name, g.Boundary, Count(g, orders.Where(o => AreaPath.IsUnder(o.AreaPath, g.Path)), start, end, now)))],
            points);
    }

    // ---- the parts ------------------------------------------------------------------------------

    internal sealed record OrderRow(Guid Id, string Number, string Title, Guid CategoryId, string AreaPath, WorkOrderStatus Status, DateTime CreatedAt, DateTime? AcceptDeadline,
        DateTime? ResolveDeadline, DateTime? ResolvedAt, DateTime? ClosedAt, Satisfaction? Satisfaction, bool IsProblemOrder, Guid? PropertyOrganisationId,
        double? Latitude, double? Longitude);

    /// <summary>Orders under the node touched in the period, and every order still open (overdue and open counts are "now").</summary>
    private async Task<List<OrderRow>> OrderRowsAsync(string path, DateTime start, DateTime end, CancellationToken ct) =>
        await db.WorkOrders.AsNoTracking().Under([path])
            .Where(o => (o.CreatedAt >= start && o.CreatedAt < end) || (o.ResolvedAt >= start && o.ResolvedAt < end) || (o.ClosedAt >= start && o.ClosedAt < end)
                || OpenStatuses.Contains(o.Status))
            .Select(o => new OrderRow(o.Id, o.Number, o.Title, o.CategoryId, o.AreaPath, o.Status, o.CreatedAt, o.AcceptDeadline, o.ResolveDeadline, o.ResolvedAt, o.ClosedAt,
                o.Satisfaction, o.IsProblemOrder, o.PropertyOrganisationId, o.Latitude, o.Longitude))
            .ToListAsync(ct);

    private static bool Overdue(OrderRow o, DateTime now) =>
        (o.Status == WorkOrderStatus.AwaitingAcceptance && o.AcceptDeadline < now) || (o.Status == WorkOrderStatus.InProgress && o.ResolveDeadline < now);

    /// <summary>The figures of one node from the order rows under it, counted as <see cref="KpiReport"/> counts them.</summary>
    private static NodeFigures Count(Node node, IEnumerable<OrderRow> rows, DateTime start, DateTime end, DateTime now)
    {
        bool In(DateTime? t) => t is { } v && v >= start && v < end;
        var list = rows.ToList();
        var resolved = list.Where(r => In(r.ResolvedAt)).ToList();
        var rated = list.Where(r => r.Satisfaction is not null && In(r.ClosedAt ?? r.ResolvedAt)).ToList();
        return new NodeFigures(node.Code, node.Name, node.Level,
            list.Count(r => In(r.CreatedAt) && r.Status != WorkOrderStatus.Merged),
            list.Count(r => OpenStatuses.Contains(r.Status)),
            list.Count(r => Overdue(r, now)),
            list.Count(r => r.IsProblemOrder && OpenStatuses.Contains(r.Status)),
            new Ratio(resolved.Count(r => r.ResolveDeadline is null || r.ResolvedAt <= r.ResolveDeadline), resolved.Count),
            new Ratio(rated.Count(r => r.Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied), rated.Count));
    }

    private static List<KpiFigure> Figures(KpiResult c, KpiResult p) =>
    [
        new("created", "新建工单", "Orders filed", false, c.Created, c.Created, 0, p.Created),
        Rate("response", "响应率", "Response rate", c.ResponseRate, p.ResponseRate),
        Rate("on-time", "按时办结率", "On-time resolution", c.OnTimeResolutionRate, p.OnTimeResolutionRate),
        Rate("resolution", "解决率", "Resolution rate", c.ResolutionRate, p.ResolutionRate),
        Rate("satisfaction", "满意率", "Satisfaction", c.SatisfactionRate, p.SatisfactionRate),
        Rate("redo", "重办率", "Redo rate", c.RedoRate, p.RedoRate),
        new("overdue", "当前超时", "Overdue now", false, c.OverdueNow, c.OverdueNow, 0, null),
        new("problem", "问题工单", "Problem orders", false, c.ProblemOrders, c.ProblemOrders, 0, null),
    ];

    private static KpiFigure Rate(string key, string name, string nameEn, Ratio current, Ratio previous) =>
        new(key, name, nameEn, true, current.Value, current.Numerator, current.Denominator, previous.Value);

    private async Task<List<AreaNode>> TrailAsync(Scope scope, Node node, CancellationToken ct)
    {
        var paths = AreaPath.Ancestors(node.Path).Where(scope.KeepsRegistryOf).ToList();
        var rows = await db.Areas.AsNoTracking().Where(a => paths.Contains(a.Path)).Select(a => new { a.Code, a.Name, a.Level, a.Path }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Path.Length).Select(r => new AreaNode(r.Code, r.Name, r.Level))];
    }

    private async Task<List<NodeFigures>> ChildrenAsync(Node node, List<OrderRow> orders, DateTime start, DateTime end, DateTime now, CancellationToken ct)
    {
        if (node.Level >= AreaLevel.Grid)
        {
            return [];
        }

        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == node.Id && !a.Retired)
            .OrderBy(a => a.SortOrder).ThenBy(a => a.Code).Select(a => new Node(a.Id, a.Code, a.Name, a.Path, a.Level, null)).ToListAsync(ct);
        var level = node.Level + 1;
        var byChild = orders.ToLookup(o => AreaPath.Ancestor(o.AreaPath, level) ?? "");
        return [.. children.Select(c => Count(c, byChild[c.Path], start, end, now))];
    }

    private async Task<List<AttentionOrder>> AttentionAsync(string path, DateTime now, CancellationToken ct)
    {
        var rows = await db.WorkOrders.AsNoTracking().Under([path])
            .Where(o => (o.Status == WorkOrderStatus.AwaitingAcceptance && o.AcceptDeadline < now) || (o.Status == WorkOrderStatus.InProgress && o.ResolveDeadline < now)
                || (o.IsProblemOrder && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled && o.Status != WorkOrderStatus.Merged))
            .OrderBy(o => o.CreatedAt).Take(AttentionLimit)
            .Select(o => new { o.Id, o.Number, o.Title, o.CategoryId, o.AreaPath, o.Status, o.CreatedAt, o.AcceptDeadline, o.ResolveDeadline, o.IsProblemOrder })
            .ToListAsync(ct);
        var categories = await db.WorkOrderCategories.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var gridPaths = rows.Select(r => AreaPath.Grid(r.AreaPath) ?? r.AreaPath).Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => gridPaths.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, ct);
        return [.. rows.Select(r =>
        {
            var deadline = r.Status == WorkOrderStatus.AwaitingAcceptance ? r.AcceptDeadline : r.ResolveDeadline;
            var overdue = r.Status is WorkOrderStatus.AwaitingAcceptance or WorkOrderStatus.InProgress && deadline < now;
            return new AttentionOrder(r.Id, r.Number, r.Title, categories.GetValueOrDefault(r.CategoryId, ""), names.GetValueOrDefault(AreaPath.Grid(r.AreaPath) ?? r.AreaPath, ""),
                r.Status, r.CreatedAt, deadline, overdue, r.IsProblemOrder);
        })];
    }

    private async Task<List<Hotspot>> HotspotsAsync(string path, DateTime start, DateTime end, Dictionary<Guid, (string Code, string Name)> categories, CancellationToken ct)
    {
        var rows = await db.WorkOrders.AsNoTracking().Under([path])
            .Where(o => o.CreatedAt >= start && o.CreatedAt < end && o.Status != WorkOrderStatus.Merged && o.Status != WorkOrderStatus.Cancelled)
            .Select(o => new { o.Number, o.CategoryId, o.CreatedAt, o.AreaPath, o.Latitude, o.Longitude })
            .ToListAsync(ct);
        var buildingPaths = rows.Select(r => AreaPath.Ancestor(r.AreaPath, AreaLevel.Building)).OfType<string>().Distinct().ToList();
        var buildings = buildingPaths.Count == 0 ? [] : await db.Areas.AsNoTracking().Where(a => buildingPaths.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, ct);
        var gridNames = await GridNamesAsync(buildingPaths.Select(p => AreaPath.Grid(p)!).Distinct().ToList(), ct);
        var found = Hotspots.Find(rows.Select(r =>
        {
            var building = AreaPath.Ancestor(r.AreaPath, AreaLevel.Building);
            var (code, name) = categories.GetValueOrDefault(r.CategoryId, ("", ""));
            var place = building is null ? null : $"{gridNames.GetValueOrDefault(AreaPath.Grid(building)!, "")} {buildings.GetValueOrDefault(building, "")}".Trim();
            return new Hotspots.Filed(r.Number, code, name, r.CreatedAt, building, place, r.Latitude, r.Longitude);
        }));
        return [.. found.Take(HotspotLimit)];
    }

    private async Task<Dictionary<string, string>> GridNamesAsync(List<string> paths, CancellationToken ct) =>
        paths.Count == 0 ? [] : await db.Areas.AsNoTracking().Where(a => paths.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, ct);

    private async Task<VolunteerFigures> VolunteersAsync(string path, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.SignUps.AsNoTracking().Under([path])
            .Where(s => s.Status == SignUpStatus.Confirmed && s.VerifiedMinutes != null && s.VerifiedAt >= start && s.VerifiedAt < end)
            .Select(s => new { s.PersonId, Minutes = s.VerifiedMinutes!.Value, s.AwardedPoints })
            .ToListAsync(ct);
        return new VolunteerFigures(rows.Select(r => r.PersonId).Distinct().Count(), rows.Count, rows.Sum(r => r.Minutes), rows.Sum(r => r.AwardedPoints));
    }

    private async Task<WishFigures> WishesAsync(string path, DateTime start, DateTime end, CancellationToken ct)
    {
        var under = db.Wishes.AsNoTracking().Under([path]);
        return new WishFigures(
            await under.CountAsync(w => w.PublishedAt >= start && w.PublishedAt < end, ct),
            await under.CountAsync(w => w.FulfilledAt >= start && w.FulfilledAt < end, ct),
            await under.CountAsync(w => w.ConfirmedAt >= start && w.ConfirmedAt < end, ct));
    }

    private async Task<List<MerchantFigure>> MerchantsAsync(string path, DateTime start, DateTime end, CancellationToken ct)
    {
        var rows = await db.Redemptions.AsNoTracking().Under([path])
            .Where(r => r.Status == RedemptionStatus.Redeemed && r.MerchantId != null && r.EndedAt >= start && r.EndedAt < end)
            .Select(r => new { r.MerchantName, r.Price })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.MerchantName ?? "").Select(g => new MerchantFigure(g.Key, g.Count(), g.Sum(r => r.Price)))
            .OrderByDescending(m => m.Services).ThenBy(m => m.Name, StringComparer.Ordinal)];
    }

    /// <summary>Property companies ranked by satisfaction, then on-time resolution, over the orders routed to their estates.</summary>
    private async Task<List<PropertyFigure>> PropertiesAsync(List<OrderRow> orders, DateTime start, DateTime end, CancellationToken ct)
    {
        var mine = orders.Where(o => o.PropertyOrganisationId is not null).ToList();
        if (mine.Count == 0)
        {
            return [];
        }

        var ids = mine.Select(o => o.PropertyOrganisationId!.Value).Distinct().ToList();
        var names = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        bool In(DateTime? t) => t is { } v && v >= start && v < end;
        return [.. mine.GroupBy(o => o.PropertyOrganisationId!.Value).Select(g =>
        {
            var resolved = g.Where(r => In(r.ResolvedAt)).ToList();
            var rated = g.Where(r => r.Satisfaction is not null && In(r.ClosedAt ?? r.ResolvedAt)).ToList();
            return new PropertyFigure(g.Key, names.GetValueOrDefault(g.Key, ""), g.Count(r => In(r.CreatedAt) && r.Status != WorkOrderStatus.Merged),
                new Ratio(resolved.Count(r => r.ResolveDeadline is null || r.ResolvedAt <= r.ResolveDeadline), resolved.Count),
                new Ratio(rated.Count(r => r.Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied), rated.Count));
        }).Where(p => p.Orders > 0 || p.OnTimeResolutionRate.Denominator > 0)
            .OrderByDescending(p => p.SatisfactionRate.Value ?? -1).ThenByDescending(p => p.OnTimeResolutionRate.Value ?? -1).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }
}
