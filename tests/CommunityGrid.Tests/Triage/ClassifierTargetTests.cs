using CommunityGrid.Features.Triage;

namespace CommunityGrid.Tests.Triage;

/// <summary>The targets of issue 14 on the corpus' held-back split, for the model the app ships (trained at start).</summary>
public sealed class ClassifierTargetTests
{
    [Fact]
    public async Task The_shipped_model_meets_the_accuracy_targets_on_the_held_back_split()
    {
        var model = await TriageModel.ShippedAsync();
        var accuracy = model.Evaluate(TriageCorpus.HeldBack);
        accuracy.Top1.ShouldBeGreaterThanOrEqualTo(0.90, accuracy.ToString());
        accuracy.Top3.ShouldBeGreaterThanOrEqualTo(0.97, accuracy.ToString());
    }

    [Fact]
    public void The_corpus_has_at_least_sixty_examples_of_every_category_and_a_held_back_share_of_each()
    {
        foreach (var category in TriageCorpus.All.GroupBy(c => c.CategoryCode))
        {
            category.Count().ShouldBeGreaterThanOrEqualTo(60, category.Key);
            category.Count(c => c.HeldBack).ShouldBeGreaterThanOrEqualTo(10, category.Key);
        }
    }

    [Fact]
    public async Task The_model_knows_the_27_categories_of_the_hotline_taxonomy()
    {
        var model = await TriageModel.ShippedAsync();
        model.Categories.Count.ShouldBe(27);
        model.Categories.ShouldContain("dispute.pets");
        model.Categories.ShouldContain("city.manhole");
        model.Categories.ShouldContain("property.service");
    }

    [Fact]
    public async Task A_saved_model_loads_and_answers_the_same()
    {
        var model = await TriageModel.ShippedAsync();
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = ComplaintClassifier.Load(stream);
        const string Text = "楼上漏水，我家卫生间天花板一直滴水";
        loaded.Classify(Text)[0].ShouldBe(model.Classify(Text)[0]);
    }
}
