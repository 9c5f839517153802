using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Points;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>The order as every step answers it: its fields and its whole timeline.</summary>
public sealed record WorkOrderDetail(
    Guid Id, string Number, string Title, string Description, string CategoryCode, string CategoryName, string Status, string StatusName,
    string Origin, string? ExternalReference, double? Latitude, double? Longitude, string? Address, Guid GridId, string GridCode, string GridName,
    string RoutedTo, Guid? PropertyOrganisationId, string? RequesterName, string? AssigneeKind, string? AssigneeName, string? HandlerName,
    DateTime CreatedAt, DateTime? AcceptDeadline, DateTime? ResolveDeadline, DateTime? ExtensionRequestedUntil, string Urgency,
    int EscalationLevel, int RedoCount, int HandoffCount, bool IsProblemOrder, bool? CallbackResolved, string? Satisfaction, string? ClosedHow,
    Guid? MergedIntoId, int Version, IReadOnlyList<TimelineEntry> Timeline,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AllowedActions = null);

public sealed record TimelineEntry(DateTime At, string Kind, string Text, string ActorName, string FromStatus, string ToStatus, string? Note, IReadOnlyList<Guid> Photos);

/// <summary>
/// What every step on one order does, the same for each use case: load the order in the caller's sight
/// (one query: the visibility rule, the row and its timeline), let the order apply its rules, save with
/// the points it earns in one transaction, and answer from the entity in hand — no second read.
/// A lost race is the order's concurrency token: 409 concurrent_change.
/// </summary>
public sealed class OrderStep(AppDbContext db, OrderSight sight, CategoryCache categories, GridIndex grids, TimeProvider clock, PointsLedger ledger)
{
    /// <summary>
    /// Now, to the microsecond: what PostgreSQL keeps of a timestamp, so that an answer built in memory
    /// reads the same as the order read back later.
    /// </summary>
    public DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000)));
        }
    }

    public OrderSight Sight => sight;

    /// <summary>The order's category, from the catalogue in memory.</summary>
    public Task<WorkOrderCategory> CategoryOfAsync(WorkOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return categories.OfAsync(order.CategoryId, ct);
    }

    /// <summary>A step that needs nothing but the order, the caller and the time.</summary>
    public Task<WorkOrderDetail> RunAsync(Guid id, Action<WorkOrder, Actor, DateTime> step, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return RunAsync(id, (order, caller, now) =>
        {
            step(order, caller, now);
            return Task.CompletedTask;
        }, ct);
    }

    /// <summary>A step that looks something up first (a category, an assignee, the original of a merge).</summary>
    public async Task<WorkOrderDetail> RunAsync(Guid id, Func<WorkOrder, Actor, DateTime, Task> step, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var caller = await sight.CallerAsync(ct);
        var order = await sight.ForStepAsync(caller, id, ct: ct);
        await step(order, caller, Now);
        // The order's step and the points it earns commit together (docs/decisions/0009).
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await RewardAsync(order, ct);
            await tx.CommitAsync(ct);
        }

        return await AnswerAsync(order, ct);
    }

    /// <summary>The detail of an order in hand (its timeline loaded or just made), with the names of its category and grid.</summary>
    public async Task<WorkOrderDetail> AnswerAsync(WorkOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var category = await CategoryOfAsync(order, ct);
        var grid = grids.Info(order.GridId) ?? await db.Areas.AsNoTracking().Where(a => a.Id == order.GridId)
            .Select(a => new GridIndex.GridInfo(a.Id, a.Code, a.Name, a.Path, a.DistrictCode)).SingleAsync(ct);
        return Detail(order, category, grid.Code, grid.Name);
    }

    internal static WorkOrderDetail Detail(WorkOrder order, WorkOrderCategory category, string gridCode, string gridName) => new(
        order.Id, order.Number, order.Title, order.Description, category.Code, category.Name, order.Status.ToString(), StatusNames.Chinese(order.Status),
        order.Origin.ToString(), order.ExternalReference, order.Latitude, order.Longitude, order.Address, order.GridId, gridCode, gridName,
        order.RoutedTo.ToString(), order.PropertyOrganisationId, order.RequesterName, order.AssigneeKind == AssigneeKind.None ? null : order.AssigneeKind.ToString(),
        order.AssigneeName, order.HandlerName, order.CreatedAt, order.AcceptDeadline, order.ResolveDeadline, order.ExtensionRequestedUntil,
        order.Urgency.ToString(), order.EscalationLevel, order.RedoCount, order.HandoffCount, order.IsProblemOrder, order.CallbackResolved,
        order.Satisfaction?.ToString(), order.ClosedHow == ClosedHow.None ? null : order.ClosedHow.ToString(), order.MergedIntoId, order.Version,
        [.. order.Events.OrderBy(e => e.Seq).Select(e => new TimelineEntry(e.At, e.Kind, e.PlainChinese(), e.ActorName, e.FromStatus.ToString(), e.ToStatus.ToString(), e.Note,
            e.Photos is null ? [] : [.. e.Photos.Split(',').Select(Guid.Parse)]))]);

    /// <summary>Points an order earns, paid through the ledger (one transfer per order and kind, so repeats pay nothing).</summary>
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
