using CommunityGrid.Features.Programmes;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.Programmes;

/// <summary>The council vote, the budget cap and event seats as rules of the entities, without a database.</summary>
public sealed class CouncilVoteRulesTests
{
    private const string Community = "150100/150105/150105001/150105001001/";
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly CouncilRules Half = new(50, 50);

    [Theory]
    [InlineData(10, 6, 0, 0, CouncilDecision.Approved)]
    [InlineData(10, 3, 2, 0, CouncilDecision.Approved)]   // 5 of 10 voted: quorum met (at least half)
    [InlineData(10, 3, 1, 0, CouncilDecision.NoQuorum)]   // 4 of 10 voted
    [InlineData(10, 3, 3, 0, CouncilDecision.Rejected)]   // a tie is not a majority
    [InlineData(10, 3, 1, 2, CouncilDecision.Rejected)]   // abstentions are votes cast that are not for: 3 of 6
    [InlineData(10, 4, 1, 1, CouncilDecision.Approved)]   // 4 of 6
    [InlineData(0, 0, 0, 0, CouncilDecision.NoQuorum)]
    [InlineData(5, 0, 0, 0, CouncilDecision.NoQuorum)]
    public void Quorum_and_a_simple_majority_decide(int members, int @for, int against, int abstain, CouncilDecision expected) =>
        Half.Decide(new Tally(members, @for, against, abstain)).ShouldBe(expected);

    [Fact]
    public void A_two_thirds_majority_needs_more_than_two_thirds_and_a_higher_quorum_more_voters()
    {
        var strict = new CouncilRules(75, 66);
        strict.Decide(new Tally(8, 4, 2, 0)).ShouldBe(CouncilDecision.Approved);  // 6 of 8 voted; 4 of 6 = 66.7% > 66%
        strict.Decide(new Tally(8, 4, 1, 0)).ShouldBe(CouncilDecision.NoQuorum);  // 5 of 8 = 62.5%
        strict.Decide(new Tally(9, 4, 3, 0)).ShouldBe(CouncilDecision.Rejected);  // 4 of 7 = 57%
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(101, 50)]
    [InlineData(50, 49)]
    [InlineData(50, 100)]
    public void Rules_out_of_range_are_refused(int quorum, int majority) =>
        Should.Throw<InvalidInputException>(() => new CouncilRules(quorum, majority).Checked());

    [Fact]
    public void A_members_changed_vote_replaces_the_first_and_counts_once()
    {
        var (project, council, budget) = Voting();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        project.Vote(a, VoteChoice.Against, Now.AddHours(1));
        project.Vote(a, VoteChoice.For, Now.AddHours(2));
        project.Vote(b, VoteChoice.For, Now.AddHours(3));
        project.Votes.Count.ShouldBe(2);
        project.CloseVote(council, [a, b, Guid.NewGuid()], budget, Now.AddDays(1)).ShouldBe(CouncilDecision.Approved);
        (project.VotesFor, project.VotesAgainst, project.CouncilSize).ShouldBe((2, 0, 3));
    }

    [Fact]
    public void No_vote_is_taken_after_the_closing_time_or_after_the_close()
    {
        var (project, council, budget) = Voting();
        var member = Guid.NewGuid();
        Should.Throw<DomainRuleException>(() => project.Vote(member, VoteChoice.For, project.VoteClosesAt!.Value)).Code.ShouldBe("vote_closed");
        project.CloseVote(council, [member], budget, Now.AddHours(1));
        Should.Throw<DomainRuleException>(() => project.Vote(member, VoteChoice.For, Now.AddHours(2))).Code.ShouldBe("vote_closed");
        Should.Throw<DomainRuleException>(() => project.CloseVote(council, [member], budget, Now.AddHours(2))).Code.ShouldBe("vote_closed");
    }

    [Fact]
    public void Votes_of_people_no_longer_on_the_council_are_not_counted()
    {
        var (project, council, budget) = Voting();
        var stays = Guid.NewGuid();
        var left = Guid.NewGuid();
        project.Vote(stays, VoteChoice.Against, Now.AddHours(1));
        project.Vote(left, VoteChoice.For, Now.AddHours(1));
        project.CloseVote(council, [stays, Guid.NewGuid()], budget, Now.AddDays(1)).ShouldBe(CouncilDecision.Rejected);
        project.VotesFor.ShouldBe(0);
    }

    [Fact]
    public void The_budget_cap_refuses_what_does_not_fit_and_a_project_not_approved_releases_its_estimate()
    {
        var budget = MicroProjectBudget.For(Community, 2026, 10_000);
        var council = ResidentsCouncil.For(Community);
        var first = MicroProject.Propose(Community, "路灯", null, 8_000, "u", "陈*兰", Now);
        var second = MicroProject.Propose(Community, "扶手", null, 3_000, "u", "陈*兰", Now);
        first.ScreenIn(budget, council, null, Now);
        Should.Throw<DomainRuleException>(() => second.ScreenIn(budget, council, null, Now)).Code.ShouldBe("budget_cap_exceeded");
        second.Status.ShouldBe(MicroProjectStatus.Proposed);
        budget.CommittedYuan.ShouldBe(8_000);
        Should.Throw<DomainRuleException>(() => budget.SetCap(7_999)).Code.ShouldBe("cap_below_committed");

        first.CloseVote(council, [Guid.NewGuid()], budget, Now.AddDays(8)).ShouldBe(CouncilDecision.NoQuorum);
        budget.CommittedYuan.ShouldBe(0);
        second.ScreenIn(budget, council, null, Now.AddDays(8));
        budget.LeftYuan.ShouldBe(7_000);
    }

    [Fact]
    public void Objections_only_during_publicity_once_each_and_evaluations_once_each_after_completion()
    {
        var (project, council, budget) = Voting();
        var member = Guid.NewGuid();
        var resident = Guid.NewGuid();
        Should.Throw<DomainRuleException>(() => project.RaiseObjection(resident, "王*", "太吵", Now)).Code.ShouldBe("not_publicised");
        project.Vote(member, VoteChoice.For, Now.AddHours(1));
        project.CloseVote(council, [member], budget, Now.AddHours(2));
        project.RaiseObjection(resident, "王*", "太吵", Now.AddHours(3));
        Should.Throw<DomainRuleException>(() => project.RaiseObjection(resident, "王*", "还是太吵", Now.AddHours(4))).Code.ShouldBe("already_objected");
        Should.Throw<DomainRuleException>(() => project.Start(Now.AddHours(4))).Code.ShouldBe("publicity_running");
        var after = project.PublicityEndsAt!.Value;
        Should.Throw<DomainRuleException>(() => project.RaiseObjection(Guid.NewGuid(), "李*", "晚了", after)).Code.ShouldBe("publicity_over");
        project.Start(after);
        Should.Throw<DomainRuleException>(() => project.Evaluate(resident, "王*", 5, null, after)).Code.ShouldBe("not_completed");
        project.Complete(after.AddDays(10));
        project.Evaluate(resident, "王*", 4, "好", after.AddDays(11));
        Should.Throw<DomainRuleException>(() => project.Evaluate(resident, "王*", 5, null, after.AddDays(12))).Code.ShouldBe("already_evaluated");
        Should.Throw<InvalidInputException>(() => project.Evaluate(Guid.NewGuid(), "李*", 6, null, after.AddDays(12))).Code.ShouldBe("rating_out_of_range");
    }

    [Fact]
    public void An_event_takes_sign_ups_up_to_its_capacity_and_only_before_it_starts()
    {
        var e = CommunityEvent.Plan(Community, EventKind.AntiFraud, "防诈骗宣传进社区", null, "社区活动室", Now.AddDays(2), Now.AddDays(2).AddHours(2), 2, null, "admin", Now);
        e.SignUp("a", null, Now);
        e.SignUp("b", null, Now);
        Should.Throw<DomainRuleException>(() => e.SignUp("c", null, Now)).Code.ShouldBe("event_full");
        e.Withdraw(Now);
        e.SignUp("c", null, Now).UserId.ShouldBe("c");
        Should.Throw<DomainRuleException>(() => e.SignUp("d", null, Now.AddDays(2))).Code.ShouldBe("event_started");
    }

    private static (MicroProject Project, ResidentsCouncil Council, MicroProjectBudget Budget) Voting()
    {
        var council = ResidentsCouncil.For(Community);
        var budget = MicroProjectBudget.For(Community, 2026, 100_000);
        var project = MicroProject.Propose(Community, "无障碍坡道", "单元门口", 12_000, "u", "陈*兰", Now);
        project.ScreenIn(budget, council, null, Now);
        return (project, council, budget);
    }
}

public sealed class WaitingListRulesTests
{
    private const string Community = "150100/150105/150105001/150105001001/";
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Enrolments_past_the_capacity_wait_in_order_and_a_freed_seat_goes_to_the_first_waiting()
    {
        var course = TrainingCourse.Plan(Community, "直播带货", null, "阳光站", 2, [(Now.AddDays(1), Now.AddDays(1).AddHours(2))], "admin", Now);
        var people = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        var statuses = people.Select(p => course.Enrol(p, "u", "王*", Now).Status).ToList();
        statuses.ShouldBe([EnrolmentStatus.Enrolled, EnrolmentStatus.Enrolled, EnrolmentStatus.Waiting, EnrolmentStatus.Waiting]);
        course.Withdraw(people[3], Now).ShouldBeNull(); // a waiting resident leaving frees no seat
        course.Withdraw(people[0], Now)!.PersonId.ShouldBe(people[2]);
        course.Enrolled.ShouldBe(2);
        course.Enrol(people[0], "u", "王*", Now).Status.ShouldBe(EnrolmentStatus.Waiting);
        Should.Throw<DomainRuleException>(() => course.Enrol(people[1], "u", "王*", Now)).Code.ShouldBe("already_enrolled");
        Should.Throw<DomainRuleException>(() => course.Enrol(Guid.NewGuid(), "u", "王*", Now.AddDays(1))).Code.ShouldBe("course_over");
    }
}
