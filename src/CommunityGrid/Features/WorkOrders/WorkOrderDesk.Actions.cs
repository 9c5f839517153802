using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// The actions on one order, shared by the API and the pages: load within the caller's sight, let
/// the order apply its rules, save (a lost race is 409 concurrent_change), answer the detail.
/// </summary>
public sealed partial class WorkOrderDesk
{
    public Task<WorkOrderDetail> ActAsync(Guid id, Action<WorkOrder, Actor, DateTime> action, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return ActAsync(id, (order, actor) =>
        {
            action(order, actor, Now);
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>派单 to the one assignee the request names.</summary>
    public Task<WorkOrderDetail> DispatchAsync(Guid id, DispatchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, async (order, actor) =>
        {
            var category = await CategoryOfAsync(order, ct);
            var assignee = await AssigneeAsync(order, category, request, ct);
            order.Dispatch(actor, assignee, category.AcceptLimit, category.ResolveLimit, Calendar, Now, request.Note);
        }, ct);
    }

    /// <summary>办结 by the handler, or a consultation answered on the spot by grid staff.</summary>
    public Task<WorkOrderDetail> ResolveAsync(Guid id, ResolveRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, async (order, actor) =>
        {
            if (order.Status == WorkOrderStatus.AwaitingDispatch)
            {
                WorkOrder.OnlyConsultationsAreAnsweredOnTheSpot(await CategoryOfAsync(order, ct));
            }

            await AttachPhotosAsync(actor, order.Id, request.PhotoIds, ct);
            order.Resolve(actor, request.Note, request.PhotoIds, Now);
        }, ct);
    }

    /// <summary>合并 a duplicate into its original.</summary>
    public Task<WorkOrderDetail> MergeAsync(Guid id, Guid originalId, CancellationToken ct = default) =>
        ActAsync(id, async (duplicate, actor) =>
        {
            if (duplicate.MergeInto(actor, await ForActionAsync(actor, originalId, ct), Now) is { } follower)
            {
                db.WorkOrderFollowers.Add(follower);
            }
        }, ct);

    /// <summary>Every action: load what the caller may act on (else 404), act, save, answer the fresh detail.</summary>
    private async Task<WorkOrderDetail> ActAsync(Guid id, Func<WorkOrder, Actor, Task> action, CancellationToken ct)
    {
        var actor = await ActorAsync(ct);
        var order = await ForActionAsync(actor, id, ct);
        await action(order, actor);
        // The order's step and the points it earns commit together (docs/decisions/0009).
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await RewardAsync(order, ct);
            await tx.CommitAsync(ct);
        }

        return await DetailAsync(id, ct);
    }

    private Task<WorkOrderCategory> CategoryOfAsync(WorkOrder order, CancellationToken ct) =>
        db.WorkOrderCategories.AsNoTracking().SingleAsync(c => c.Id == order.CategoryId, ct);

    /// <summary>Who the order goes to; each must belong to the order's grid, estate or community.</summary>
    private async Task<Assignee> AssigneeAsync(WorkOrder order, WorkOrderCategory category, DispatchRequest request, CancellationToken ct)
    {
        var chosen = (request.AssigneeUserName is not null ? 1 : 0) + (request.OrganisationId is not null ? 1 : 0) + (request.ToProperty ? 1 : 0) + (request.ToPool ? 1 : 0);
        if (chosen != 1)
        {
            throw new InvalidInputException("assignee_required", "请指定一个承办对象：人员、单位、小区物业或接单大厅", "Choose exactly one assignee: a person, an organisation, the estate's manager or the pool.");
        }

        if (request.ToPool)
        {
            if (!category.IsServiceOrder)
            {
                throw new DomainRuleException("not_a_service_order", "只有便民服务类工单可以发布到接单大厅", "Only service orders go to the party-member pool.");
            }

            return new Assignee(AssigneeKind.Pool, null, null, request.OpenToCommunity ? "社区接单大厅" : "网格接单大厅", request.OpenToCommunity);
        }

        var orgId = request.ToProperty
            ? order.PropertyOrganisationId ?? throw new DomainRuleException("no_property_manager", "该地址未归属有物业管理单位的小区", "The address belongs to no managed estate.")
            : request.OrganisationId;
        if (orgId is { } oid)
        {
            var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == oid, ct);
            if (org is null || (oid != order.PropertyOrganisationId && !order.AreaPath.StartsWith(org.AreaPath, StringComparison.Ordinal) && !org.AreaPath.StartsWith(order.CommunityPath, StringComparison.Ordinal)))
            {
                throw new DomainRuleException("assignee_outside_grid", "承办单位不在该工单所在社区", "The organisation does not serve the order's community.");
            }

            return new Assignee(AssigneeKind.Organisation, null, org.Id, org.Name);
        }

        var user = await db.Users.AsNoTracking().Where(u => u.UserName == request.AssigneeUserName).Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct)
            ?? throw new DomainRuleException("assignee_unknown", "承办人不存在", "Unknown assignee.");
        var inGrid = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == user.Id).Under([order.AreaPath]).AnyAsync(ct);
        if (!inGrid)
        {
            throw new DomainRuleException("assignee_outside_grid", "承办人不属于该工单所在网格", "The assignee does not work in the order's grid.");
        }

        return new Assignee(AssigneeKind.User, user.Id, null, user.DisplayName);
    }
}
