using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace CommunityGrid.Features.Triage;

/// <summary>A category the model proposes with its probability (0–1).</summary>
public sealed record CategoryGuess(string CategoryCode, float Confidence);

/// <summary>How a model does on a set of labelled complaints: the share whose category is first, and among the first three.</summary>
public sealed record Accuracy(int Examples, double Top1, double Top3)
{
    public override string ToString() => $"top-1 {Top1:P1}, top-3 {Top3:P1} on {Examples}";
}

/// <summary>
/// A trained text classifier (docs/decisions/0021-triage-classifier.md): ML.NET featurizes the text into
/// character 1–3-grams weighted by TF-IDF (Chinese needs no word segmentation for this) and a maximum-entropy
/// multiclass model (L-BFGS) scores every category. Classification is in memory; prediction engines are pooled because one
/// is not thread-safe.
/// </summary>
public sealed class ComplaintClassifier
{
    private static readonly MLContext Ml = new(seed: 14);

    private readonly ITransformer model;
    private readonly string[] labels;
    private readonly ConcurrentBag<PredictionEngine<Complaint, Scored>> engines = [];

    private ComplaintClassifier(ITransformer model, DataViewSchema inputSchema)
    {
        this.model = model;
        InputSchema = inputSchema;
        var output = model.GetOutputSchema(inputSchema);
        VBuffer<ReadOnlyMemory<char>> names = default;
        output["Score"].GetSlotNames(ref names);
        labels = [.. names.DenseValues().Select(n => n.ToString())];
    }

    private DataViewSchema InputSchema { get; }

    /// <summary>The category codes the model knows.</summary>
    public IReadOnlyList<string> Categories => labels;

    public static ComplaintClassifier Train(IEnumerable<LabelledComplaint> examples)
    {
        var rows = examples.Select(e => new Complaint { Text = Normalise(e.Text), Label = e.CategoryCode }).ToList();
        if (rows.Select(r => r.Label).Distinct(StringComparer.Ordinal).Count() < 2)
        {
            throw new ArgumentException("Training needs examples of at least two categories.", nameof(examples));
        }

        var data = Ml.Data.LoadFromEnumerable(rows);
        var pipeline = Ml.Transforms.Conversion.MapValueToKey("Label", "Label")
            .Append(Ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepPunctuations = false,
                KeepNumbers = true,
                WordFeatureExtractor = null,
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(Complaint.Text)))
            .Append(Ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                L2Regularization = 1e-3f,
                L1Regularization = 0,
            }));
        return new ComplaintClassifier(pipeline.Fit(data), data.Schema);
    }

    public static ComplaintClassifier Load(Stream stream)
    {
        var model = Ml.Model.Load(stream, out var schema);
        return new ComplaintClassifier(model, schema);
    }

    public void Save(Stream stream) => Ml.Model.Save(model, InputSchema, stream);

    /// <summary>The categories best first, up to <paramref name="top"/>, with their probabilities.</summary>
    public IReadOnlyList<CategoryGuess> Classify(string text, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!engines.TryTake(out var engine))
        {
            engine = Ml.Model.CreatePredictionEngine<Complaint, Scored>(model, InputSchema);
        }

        float[] scores;
        try
        {
            scores = engine.Predict(new Complaint { Text = Normalise(text) }).Score;
        }
        finally
        {
            engines.Add(engine);
        }

        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]));
        return [.. order.Take(Math.Min(top, order.Length)).Select(i => new CategoryGuess(labels[i], scores[i]))];
    }

    public Accuracy Evaluate(IReadOnlyCollection<LabelledComplaint> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return new Accuracy(0, 0, 0);
        }

        int first = 0, three = 0;
        foreach (var e in examples)
        {
            var guesses = Classify(e.Text);
            if (guesses[0].CategoryCode == e.CategoryCode)
            {
                first++;
            }

            if (guesses.Any(g => g.CategoryCode == e.CategoryCode))
            {
                three++;
            }
        }

        return new Accuracy(examples.Count, (double)first / examples.Count, (double)three / examples.Count);
    }

    /// <summary>Full-width letters and digits to ASCII (９号楼 → 9号楼), so both spellings share n-grams.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Times one training run; used by the retrain report and the benchmark.</summary>
    public static (ComplaintClassifier Classifier, TimeSpan Took) TrainTimed(IEnumerable<LabelledComplaint> examples)
    {
        var watch = Stopwatch.StartNew();
        var classifier = Train(examples);
        return (classifier, watch.Elapsed);
    }

    private sealed class Complaint
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
