using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Features.Governance;

/// <summary>
/// The one place where governance makes work orders, through the closed loop's own public entry points:
/// a meeting decision (created by the secretary, dispatched at once to the decision's owner) and a patrol
/// finding (a grid worker's 随手拍 with its photo and place). Nothing here writes the work-order tables.
/// </summary>
public sealed class GovernanceOrders(ReportOrder report, DispatchOrder dispatch)
{
    /// <summary>Registers the order as the caller; answers its id and number.</summary>
    public async Task<(Guid Id, string Number)> CreateAsync(CreateWorkOrder request, CancellationToken ct = default)
    {
        var created = await report.RunAsync(request, ct: ct);
        return (created.Order.Id, created.Order.Number);
    }

    /// <summary>派单 to an organisation (a decision's owner).</summary>
    public Task DispatchToAsync(Guid orderId, Guid organisationId, string note, CancellationToken ct = default) =>
        dispatch.RunAsync(orderId, new DispatchRequest(null, organisationId, Note: note), ct);
}
