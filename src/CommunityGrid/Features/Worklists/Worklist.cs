using CommunityGrid.Data;
using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Worklists;

/// <summary>One thing that needs the caller, with where it is handled. <see cref="Urgency"/> is None, Yellow or Red.</summary>
public sealed record WorklistItem(string Title, string? Detail, string Href, DateTime? DueAt, string Urgency);

/// <summary>A kind of work (e.g. orders to accept) with how many there are, the most pressing few, and the list of all of them.</summary>
public sealed record WorklistSection(string Code, string Title, string TitleEn, int Count, string Href, IReadOnlyList<WorklistItem> Items);

/// <summary>What needs the caller now, in the order their role would do it (docs/decisions/0022).</summary>
public sealed record Worklist(IReadOnlyList<WorklistSection> Sections);

/// <summary>
/// The worklist of the caller's home page and of <c>GET /api/worklist</c>: every section is a query over the caller's
/// own scope — their grids, their community, the street or district under them, their organisation, themselves — so
/// it never shows more than the caller may open. A section appears for a role even when it is empty ("nothing to do"
/// is an answer too).
/// </summary>
public sealed class WorklistQuery(AppDbContext db, CurrentUser current, CareVisitQueries visits, KpiReport kpis, TimeProvider clock)
{
    /// <summary>Items shown per section; the section's link lists all of them.</summary>
    public const int Shown = 5;

    private static readonly WorkOrderStatus[] Timed = [WorkOrderStatus.AwaitingAcceptance, WorkOrderStatus.InProgress];

    /// <summary>Red as the supervision board counts it: marked red, or past its deadline since the sweep last ran.</summary>
    private static System.Linq.Expressions.Expression<Func<WorkOrder, bool>> Red(DateTime now) => o =>
        (o.Status == WorkOrderStatus.AwaitingAcceptance || o.Status == WorkOrderStatus.InProgress) && (o.Urgency == Urgency.Red
            || (o.Status == WorkOrderStatus.AwaitingAcceptance && o.AcceptDeadline < now) || (o.Status == WorkOrderStatus.InProgress && o.ResolveDeadline < now));

    private static System.Linq.Expressions.Expression<Func<WorkOrder, bool>> Yellow(DateTime now) => o =>
        (o.Status == WorkOrderStatus.AwaitingAcceptance || o.Status == WorkOrderStatus.InProgress) && o.Urgency == Urgency.Yellow && !((o.Status == WorkOrderStatus.AwaitingAcceptance && o.AcceptDeadline < now) || (o.Status == WorkOrderStatus.InProgress && o.ResolveDeadline < now));

    public async Task<Worklist> ForCallerAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var me = scope.UserId ?? throw new NotFoundException("worklist");
        var now = clock.GetUtcNow().UtcDateTime;
        var sections = new List<WorklistSection>();
        var gridPaths = Scope.Outermost(scope.Grants.Where(g => g.Role is Role.GridChief or Role.GridWorker).Select(g => g.AreaPath));
        var communityAdmin = Scope.Outermost(scope.Grants.Where(g => g.Role == Role.CommunityAdmin).Select(g => g.AreaPath));
        var above = Scope.Outermost(scope.Grants.Where(g => g.Role is Role.StreetAdmin or Role.DistrictAdmin or Role.CityAdmin).Select(g => g.AreaPath));
        var orders = db.WorkOrders.AsNoTracking();

        if (gridPaths.Length > 0)
        {
            sections.Add(await OrdersAsync("orders_to_accept", "待我签收", "Orders to accept", "/orders?status=AwaitingAcceptance",
                orders.Where(o => o.Status == WorkOrderStatus.AwaitingAcceptance && o.AssigneeKind == AssigneeKind.User && o.AssigneeUserId == me), o => o.AcceptDeadline, ct));
            sections.Add(await OrdersAsync("orders_to_handle", "待我办理", "Orders I am handling", "/orders?status=InProgress",
                orders.Where(o => o.Status == WorkOrderStatus.InProgress && o.HandlerUserId == me), o => o.ResolveDeadline, ct));
            sections.Add(await OrdersAsync("orders_to_dispatch", "待派单", "Orders to dispatch", "/orders?status=AwaitingDispatch",
                orders.Under(gridPaths).Where(o => o.Status == WorkOrderStatus.AwaitingDispatch), o => o.CreatedAt, ct));
            sections.Add(await OrdersAsync("orders_to_verify", "待核查", "Orders to verify", "/orders?status=AwaitingVerification",
                orders.Under(gridPaths).Where(o => o.Status == WorkOrderStatus.AwaitingVerification), o => o.HandledAt, ct));
            sections.Add(await VisitsAsync(ct));
            sections.Add(await WishesAsync(gridPaths, ct));
        }

        if (communityAdmin.Length > 0)
        {
            sections.Add(await OrdersAsync("orders_unassigned", "待派单工单", "Unassigned orders", "/orders?status=AwaitingDispatch",
                orders.Under(communityAdmin).Where(o => o.Status == WorkOrderStatus.AwaitingDispatch), o => o.CreatedAt, ct));
            sections.Add(await OrdersAsync("orders_overdue", "超时工单", "Overdue orders", "/orders/supervision",
                orders.Under(communityAdmin).Where(Red(now)), o => o.ResolveDeadline, ct));
            sections.Add(await OrdersAsync("orders_problem", "问题工单", "Problem orders", "/orders/supervision",
                orders.Under(communityAdmin).Where(o => o.IsProblemOrder && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled && o.Status != WorkOrderStatus.Merged), o => o.UpdatedAt, ct));
            sections.Add(await OrdersAsync("extensions_pending", "延期待审批", "Extensions to decide", "/orders/supervision",
                orders.Under(communityAdmin).Where(o => o.ExtensionRequestedUntil != null), o => o.ResolveDeadline, ct));
            sections.Add(await WishesAsync(communityAdmin, ct));
            sections.Add(await VisitsAsync(ct));
        }

        if (above.Length > 0)
        {
            sections.Add(await OrdersAsync("orders_red", "红色预警（已超时）", "Red: past the deadline", "/orders/supervision",
                orders.Under(above).Where(Red(now)), o => o.ResolveDeadline, ct));
            sections.Add(await OrdersAsync("orders_yellow", "黄色预警（时限将到）", "Yellow: deadline near", "/orders/supervision",
                orders.Under(above).Where(Yellow(now)), o => o.ResolveDeadline, ct));
            sections.Add(await OrdersAsync("orders_problem", "问题工单", "Problem orders", "/orders/supervision",
                orders.Under(above).Where(o => o.IsProblemOrder && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled && o.Status != WorkOrderStatus.Merged), o => o.UpdatedAt, ct));
            sections.Add(await WorstCommunitiesAsync(scope, above, ct));
        }

        if (scope.Has(Role.PropertyStaff) && scope.OrganisationId is { } org)
        {
            sections.Add(await OrdersAsync("property_orders", "本单位待办工单", "Our organisation's open orders", "/orders",
                orders.Where(o => o.AssigneeOrganisationId == org && Timed.Contains(o.Status)), o => o.Status == WorkOrderStatus.AwaitingAcceptance ? o.AcceptDeadline : o.ResolveDeadline, ct));
        }

        if (scope.Has(Role.Merchant) && scope.OrganisationId is { } merchant)
        {
            sections.Add(await BookingsAsync(merchant, now, ct));
        }

        if (scope.Grants.Any(g => g.Role is Role.PartyMember or Role.Volunteer))
        {
            sections.Add(await OrdersAsync("my_tasks", "我接的服务工单", "Service orders I took", "/orders/tasks",
                orders.Where(o => o.Status == WorkOrderStatus.InProgress && o.HandlerUserId == me), o => o.ResolveDeadline, ct));
        }

        sections.Add(await OrdersAsync("orders_to_rate", "待我评价", "Waiting for my rating", "/orders/mine",
            orders.Where(o => o.Status == WorkOrderStatus.AwaitingCallback && o.RequesterUserId == me), o => o.ResolvedAt, ct, whenEmpty: false));
        return new Worklist([.. sections.Where(s => s is not null).DistinctBy(s => s.Code)]);
    }

    private async Task<WorklistSection> OrdersAsync(string code, string title, string titleEn, string href, IQueryable<WorkOrder> query,
        System.Linq.Expressions.Expression<Func<WorkOrder, DateTime?>> due, CancellationToken ct, bool whenEmpty = true)
    {
        var count = await query.CountAsync(ct);
        if (count == 0 && !whenEmpty)
        {
            return null!;
        }

        var rows = await query.OrderByDescending(o => o.Urgency).ThenBy(due).ThenBy(o => o.Number).Take(Shown)
            .Join(db.Areas, o => o.GridId, a => a.Id, (o, a) => new { o.Id, o.Title, o.Number, Grid = a.Name, o.Status, o.Urgency, o.AcceptDeadline, o.ResolveDeadline, o.CreatedAt, o.IsProblemOrder })
            .ToListAsync(ct);
        var items = rows.Select(r => new WorklistItem(r.Title, $"{r.Number} · {r.Grid} · {StatusNames.Chinese(r.Status)}", $"/orders/{r.Id}",
            r.Status == WorkOrderStatus.AwaitingAcceptance ? r.AcceptDeadline : r.Status == WorkOrderStatus.InProgress ? r.ResolveDeadline : null,
            r.Urgency.ToString())).ToList();
        return new WorklistSection(code, title, titleEn, count, href, items);
    }

    private async Task<WorklistSection> VisitsAsync(CancellationToken ct)
    {
        var due = await visits.DueAsync(overdueOnly: true, 1, Shown, ct);
        var items = due.Items.Select(v => new WorklistItem(v.Name, $"{v.Address} · {(v.LastVisitAt is null ? "从未走访" : $"已超期 {v.DaysOverdue} 天")}", $"/care-visits", v.DueAt,
            v.DaysOverdue > 7 ? "Red" : "Yellow")).ToList();
        return new WorklistSection("visits_due", "关爱走访到期", "Care visits overdue", due.Total, "/care-visits", items);
    }

    private async Task<WorklistSection> WishesAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var query = db.Wishes.AsNoTracking().Where(w => w.Status == WishStatus.AwaitingReview).Under(paths);
        var count = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.CreatedAt).Take(Shown)
            .Join(db.Areas, w => w.CommunityPath, a => a.Path, (w, a) => new { w.Title, w.MaskedName, w.CreatedAt, Community = a.Name }).ToListAsync(ct);
        var items = rows.Select(w => new WorklistItem(w.Title, $"{w.Community} · {w.MaskedName} · 提交于 {BeijingTime.Format(w.CreatedAt)}", "/wishes/review", null, "None")).ToList();
        return new WorklistSection("wishes_to_review", "心愿待审核", "Wishes to review", count, "/wishes/review", items);
    }

    private async Task<WorklistSection> BookingsAsync(Guid merchant, DateTime now, CancellationToken ct)
    {
        var today = BeijingTime.DayStartUtc(now);
        var query = db.AllianceBookings.AsNoTracking().Where(b => b.MerchantId == merchant && b.Status == BookingStatus.Booked);
        var count = await query.CountAsync(ct);
        var rows = await query.OrderBy(b => b.BookedAt).Take(Shown).Select(b => new { b.PersonName, b.Kind, b.BookedAt, b.Note }).ToListAsync(ct);
        var items = rows.Select(b => new WorklistItem(People.PersonNames.Mask(b.PersonName), $"{ServiceKinds.Chinese(b.Kind)}{(b.BookedAt >= today ? " · 今日预约" : "")}{(string.IsNullOrEmpty(b.Note) ? "" : " · " + b.Note)}",
            "/alliance/merchant", b.BookedAt, "None")).ToList();
        return new WorklistSection("bookings_open", "待上门/到店服务的预约", "Bookings to serve", count, "/alliance/merchant", items);
    }

    /// <summary>The communities under the caller at the bottom of each KPI over the last 30 days (at least 10 orders dispatched).</summary>
    private async Task<WorklistSection> WorstCommunitiesAsync(Scope scope, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var communities = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community && !a.Retired).Under(paths)
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        var results = new List<KpiResult>();
        foreach (var c in communities)
        {
            var kpi = await kpis.ForAsync(scope, c.Code, null, null, ct);
            if (kpi.ResponseRate.Denominator >= 10)
            {
                results.Add(kpi);
            }
        }

        var items = new List<WorklistItem>();
        void Worst(string name, Func<KpiResult, Ratio> rate)
        {
            var worst = results.Where(r => rate(r).Value is not null).OrderBy(r => rate(r).Value).ThenBy(r => r.AreaCode, StringComparer.Ordinal).FirstOrDefault();
            if (worst is not null)
            {
                items.Add(new WorklistItem($"{name}最低：{worst.AreaName}", $"{rate(worst).Value!.Value * 100:0.0}%（{rate(worst).Numerator}/{rate(worst).Denominator}）· 近 30 天",
                    $"/orders/kpi?area={worst.AreaCode}", null, rate(worst).Value < 0.8 ? "Red" : rate(worst).Value < 0.9 ? "Yellow" : "None"));
            }
        }

        Worst("响应率", r => r.ResponseRate);
        Worst("按时办结率", r => r.OnTimeResolutionRate);
        Worst("满意率", r => r.SatisfactionRate);
        Worst("解决率", r => r.ResolutionRate);
        return new WorklistSection("worst_communities", "考核靠后的社区", "Communities at the bottom of the KPIs", items.Count, "/orders/kpi", items);
    }
}
