using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>
/// Every move × every situation × every caller, on the entity alone (no database, no host): the outcome
/// matches the <see cref="Rulebook"/>, an allowed move lands in its state with its timeline steps, a
/// refused one changes nothing, and <see cref="WorkOrder.AllowedActions"/> lists exactly the moves that succeed.
/// </summary>
public sealed class WorkOrderRuleMatrixTests
{
    public static TheoryData<string, Caller> Cells()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var situation in Situation.All)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(situation.Name, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_move_is_allowed_or_refused_as_the_rulebook_says_and_AllowedActions_agrees(string situationName, Caller caller)
    {
        var situation = Situation.Named(situationName);
        var actor = OrderWorld.Of(caller);
        var problems = new List<string>();
        var succeeded = new HashSet<WorkOrderAction>();
        var (probe, probeNow) = situation.Build();
        var allowed = probe.AllowedActions(actor, situation.Category, probeNow);
        var routes = allowed.Select(a => a.Route()).ToHashSet();

        foreach (var move in Move.All)
        {
            var (order, now) = situation.Build();
            var before = (order.Status, order.Version, Events: order.Events.Count);
            var action = move.ActionFrom(before.Status);
            string? refusal = null;
            try
            {
                move.Perform(order, actor, now, situation.Category);
                succeeded.Add(action);
            }
            catch (DomainRuleException e)
            {
                refusal = e.Code;
            }

            var expected = Rulebook.Expected(move.Name, situation.Name, caller);
            if (refusal != expected)
            {
                problems.Add($"{move}: expected {expected ?? "allowed"}, got {refusal ?? "allowed"}");
            }

            if (allowed.Contains(action) != (refusal is null))
            {
                problems.Add($"{move}: AllowedActions says {(allowed.Contains(action) ? "" : "not ")}{action}, but doing it was {refusal ?? "allowed"}");
            }

            if (routes.Contains(move.Route) != (refusal is null))
            {
                problems.Add($"{move}: the routes offered ({string.Join(",", routes)}) disagree with doing it ({refusal ?? "allowed"})");
            }

            if (refusal is not null)
            {
                if ((order.Status, order.Version, order.Events.Count) != before)
                {
                    problems.Add($"{move}: refused with {refusal} but changed the order");
                }

                continue;
            }

            var (to, kinds) = move.Effect(before.Status);
            if (order.Status != (to ?? before.Status))
            {
                problems.Add($"{move}: ended {order.Status}, expected {to ?? before.Status}");
            }

            var added = order.Events.Skip(before.Events).ToList();
            if (!added.Select(e => e.Kind).SequenceEqual(kinds))
            {
                problems.Add($"{move}: recorded [{string.Join(",", added.Select(e => e.Kind))}], expected [{string.Join(",", kinds)}]");
            }

            if (added.Any(e => e.ActorUserId != actor.UserId) || added.FirstOrDefault()?.FromStatus != before.Status || order.Version != before.Version + added.Count)
            {
                problems.Add($"{move}: the steps do not say who acted, from where, in sequence");
            }
        }

        if (!allowed.ToHashSet().SetEquals(succeeded))
        {
            problems.Add($"AllowedActions [{string.Join(",", allowed)}] but succeeded [{string.Join(",", succeeded)}]");
        }

        problems.ShouldBeEmpty($"{situation} as {caller}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_action_every_route_and_every_state_at_rest_have_a_row()
    {
        // Registered (→ routed) and resolved (→ awaiting callback or closed) are passed through within one action.
        WorkOrderStatus[] passing = [WorkOrderStatus.Registered, WorkOrderStatus.Resolved];
        var reached = Situation.All.Select(s => s.Build().Order.Status).ToHashSet();
        Enum.GetValues<WorkOrderStatus>().Except(passing).Except(reached).ShouldBeEmpty("states no situation reaches");
        reached.Intersect(passing).ShouldBeEmpty("states that were thought to be passed through");
        var passedThrough = Situation.All.SelectMany(s => s.Build().Order.Events.Select(e => e.ToStatus)).ToHashSet();
        passing.Except(passedThrough).ShouldBeEmpty("passing states no timeline shows");

        var exercised = Situation.All.SelectMany(s => Move.All.Select(m => m.ActionFrom(s.Build().Order.Status))).ToHashSet();
        Enum.GetValues<WorkOrderAction>().Except(exercised).ShouldBeEmpty("actions no move performs");
        Enum.GetValues<WorkOrderAction>().Select(a => a.Route()).Distinct().Except(Move.All.Select(m => m.Route)).ShouldBeEmpty("routes no move takes");

        Move.All.Where(m => !Rulebook.Rows.Any(r => r.Move == m.Name && r.Refusal is null)).ShouldBeEmpty("moves the rulebook never allows");
        Rulebook.Rows.Select(r => r.Move).Except(Move.All.Select(m => m.Name)).ShouldBeEmpty("rows for unknown moves");
        Rulebook.Rows.SelectMany(r => r.Situations).Except(Situation.All.Select(s => s.Name)).ShouldBeEmpty("rows for unknown situations");
    }

    [Fact]
    public void Nobody_may_do_anything_with_an_order_that_is_over()
    {
        foreach (var name in new[] { "closed after a rating", "cancelled", "merged into another" })
        {
            var situation = Situation.Named(name);
            var (order, now) = situation.Build();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                order.AllowedActions(OrderWorld.Of(caller), situation.Category, now).ShouldBeEmpty($"{name} as {caller}");
            }
        }
    }
}
