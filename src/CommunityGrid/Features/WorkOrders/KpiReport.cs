using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record Ratio(int Numerator, int Denominator)
{
    /// <summary>As a fraction 0–1, or null when nothing was counted.</summary>
    public double? Value => Denominator == 0 ? null : Math.Round((double)Numerator / Denominator, 4);
}

public sealed record VolumeRow(string Key, string Name, int Count);

public sealed record KpiResult(
    string AreaCode,
    string AreaName,
    DateOnly From,
    DateOnly To,
    int Created,
    /// <summary>响应率 = accepted within limit ÷ dispatched.</summary>
    Ratio ResponseRate,
    /// <summary>按时办结率 = resolved by the deadline (approved extensions count) ÷ resolved.</summary>
    Ratio OnTimeResolutionRate,
    /// <summary>解决率 = callbacks answering "resolved" ÷ callbacks.</summary>
    Ratio ResolutionRate,
    /// <summary>满意率 = (satisfied + basically satisfied) ÷ callbacks.</summary>
    Ratio SatisfactionRate,
    /// <summary>重办率 = redone ÷ resolved.</summary>
    Ratio RedoRate,
    double? MedianMinutesToAccept,
    double? MedianMinutesToResolve,
    int OverdueNow,
    int ProblemOrders,
    int ClosedWithoutCallback,
    IReadOnlyList<VolumeRow> ByCategory,
    IReadOnlyList<VolumeRow> ByOrigin);

/// <summary>KPIs for an area node and a period of Beijing days [from, to].</summary>
/// <remarks>Figures may lag a moment: they are read from a replica when one is configured.</remarks>
public sealed class KpiReport(ReplicaReads reads, TimeProvider clock)
{
    public async Task<KpiResult> ForAsync(Scope scope, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = await reads.DbAsync(ct);
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == areaCode).Select(a => new { a.Code, a.Name, a.Path }).SingleOrDefaultAsync(ct);
        if (area is null || !scope.KeepsRegistryOf(area.Path))
        {
            throw new NotFoundException("area");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = BeijingTime.Date(now);
        var first = from ?? today.AddDays(-29);
        var last = to ?? today;
        if (last < first)
        {
            throw new InvalidInputException("period_invalid", "结束日期不能早于开始日期", "The end date is before the start date.");
        }

        var start = BeijingTime.StartOfDayUtc(first);
        var end = BeijingTime.StartOfDayUtc(last.AddDays(1));
        var under = db.WorkOrders.AsNoTracking().Under([area.Path]);

        // One row per order touched in the period; the ratios are counted from these in memory.
        var rows = await under
            .Where(o => (o.CreatedAt >= start && o.CreatedAt < end) || (o.DispatchedAt >= start && o.DispatchedAt < end)
                || (o.ResolvedAt >= start && o.ResolvedAt < end) || (o.ClosedAt >= start && o.ClosedAt < end))
            .Select(o => new
            {
                o.CategoryId,
                o.Origin,
                o.CreatedAt,
                o.DispatchedAt,
                o.AcceptedAt,
                o.AcceptDeadline,
                o.ResolvedAt,
                o.ResolveDeadline,
                o.CallbackResolved,
                o.Satisfaction,
                o.RedoCount,
                o.ClosedAt,
                o.ClosedHow,
                o.Status,
            })
            .ToListAsync(ct);
        bool In(DateTime? t) => t is { } v && v >= start && v < end;

        var created = rows.Where(r => In(r.CreatedAt) && r.Status != WorkOrderStatus.Merged).ToList();
        var dispatched = rows.Where(r => In(r.DispatchedAt)).ToList();
        var resolved = rows.Where(r => In(r.ResolvedAt)).ToList();
        var callbacks = rows.Where(r => r.Satisfaction is not null && In(r.ClosedAt ?? r.ResolvedAt)).ToList();

        var categories = await db.WorkOrderCategories.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToDictionaryAsync(c => c.Id, ct);
        var overdue = await under.CountAsync(o => (o.Status == WorkOrderStatus.AwaitingAcceptance && o.AcceptDeadline < now)
            || (o.Status == WorkOrderStatus.InProgress && o.ResolveDeadline < now), ct);
        var problems = await under.CountAsync(o => o.IsProblemOrder && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled, ct);

        return new KpiResult(
            area.Code,
            area.Name,
            first,
            last,
            created.Count,
            new Ratio(dispatched.Count(r => r.AcceptedAt is { } a && r.AcceptDeadline is { } d && a <= d), dispatched.Count),
            new Ratio(resolved.Count(r => r.ResolveDeadline is null || r.ResolvedAt <= r.ResolveDeadline), resolved.Count),
            new Ratio(callbacks.Count(r => r.CallbackResolved == true), callbacks.Count),
            new Ratio(callbacks.Count(r => r.Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied), callbacks.Count),
            new Ratio(resolved.Count(r => r.RedoCount > 0), resolved.Count),
            Median(dispatched.Where(r => r.AcceptedAt is not null).Select(r => (r.AcceptedAt!.Value - r.DispatchedAt!.Value).TotalMinutes)),
            Median(resolved.Select(r => (r.ResolvedAt!.Value - r.CreatedAt).TotalMinutes)),
            overdue,
            problems,
            rows.Count(r => r.ClosedHow == ClosedHow.NoCallback && In(r.ClosedAt)),
            [.. created.GroupBy(r => r.CategoryId).Select(g => new VolumeRow(categories[g.Key].Code, categories[g.Key].Name, g.Count())).OrderByDescending(v => v.Count)],
            [.. created.GroupBy(r => r.Origin).Select(g => new VolumeRow(g.Key.ToString(), OriginName(g.Key), g.Count())).OrderByDescending(v => v.Count)]);
    }

    public static string OriginName(WorkOrderOrigin origin) => origin switch
    {
        WorkOrderOrigin.Resident => "居民点单",
        WorkOrderOrigin.Patrol => "网格巡查",
        WorkOrderOrigin.Rider => "骑手随手拍",
        WorkOrderOrigin.Hotline => "12345热线",
        WorkOrderOrigin.Open311 => "Open311",
        WorkOrderOrigin.Staff => "工作人员代录",
        _ => origin.ToString(),
    };

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var mid = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 1);
    }
}
