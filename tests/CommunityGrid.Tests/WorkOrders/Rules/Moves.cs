using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>
/// One thing a caller can try on an order, done as its endpoint does it (the use case's own checks included),
/// with well-formed input so that only the rules decide. <see cref="Effect"/> is the state it leads to
/// (null: unchanged) and the timeline steps it appends, given the state it started from.
/// </summary>
public sealed record Move(
    string Name,
    string Route,
    Func<WorkOrderStatus, WorkOrderAction> ActionFrom,
    Action<WorkOrder, Actor, DateTime, WorkOrderCategory> Perform,
    Func<WorkOrderStatus, (WorkOrderStatus? To, string[] Kinds)> Effect)
{
    public override string ToString() => Name;

    private static Func<WorkOrderStatus, WorkOrderAction> Always(WorkOrderAction action) => _ => action;

    private static Func<WorkOrderStatus, (WorkOrderStatus?, string[])> Leads(WorkOrderStatus? to, params string[] kinds) => _ => (to, kinds);

    public static readonly IReadOnlyList<Move> All =
    [
        new("dispatch", "dispatch", Always(WorkOrderAction.Dispatch),
            (o, a, now, c) => o.Dispatch(a, OrderWorld.ToPerson, c.AcceptLimit, c.ResolveLimit, OrderWorld.Calendar, now),
            Leads(WorkOrderStatus.AwaitingAcceptance, "dispatched")),
        // POST …/resolve: while awaiting dispatch it is the answer on the spot (consultations only, checked by the use case).
        new("resolve", "resolve", from => from == WorkOrderStatus.AwaitingDispatch ? WorkOrderAction.AnswerOnTheSpot : WorkOrderAction.Resolve,
            (o, a, now, c) =>
            {
                if (o.Status == WorkOrderStatus.AwaitingDispatch)
                {
                    WorkOrder.OnlyConsultationsAreAnsweredOnTheSpot(c);
                }

                o.Resolve(a, "已处理", null, now);
            },
            from => from == WorkOrderStatus.AwaitingDispatch
                ? (WorkOrderStatus.AwaitingCallback, ["answered", "callback_pending"])
                : (WorkOrderStatus.AwaitingVerification, ["handled"])),
        new("accept", "accept", Always(WorkOrderAction.Accept), (o, a, now, _) => o.Accept(a, now),
            Leads(WorkOrderStatus.InProgress, "accepted")),
        new("return", "return", Always(WorkOrderAction.Return), (o, a, now, _) => o.Return(a, "不属于我方职责", now),
            Leads(WorkOrderStatus.AwaitingDispatch, "returned")),
        new("request-extension", "request-extension", Always(WorkOrderAction.RequestExtension),
            (o, a, now, _) => o.RequestExtension(a, (o.ResolveDeadline ?? now).AddDays(5), "等待配件", now),
            Leads(null, "extension_requested")),
        new("approve-extension", "approve-extension", Always(WorkOrderAction.DecideExtension), (o, a, now, _) => o.DecideExtension(a, approve: true, "同意", now),
            Leads(null, "extension_approved")),
        new("refuse-extension", "approve-extension", Always(WorkOrderAction.DecideExtension), (o, a, now, _) => o.DecideExtension(a, approve: false, "不同意", now),
            Leads(null, "extension_refused")),
        new("verify", "verify", Always(WorkOrderAction.Verify), (o, a, now, _) => o.Verify(a, "入户核实", now),
            Leads(WorkOrderStatus.AwaitingCallback, "verified", "callback_pending")),
        new("reject-verification", "reject-verification", Always(WorkOrderAction.RejectVerification), (o, a, now, _) => o.RejectVerification(a, "现场仍有积水", now),
            Leads(WorkOrderStatus.InProgress, "verification_failed")),
        new("callback (satisfied)", "callback", Always(WorkOrderAction.Callback),
            (o, a, now, _) => o.Callback(a, resolved: true, Satisfaction.Satisfied, "很及时", now),
            Leads(WorkOrderStatus.Closed, "rated", "closed")),
        new("callback (unsatisfied)", "callback", Always(WorkOrderAction.Callback),
            (o, a, now, _) => o.Callback(a, resolved: false, Satisfaction.Unsatisfied, "还是堵", now),
            Leads(WorkOrderStatus.InProgress, "rated", "redo")),
        new("cancel", "cancel", Always(WorkOrderAction.Cancel), (o, a, now, _) => o.Cancel(a, "已自行解决", now),
            Leads(WorkOrderStatus.Cancelled, "cancelled")),
        new("supervise", "supervise", Always(WorkOrderAction.Supervise), (o, a, now, _) => o.Supervise(a, "请尽快办理", null, now),
            Leads(null, "supervised")),
        new("merge", "merge", Always(WorkOrderAction.Merge),
            (o, a, now, _) => o.MergeInto(a, OrderWorld.Report(OrderWorld.Repair, OrderWorld.Start), now),
            Leads(WorkOrderStatus.Merged, "merged")),
    ];
}
