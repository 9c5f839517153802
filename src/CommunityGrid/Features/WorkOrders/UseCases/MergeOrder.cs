using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record MergeRequest(Guid OriginalId);

/// <summary>
/// 合并: grid staff fold a duplicate into its original (both in their sight, both open); the duplicate's
/// requester follows the original from then on, saved with the merge.
/// </summary>
public sealed class MergeOrder(AppDbContext db, OrderStep step)
{
    public Task<WorkOrderDetail> RunAsync(Guid id, MergeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return step.RunAsync(id, async (duplicate, caller, now) =>
        {
            var original = await step.Sight.ForStepAsync(caller, request.OriginalId, withTimeline: false, ct);
            if (duplicate.MergeInto(caller, original, now) is { } follower)
            {
                db.WorkOrderFollowers.Add(follower);
            }
        }, ct);
    }

    /// <summary>The page names the original by its number (GD…), as staff read it off the other order.</summary>
    public async Task<WorkOrderDetail> ByNumberAsync(Guid id, string? number, CancellationToken ct = default)
    {
        var caller = await step.Sight.CallerAsync(ct);
        var original = await step.Sight.Visible(caller).AsNoTracking().Where(o => o.Number == number).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidInputException("merge_target_unknown", "找不到该编号的工单", "No order has that number.");
        return await RunAsync(id, new MergeRequest(original), ct);
    }
}
