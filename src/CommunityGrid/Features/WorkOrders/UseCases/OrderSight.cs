using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// Who is calling, and which orders they see: the one visibility rule that every use case, endpoint
/// and page of the feature filters by. Out of sight is 404, never 403.
/// </summary>
public sealed class OrderSight(AppDbContext db, CurrentUser current)
{
    /// <summary>The signed-in caller as the orders know them; anonymous callers see no order (404).</summary>
    public async Task<Actor> CallerAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (!scope.IsAuthenticated)
        {
            throw new NotFoundException("work order");
        }

        return new Actor(scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", scope.OrganisationId, scope.PersonId, scope.Grants);
    }

    /// <summary>
    /// Orders the caller may see: their own requests; everything under the areas whose registry they
    /// keep; what is assigned to them or their organisation; what they handle; the pool of their grid;
    /// and the originals their own merged duplicates now follow.
    /// </summary>
    /// <remarks>
    /// With <paramref name="only"/> every part of the rule is asked about that one order (a primary-key lookup
    /// in each subquery): SQLite does not push the outer key into an <c>IN (subquery)</c> and would otherwise
    /// list every order the caller sees to check one.
    /// </remarks>
    public IQueryable<WorkOrder> Visible(Actor actor, Guid? only = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId;
        var person = actor.PersonId;
        var orders = Orders(only);
        var followed = db.WorkOrderFollowers.Where(f => f.UserId == userId || (person != null && f.PersonId == person)).Select(f => f.WorkOrderId);
        var direct = OwnOrWorkedOn(actor, only).Select(o => o.Id);
        return orders.Where(o => direct.Contains(o.Id) || followed.Contains(o.Id));
    }

    private IQueryable<WorkOrder> Orders(Guid? only) => only is { } id ? db.WorkOrders.Where(o => o.Id == id) : db.WorkOrders;

    /// <summary>
    /// The order a step acts on, tracked, with its timeline when the answer is built from it after the save:
    /// visibility, the row and its events in one query. Out of the caller's sight is 404.
    /// </summary>
    public async Task<WorkOrder> ForStepAsync(Actor actor, Guid id, bool withTimeline = true, CancellationToken ct = default) =>
        await (withTimeline ? Visible(actor, id).Include(o => o.Events) : Visible(actor, id)).SingleOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("work order");

    /// <summary>The order to read, with its timeline, untracked; out of sight is 404.</summary>
    public async Task<WorkOrder> ToReadAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        await Visible(actor, id).AsNoTracking().Include(o => o.Events).SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("work order");

    /// <summary>True when the caller sees the order only because a duplicate of theirs was merged into it.</summary>
    public async Task<bool> OnlyFollowsAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        !await OwnOrWorkedOn(actor, id).AsNoTracking().AnyAsync(o => o.Id == id, ct);

    private IQueryable<WorkOrder> OwnOrWorkedOn(Actor actor, Guid? only = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var staffPaths = actor.Grants.Where(g => g.Role.KeepsRegistry()).Select(g => g.AreaPath).ToList();
        var poolPaths = actor.Grants.Where(g => g.Role is Role.PartyMember or Role.Volunteer).Select(g => g.AreaPath).ToList();
        var orders = Orders(only);
        var underStaff = orders.Under(staffPaths).Select(o => o.Id);
        var userId = actor.UserId;
        var org = actor.OrganisationId;
        var person = actor.PersonId;
        var pool = PoolFor(actor, onlyWaiting: false, only).Select(o => o.Id);
        var hasPool = poolPaths.Count > 0;
        return orders.Where(o =>
            o.RequesterUserId == userId
            || (person != null && o.RequesterPersonId == person)
            || o.AssigneeUserId == userId
            || o.HandlerUserId == userId
            || (org != null && (o.AssigneeOrganisationId == org || o.PropertyOrganisationId == org))
            || underStaff.Contains(o.Id)
            || (hasPool && pool.Contains(o.Id)));
    }

    /// <summary>接单大厅: published orders waiting for a taker in the caller's grid (or community when opened wider).</summary>
    public IQueryable<WorkOrder> PoolFor(Actor actor, bool onlyWaiting = true, Guid? only = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var paths = actor.Grants.Where(g => g.Role is Role.PartyMember or Role.Volunteer).Select(g => g.AreaPath).ToList();
        if (paths.Count == 0)
        {
            return Orders(only).Where(_ => false);
        }

        // A member bound at grid G (or inside it) sees G's pool; with OpenToCommunity also the community's.
        var gridPaths = paths.Select(p => AreaPath.Grid(p) ?? p).Distinct().ToList();
        var communityPaths = paths.Select(p => AreaPath.Community(p) ?? p).Distinct().ToList();
        var orders = Orders(only);
        var pending = onlyWaiting
            ? orders.Where(o => o.Status == WorkOrderStatus.AwaitingAcceptance && o.AssigneeKind == AssigneeKind.Pool)
            : orders.Where(o => o.PublishedToPool);
        var inGrid = pending.Where(o => gridPaths.Contains(o.AreaPath)).Select(o => o.Id);
        var inCommunity = pending.Where(o => o.PoolOpenToCommunity).Under(communityPaths).Select(o => o.Id);
        return orders.Where(o => inGrid.Contains(o.Id) || inCommunity.Contains(o.Id));
    }
}
