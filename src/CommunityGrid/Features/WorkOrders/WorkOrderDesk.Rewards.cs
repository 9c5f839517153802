using CommunityGrid.Features.Points;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>Points an order earns, paid through the ledger (one transfer per order and kind, so repeats pay nothing).</summary>
public sealed partial class WorkOrderDesk
{
    private async Task RewardAsync(WorkOrder order, CancellationToken ct)
    {
        if (order.EarnsHandlerPoints)
        {
            var personId = await db.Users.AsNoTracking().Where(u => u.Id == order.HandlerUserId).Select(u => u.PersonId).SingleOrDefaultAsync(ct);
            if (personId is { } handler)
            {
                var policy = await ledger.PolicyAsync(order.AreaPath, ct);
                var account = await ledger.PersonAccountAsync(handler, ct);
                await ledger.AwardAsync(new Award(TransferSource.WorkOrder, order.Id.ToString(), order.AreaPath, account.Id, policy.WorkOrderAward, $"服务工单 {order.Number} 获好评"), ct);
            }
        }

        if (order.EarnsReporterPoints)
        {
            var policy = await ledger.PolicyAsync(order.AreaPath, ct);
            var account = await ledger.PersonAccountAsync(order.RequesterPersonId!.Value, ct);
            await ledger.AwardAsync(new Award(TransferSource.ProblemReport, order.Id.ToString(), order.AreaPath, account.Id, policy.ProblemReportAward, $"随手拍 {order.Number} 经核实"), ct);
        }
    }
}
