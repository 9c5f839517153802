using CommunityGrid.Features.People;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// One order as the caller sees it, with what they may do next — asked of the order's own rules, so that
/// the API's <c>allowedActions</c> and the page's buttons are the same list.
/// </summary>
public sealed class ViewOrder(OrderSight sight, OrderStep step)
{
    /// <summary>The order, the caller, and the steps open to them (the page decides which forms to show from these).</summary>
    public sealed record View(WorkOrderDetail Detail, WorkOrder Order, WorkOrderCategory Category, Actor Caller, IReadOnlyList<WorkOrderAction> Allowed);

    public async Task<View> RunAsync(Guid id, CancellationToken ct = default)
    {
        var caller = await sight.CallerAsync(ct);
        var order = await sight.ToReadAsync(caller, id, ct);
        var category = await step.CategoryOfAsync(order, ct);
        var allowed = order.AllowedActions(caller, category, step.Now);
        var detail = await step.AnswerAsync(order, ct) with { AllowedActions = [.. allowed.Select(a => a.Route()).Distinct()] };
        // A follower (their duplicate was merged in) reads the progress, not who else reported it.
        if (await sight.OnlyFollowsAsync(caller, id, ct))
        {
            detail = detail with { RequesterName = PersonNames.Mask(detail.RequesterName) };
        }

        return new View(detail, order, category, caller, allowed);
    }
}
