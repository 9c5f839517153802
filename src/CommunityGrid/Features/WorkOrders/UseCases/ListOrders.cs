using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record WorkOrderListItem(
    Guid Id, string Number, string Title, string CategoryCode, string CategoryName, string Status, string StatusName, string Origin,
    string GridCode, string? AssigneeName, DateTime CreatedAt, DateTime? AcceptDeadline, DateTime? ResolveDeadline, string Urgency,
    int EscalationLevel, bool IsProblemOrder);

/// <summary>Lists of orders in the caller's sight: the paged list with its filters, the pool (接单大厅), and the rows of any query a page builds.</summary>
public sealed class ListOrders(AppDbContext db, OrderSight sight, CurrentUser current)
{
    public async Task<Page<WorkOrderListItem>> RunAsync(string? status, string? areaCode, bool mine, int? page, int? pageSize, CancellationToken ct = default)
    {
        var actor = await sight.CallerAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = sight.Visible(actor).AsNoTracking();
        if (mine)
        {
            var userId = actor.UserId;
            var org = actor.OrganisationId;
            query = query.Where(o => o.RequesterUserId == userId || o.AssigneeUserId == userId || o.HandlerUserId == userId || (org != null && o.AssigneeOrganisationId == org));
        }

        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<WorkOrderStatus>(status, ignoreCase: true, out var s))
            {
                throw new InvalidInputException("status_unknown", "未知的工单状态", "Unknown status.");
            }

            query = query.Where(o => o.Status == s);
        }

        if (!string.IsNullOrEmpty(areaCode))
        {
            var path = await AreaFilter.PathInViewAsync(db, await current.ScopeAsync(ct), areaCode, ct);
            query = query.Under([path]);
        }

        var total = await query.CountAsync(ct);
        var ordered = query.OrderBy(o => o.ResolveDeadline == null).ThenBy(o => o.ResolveDeadline).ThenByDescending(o => o.CreatedAt)
            .Skip((number - 1) * size).Take(size);
        return new Page<WorkOrderListItem>(await ItemsAsync(ordered, ct), number, size, total);
    }

    /// <summary>接单大厅: service orders waiting in the caller's grid (or community), the nearest deadline first.</summary>
    public async Task<List<WorkOrderListItem>> PoolAsync(CancellationToken ct = default)
    {
        var actor = await sight.CallerAsync(ct);
        return await ItemsAsync(sight.PoolFor(actor).OrderBy(o => o.AcceptDeadline).Take(Paging.MaxSize), ct);
    }

    /// <summary>List rows of the (already ordered and paged) query, with category and grid names.</summary>
    public async Task<List<WorkOrderListItem>> ItemsAsync(IQueryable<WorkOrder> query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await query
            .Join(db.WorkOrderCategories, o => o.CategoryId, c => c.Id, (o, c) => new { o, c.Code, c.Name })
            .Join(db.Areas, x => x.o.GridId, a => a.Id, (x, a) => new { x.o, x.Code, x.Name, GridCode = a.Code })
            .AsNoTracking()
            .ToListAsync(ct);
        return [.. rows.Select(x => new WorkOrderListItem(x.o.Id, x.o.Number, x.o.Title, x.Code, x.Name, x.o.Status.ToString(), StatusNames.Chinese(x.o.Status),
            x.o.Origin.ToString(), x.GridCode, x.o.AssigneeName, x.o.CreatedAt, x.o.AcceptDeadline, x.o.ResolveDeadline, x.o.Urgency.ToString(),
            x.o.EscalationLevel, x.o.IsProblemOrder))];
    }
}
