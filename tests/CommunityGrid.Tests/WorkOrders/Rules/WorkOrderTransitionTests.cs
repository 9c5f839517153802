using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>The paths of the closed loop that take more than one step, and the system's own moves (the clock, the callback window).</summary>
public sealed class WorkOrderTransitionTests
{
    private static readonly DateTime T0 = OrderWorld.Start;

    private static DateTime At(int minutes) => T0.AddMinutes(minutes);

    private static Actor As(Caller caller) => OrderWorld.Of(caller);

    [Fact]
    public void A_report_is_registered_and_routed_in_one_go_so_registered_is_never_seen_at_rest()
    {
        var order = OrderWorld.Report(OrderWorld.Repair, T0);

        order.Status.ShouldBe(WorkOrderStatus.AwaitingDispatch);
        order.RoutedTo.ShouldBe(RouteTarget.Property);
        order.Events.Select(e => (e.Kind, e.FromStatus, e.ToStatus)).ShouldBe(
            [("registered", WorkOrderStatus.Registered, WorkOrderStatus.Registered), ("routed", WorkOrderStatus.Registered, WorkOrderStatus.AwaitingDispatch)]);
        order.RequesterUserId.ShouldBe("u-requester");
        order.Version.ShouldBe(2);
    }

    [Fact]
    public void A_report_without_a_title_or_a_hotline_transfer_without_its_ticket_is_refused()
    {
        Should.Throw<InvalidInputException>(() => WorkOrder.Register(Intake(title: " "), T0)).Code.ShouldBe("title_invalid");
        Should.Throw<InvalidInputException>(() => WorkOrder.Register(Intake(origin: WorkOrderOrigin.Hotline), T0)).Code.ShouldBe("hotline_ticket_required");
        WorkOrder.Register(Intake(origin: WorkOrderOrigin.Hotline, ticket: "12345-0001"), T0).Events[0].Note!.ShouldContain("12345-0001");
    }

    [Fact]
    public void The_whole_loop_records_each_step_with_its_states()
    {
        var order = OrderWorld.Report(OrderWorld.Repair, T0);
        order.Dispatch(OrderWorld.ToCompany, OrderWorld.Repair, At(10));
        order.AcceptDeadline.ShouldBe(At(10).AddHours(2));
        order.Accept(As(Caller.PropertyStaff), At(20));
        order.HandlerUserId.ShouldBe("u-property");
        order.Resolve(As(Caller.PropertyStaff), "已疏通", null, At(30));
        order.Verify(As(Caller.GridWorker), null, At(40));
        order.ResolvedAt.ShouldBe(At(40));
        order.Callback(As(Caller.Requester), resolved: true, Satisfaction.Satisfied, "很及时", At(50));

        order.Status.ShouldBe(WorkOrderStatus.Closed);
        order.ClosedHow.ShouldBe(ClosedHow.Rated);
        order.Events.Select(e => e.Kind).ShouldBe(["registered", "routed", "dispatched", "accepted", "handled", "verified", "callback_pending", "rated", "closed"]);
        order.Events.Select(e => e.Seq).ShouldBe(Enumerable.Range(1, order.Events.Count));
        order.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void A_pool_order_is_taken_by_one_member_who_becomes_its_assignee()
    {
        var order = OrderWorld.Report(OrderWorld.Errand, T0);
        order.Dispatch(OrderWorld.ToPool(openToCommunity: false), OrderWorld.Errand, At(10));
        order.LastEvent!.Kind.ShouldBe("published");
        order.PublishedToPool.ShouldBeTrue();

        order.Accept(As(Caller.PartyMember), At(20));

        order.AssigneeKind.ShouldBe(AssigneeKind.User);
        order.AssigneeUserId.ShouldBe("u-party");
        Should.Throw<DomainRuleException>(() => order.Accept(As(Caller.PartyMember), At(21))).Code.ShouldBe("invalid_transition");
    }

    [Fact]
    public void Three_returns_make_a_problem_order_once()
    {
        var order = OrderWorld.Report(OrderWorld.Repair, T0);
        for (var i = 0; i < 4; i++)
        {
            order.Dispatch(OrderWorld.ToCompany, OrderWorld.Repair, At(10 * i));
            order.Return(As(Caller.PropertyStaff), "不属于物业管辖", At((10 * i) + 5));
            order.IsProblemOrder.ShouldBe(i >= 2);
        }

        order.HandoffCount.ShouldBe(4);
        order.Events.Count(e => e.Kind == "problem_order").ShouldBe(1);
        order.Events.Single(e => e.Kind == "problem_order").Note!.ShouldContain("三次退单");
    }

    [Fact]
    public void Three_redos_after_unsatisfied_callbacks_make_a_problem_order()
    {
        var order = OrderWorld.Report(OrderWorld.Repair, T0);
        order.Dispatch(OrderWorld.ToPerson, OrderWorld.Repair, At(1));
        order.Accept(As(Caller.Assignee), At(2));
        for (var i = 0; i < 3; i++)
        {
            order.Resolve(As(Caller.Assignee), "已处理", null, At(10 * (i + 1)));
            order.Verify(As(Caller.GridWorker), null, At((10 * (i + 1)) + 1));
            order.Callback(As(Caller.Requester), resolved: false, Satisfaction.Unsatisfied, null, At((10 * (i + 1)) + 2));
            order.Status.ShouldBe(WorkOrderStatus.InProgress);
            order.HandledAt.ShouldBeNull();
        }

        order.RedoCount.ShouldBe(3);
        order.IsProblemOrder.ShouldBeTrue();
        order.LastEvent!.Kind.ShouldBe("problem_order");
        order.LastEvent.Note!.ShouldContain("重办达三次");
    }

    [Fact]
    public void Resolved_but_basically_satisfied_closes_and_resolved_but_unsatisfied_is_redone()
    {
        var basically = Situation.Named("awaiting callback").Build().Order;
        basically.Callback(As(Caller.Requester), resolved: true, Satisfaction.BasicallySatisfied, null, At(60));
        basically.Status.ShouldBe(WorkOrderStatus.Closed);

        var unsatisfied = Situation.Named("awaiting callback").Build().Order;
        unsatisfied.Callback(As(Caller.Requester), resolved: true, Satisfaction.Unsatisfied, null, At(60));
        unsatisfied.Status.ShouldBe(WorkOrderStatus.InProgress);
        unsatisfied.RedoCount.ShouldBe(1);
    }

    [Fact]
    public void A_consultation_answered_on_the_spot_waits_for_its_requester_or_closes_when_there_is_none()
    {
        var asked = OrderWorld.Report(OrderWorld.Consultation, T0);
        asked.Resolve(As(Caller.GridWorker), "已电话告知办理流程", null, At(5));
        asked.Status.ShouldBe(WorkOrderStatus.AwaitingCallback);
        asked.HandlerUserId.ShouldBe("u-grid");

        var found = OrderWorld.Report(OrderWorld.Consultation, T0, withRequester: false);
        found.Resolve(As(Caller.GridWorker), "当场答复", null, At(5));
        found.Status.ShouldBe(WorkOrderStatus.Closed);
        found.ClosedHow.ShouldBe(ClosedHow.NoRequester);
        found.Events.Select(e => e.Kind).TakeLast(2).ShouldBe(["answered", "closed"]);
    }

    [Fact]
    public void Only_a_consultation_may_be_answered_on_the_spot()
    {
        Should.Throw<DomainRuleException>(() => WorkOrder.OnlyConsultationsAreAnsweredOnTheSpot(OrderWorld.Repair)).Code.ShouldBe("invalid_transition");
        WorkOrder.OnlyConsultationsAreAnsweredOnTheSpot(OrderWorld.Consultation);
    }

    [Fact]
    public void An_approved_extension_moves_the_deadline_and_a_refused_one_keeps_it()
    {
        var (approved, now) = Situation.Named("in progress with an extension asked").Build();
        var asked = approved.ExtensionRequestedUntil!.Value;
        approved.DecideExtension(As(Caller.CommunityAdmin), approve: true, null, now);
        approved.ResolveDeadline.ShouldBe(asked);
        approved.ExtensionApproved.ShouldBeTrue();
        approved.ExtensionRequestedUntil.ShouldBeNull();

        var (refused, later) = Situation.Named("in progress with an extension asked").Build();
        var deadline = refused.ResolveDeadline;
        refused.DecideExtension(As(Caller.StreetAdmin), approve: false, "先按原时限办", later);
        refused.ResolveDeadline.ShouldBe(deadline);
        refused.ExtensionApproved.ShouldBeFalse();
        refused.ExtensionRequestedUntil.ShouldBeNull();
    }

    [Fact]
    public void An_extension_must_end_later_than_the_current_deadline_and_carry_a_reason()
    {
        var (order, now) = Situation.Named("accepted by the person").Build();
        Should.Throw<InvalidInputException>(() => order.RequestExtension(As(Caller.Assignee), order.ResolveDeadline!.Value, "等配件", now)).Code.ShouldBe("extension_not_later");
        Should.Throw<InvalidInputException>(() => order.RequestExtension(As(Caller.Assignee), order.ResolveDeadline!.Value.AddDays(1), " ", now)).Code.ShouldBe("reason_required");
        order.ExtensionRequestedUntil.ShouldBeNull();
    }

    [Fact]
    public void A_return_while_an_extension_is_asked_withdraws_the_request_so_the_next_handler_can_ask_their_own()
    {
        var (order, now) = Situation.Named("in progress with an extension asked").Build();
        order.Return(As(Caller.Assignee), "人手不足，请改派", now);

        order.ExtensionRequestedUntil.ShouldBeNull();
        Should.Throw<DomainRuleException>(() => order.DecideExtension(As(Caller.CommunityAdmin), approve: true, null, now)).Code.ShouldBe("no_extension_pending");

        order.Dispatch(OrderWorld.ToCompany, OrderWorld.Repair, now.AddMinutes(1));
        order.Accept(As(Caller.PropertyStaff), now.AddMinutes(2));
        order.AllowedActions(As(Caller.PropertyStaff), OrderWorld.Repair, now.AddMinutes(3)).ShouldContain(WorkOrderAction.RequestExtension);
        order.RequestExtension(As(Caller.PropertyStaff), order.ResolveDeadline!.Value.AddDays(2), "需协调供水公司", now.AddMinutes(3));
        order.LastEvent!.Kind.ShouldBe("extension_requested");
    }

    [Fact]
    public void Supervision_may_set_a_new_deadline_in_the_future_only()
    {
        var (order, now) = Situation.Named("accepted by the person").Build();
        Should.Throw<InvalidInputException>(() => order.Supervise(As(Caller.StreetAdmin), "尽快", now.AddMinutes(-1), now)).Code.ShouldBe("deadline_in_past");
        Should.Throw<InvalidInputException>(() => order.Supervise(As(Caller.StreetAdmin), "", null, now)).Code.ShouldBe("reason_required");

        order.Supervise(As(Caller.StreetAdmin), "请今日内办结", now.AddHours(6), now);
        order.ResolveDeadline.ShouldBe(now.AddHours(6));
        order.LastEvent!.Note!.ShouldContain("请今日内办结");
    }

    [Fact]
    public void A_merged_duplicate_leaves_a_step_on_its_original_which_must_be_another_open_order_of_the_callers_grids()
    {
        var original = OrderWorld.Report(OrderWorld.Repair, T0);
        var duplicate = OrderWorld.Report(OrderWorld.Repair, At(5));
        duplicate.MergeInto(As(Caller.GridWorker), original, At(10));

        duplicate.MergedIntoId.ShouldBe(original.Id);
        original.LastEvent!.Kind.ShouldBe("duplicate_merged");
        original.Status.ShouldBe(WorkOrderStatus.AwaitingDispatch);

        var another = OrderWorld.Report(OrderWorld.Repair, At(20));
        Should.Throw<DomainRuleException>(() => another.MergeInto(As(Caller.GridWorker), another, At(21))).Code.ShouldBe("merge_target_invalid");
        Should.Throw<DomainRuleException>(() => another.MergeInto(As(Caller.GridWorker), duplicate, At(21))).Code.ShouldBe("merge_target_invalid");

        var elsewhere = WorkOrder.Register(Intake(gridPath: OrderWorld.NextGrid), At(20));
        Should.Throw<DomainRuleException>(() => another.MergeInto(As(Caller.GridWorker), elsewhere, At(21))).Code.ShouldBe("not_grid_staff");
        another.MergeInto(As(Caller.CommunityAdmin), elsewhere, At(22));
        another.Status.ShouldBe(WorkOrderStatus.Merged);
    }

    [Fact]
    public void The_clock_warns_at_three_quarters_turns_red_at_the_limit_then_escalates_one_level_per_interval()
    {
        var order = OrderWorld.Report(OrderWorld.Repair, T0);
        order.Dispatch(OrderWorld.ToPerson, OrderWorld.Repair, T0);
        var interval = TimeSpan.FromHours(4);
        string Level(int n) => $"第{n}级";

        order.Tick(T0.AddMinutes(60), interval, 3, Level).ShouldBeFalse();
        order.Tick(T0.AddMinutes(90), interval, 3, Level).ShouldBeTrue();
        order.Urgency.ShouldBe(Urgency.Yellow);
        order.LastEvent!.Kind.ShouldBe("warning");
        order.Tick(T0.AddMinutes(100), interval, 3, Level).ShouldBeFalse();

        order.Tick(T0.AddHours(2), interval, 3, Level).ShouldBeTrue();
        order.Urgency.ShouldBe(Urgency.Red);
        order.EscalationLevel.ShouldBe(1);
        order.Events.Select(e => e.Kind).TakeLast(2).ShouldBe(["overdue", "escalated"]);

        // A clock that jumps catches up level by level, and stops at the top of the chain.
        order.Tick(T0.AddHours(2) + (5 * interval), interval, 3, Level).ShouldBeTrue();
        order.EscalationLevel.ShouldBe(3);
        order.Events.Count(e => e.Kind == "escalated").ShouldBe(3);
        order.LastEvent!.Note!.ShouldContain("第3级");
        order.Events.Where(e => e.Kind is "warning" or "overdue" or "escalated").ShouldAllBe(e => e.ActorUserId == "system");
    }

    [Fact]
    public void Acceptance_resets_the_clock_and_orders_at_rest_do_not_tick()
    {
        var (order, _) = Situation.Named("dispatched to a person").Build();
        order.Tick(order.AcceptDeadline!.Value.AddHours(1), TimeSpan.FromHours(4), 3, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();
        order.Accept(As(Caller.Assignee), order.AcceptDeadline!.Value.AddHours(2));
        order.Urgency.ShouldBe(Urgency.None);
        order.EscalationLevel.ShouldBe(0);

        var (waiting, now) = Situation.Named("repair awaiting dispatch").Build();
        waiting.Tick(now.AddDays(30), TimeSpan.FromHours(4), 3, n => "").ShouldBeFalse();
    }

    [Fact]
    public void An_unanswered_callback_closes_as_no_callback_and_only_from_awaiting_callback()
    {
        var (order, now) = Situation.Named("awaiting callback").Build();
        order.CloseWithoutCallback(now.AddDays(7));
        order.Status.ShouldBe(WorkOrderStatus.Closed);
        order.ClosedHow.ShouldBe(ClosedHow.NoCallback);
        order.LastEvent!.ActorUserId.ShouldBe("system");

        var (open, later) = Situation.Named("awaiting verification").Build();
        Should.Throw<DomainRuleException>(() => open.CloseWithoutCallback(later)).Code.ShouldBe("invalid_transition");
    }

    [Fact]
    public void A_service_order_rated_well_earns_its_handler_points_and_a_rider_report_verified_earns_its_reporter()
    {
        var (errand, now) = Situation.Named("taken from the pool").Build();
        errand.Resolve(As(Caller.PartyMember), "药已送到", null, now);
        errand.Verify(As(Caller.GridWorker), null, now.AddMinutes(1));
        errand.EarnsHandlerPoints.ShouldBeFalse();
        errand.Callback(As(Caller.Requester), resolved: true, Satisfaction.Satisfied, null, now.AddMinutes(2));
        errand.EarnsHandlerPoints.ShouldBeTrue();

        var (repair, _) = Situation.Named("closed after a rating").Build();
        repair.EarnsHandlerPoints.ShouldBeFalse();
        repair.EarnsReporterPoints.ShouldBeFalse();
    }

    private static Intake Intake(string title = "路灯不亮", WorkOrderOrigin origin = WorkOrderOrigin.Resident, string? ticket = null, string gridPath = OrderWorld.Grid) =>
        new("GD20261201-0002", OrderWorld.Repair, title, null, origin, ticket, null, null, null, null, Guid.NewGuid(), gridPath, "150105", null, null,
            OrderWorld.Of(Caller.Requester), ReporterIsRequester: true, OrderWorld.RequesterPerson, null, null);
}
