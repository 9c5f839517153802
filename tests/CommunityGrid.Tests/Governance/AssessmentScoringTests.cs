using CommunityGrid.Features.Governance;
using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Tests.Governance;

public sealed class AssessmentScoringTests
{
    [Fact]
    public void A_typed_criterion_weighs_the_community_40_the_committee_30_and_the_residents_mean_30()
    {
        var value = AssessmentScoring.Typed([(AssessmentParty.Community, 80), (AssessmentParty.OwnersCommittee, 60), (AssessmentParty.Residents, 90), (AssessmentParty.Residents, 70)]);
        value!.Value.ShouldBe(((40 * 80) + (30 * 60) + (30 * 80)) / 100.0, 1e-9);
    }

    [Fact]
    public void A_party_that_did_not_score_is_left_out_and_the_others_are_reweighted()
    {
        AssessmentScoring.Typed([(AssessmentParty.Community, 80), (AssessmentParty.Residents, 60)])!.Value.ShouldBe(((40 * 80) + (30 * 60)) / 70.0, 1e-9);
        AssessmentScoring.Typed([]).ShouldBeNull();
    }

    [Fact]
    public void The_total_weighs_the_criteria_and_rounds_to_one_decimal()
    {
        var (total, incomplete) = AssessmentScoring.Total([(60, 80), (30, 70), (10, 55)]);
        total.ShouldBe(74.5);
        incomplete.ShouldBeFalse();
    }

    [Fact]
    public void A_criterion_without_a_value_is_left_out_of_the_total_and_marks_it_incomplete()
    {
        var (total, incomplete) = AssessmentScoring.Total([(50, 80), (30, null), (20, 60)]);
        total!.Value.ShouldBe(((50 * 80) + (20 * 60)) / 70.0, 0.05);
        incomplete.ShouldBeTrue();
        AssessmentScoring.Total([(100, null)]).ShouldBe((null, true));
    }

    [Theory]
    [InlineData(59.9, ListColour.Red)]
    [InlineData(60, ListColour.Yellow)]
    [InlineData(74.9, ListColour.Yellow)]
    [InlineData(75, ListColour.None)]
    public void Below_the_red_line_is_red_below_the_yellow_line_is_yellow(double total, ListColour colour) =>
        AssessmentScoring.Colour(total, 60, 75).ShouldBe(colour);

    [Fact]
    public void No_total_is_on_no_list() => AssessmentScoring.Colour(null, 60, 75).ShouldBe(ListColour.None);

    [Fact]
    public void Equal_totals_share_a_rank_and_the_next_rank_skips_and_no_total_has_no_rank() =>
        AssessmentScoring.Ranks([80, 91.5, 80, null, 70]).ShouldBe([2, 1, 2, null, 4]);

    [Fact]
    public void Computed_criteria_count_only_what_happened_and_are_empty_without_orders()
    {
        var deadline = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        Assessments.OrderFacts Order(Satisfaction? s, DateTime? resolved, int redo = 0, int level = 0, DateTime? accepted = null) =>
            new(Guid.Empty, null, s, accepted ?? deadline.AddDays(-2), deadline.AddDays(-1), resolved, deadline, redo, level, RouteTarget.Property);
        var values = Assessments.Compute([
            Order(Satisfaction.Satisfied, deadline.AddHours(-1)),
            Order(Satisfaction.Unsatisfied, deadline.AddHours(1), redo: 1, level: 5, accepted: deadline),
            Order(null, null),
            Order(Satisfaction.BasicallySatisfied, deadline.AddHours(-5), level: 4),
        ]);
        values[CriterionSource.SatisfactionRate].ShouldBe(66.7);
        values[CriterionSource.OnTimeRate].ShouldBe(66.7);
        values[CriterionSource.ResponseRate].ShouldBe(75);
        values[CriterionSource.FirstTimeFixRate].ShouldBe(66.7);
        values[CriterionSource.StreetEscalations].ShouldBe(80);
        Assessments.Compute([]).Values.ShouldAllBe(v => v == null);
    }

    [Fact]
    public void Weights_must_sum_to_100()
    {
        CriterionSpec C(string code, int weight) => new(code, code, weight, "", CriterionSource.Scored);
        Should.Throw<CommunityGrid.Infrastructure.InvalidInputException>(() => AssessmentTemplate.CriteriaAreWholeAndWeighted([C("a", 50), C("b", 40)])).Code.ShouldBe("weights_must_sum_to_100");
        Should.Throw<CommunityGrid.Infrastructure.InvalidInputException>(() => AssessmentTemplate.CriteriaAreWholeAndWeighted([C("a", 50), C("a", 50)])).Code.ShouldBe("criterion_code_repeated");
        AssessmentTemplate.CriteriaAreWholeAndWeighted([C("a", 60), C("b", 40)]);
    }
}
