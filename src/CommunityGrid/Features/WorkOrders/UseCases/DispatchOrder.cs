using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record DispatchRequest(
    [property: MaxLength(DispatchOrder.UserNameMaxLength)] string? AssigneeUserName,
    Guid? OrganisationId,
    bool ToProperty = false,
    bool ToPool = false,
    bool OpenToCommunity = false,
    [property: MaxLength(WorkOrder.NoteMaxLength)] string? Note = null);

/// <summary>
/// 派单: grid staff send a waiting order to exactly one assignee — a person of the grid, an organisation
/// serving its community, the estate's manager, or the pool (service orders only) — with the category's
/// time limits for accepting and resolving.
/// </summary>
public sealed class DispatchOrder(AppDbContext db, OrderStep step, WorkCalendar calendar)
{
    /// <summary>The longest user name a request may name (ASP.NET Identity's column).</summary>
    public const int UserNameMaxLength = 256;

    public Task<WorkOrderDetail> RunAsync(Guid id, DispatchRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, async (order, caller, now) =>
        {
            var category = await step.CategoryOfAsync(order, ct);
            var assignee = await AssigneeAsync(order, category, request, ct);
            order.Dispatch(caller, assignee, category.AcceptLimit, category.ResolveLimit, calendar, now, request.Note);
        }, ct);
    }

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
            if (org is null || (oid != order.PropertyOrganisationId && !AreaPath.IsUnder(order.AreaPath, org.AreaPath) && !AreaPath.IsUnder(org.AreaPath, order.CommunityPath)))
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
