using CommunityGrid.Features.Triage;

namespace CommunityGrid.Tests.Triage;

public sealed class TriageThresholdTests
{
    private static TriageSuggestion[] Best(double confidence) => [new("property.drain", "下水堵塞", null, confidence)];

    [Fact]
    public void A_best_guess_below_the_deployments_threshold_needs_a_person()
    {
        TriageComplaint.NeedsManualTriage(Best(0.34), 0.35).ShouldBeTrue();
        TriageComplaint.NeedsManualTriage(Best(0.35), 0.35).ShouldBeFalse();
        TriageComplaint.NeedsManualTriage(Best(0.9), 0.95).ShouldBeTrue();
    }

    [Fact]
    public void No_guess_at_all_needs_a_person() => TriageComplaint.NeedsManualTriage([], 0.1).ShouldBeTrue();

    [Fact]
    public void A_candidate_model_replaces_the_old_only_when_no_worse_on_both_measures()
    {
        var before = new Accuracy(100, 0.90, 0.97);
        TriageTrainingRun.IsNoWorse(before, new Accuracy(100, 0.90, 0.97)).ShouldBeTrue();
        TriageTrainingRun.IsNoWorse(before, new Accuracy(100, 0.93, 0.98)).ShouldBeTrue();
        TriageTrainingRun.IsNoWorse(before, new Accuracy(100, 0.89, 0.99)).ShouldBeFalse();
        TriageTrainingRun.IsNoWorse(before, new Accuracy(100, 0.95, 0.96)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("", "triage_text_required")]
    [InlineData("   \n ", "triage_text_required")]
    public void Blank_text_is_refused(string text, string code) =>
        Should.Throw<CommunityGrid.Infrastructure.InvalidInputException>(() => TriageComplaint.TextOf(text)).Code.ShouldBe(code);

    [Fact]
    public void An_orders_title_is_the_first_clause_of_the_complaint() =>
        TriageQueue.TitleOf("电梯坏了。我家住18楼，老人下不来了").ShouldBe("电梯坏了");
}
