using System.Diagnostics;
using CommunityGrid.Features.Triage;
using JiebaNet.Segmenter;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace CommunityGrid.Bench;

/// <summary>
/// The triage classifier measured (docs/benchmarks.md, ADR 0021): accuracy on the corpus' held-back split of
/// the shipped model (ML.NET character n-grams) against jieba.NET segmentation with the same linear trainer,
/// training time, latency of one classification (p50/p99) and classifications per second on one core.
/// <c>dotnet run -c Release --project bench/CommunityGrid.Bench -- triage [--seconds 5]</c>
/// </summary>
internal static class TriageBenchmark
{
    public static int Run(string[] args)
    {
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(5);
        // One core, as the target says: the process may run only on CPU 0.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        var train = TriageCorpus.Training;
        var test = TriageCorpus.HeldBack;
        Console.WriteLine($"corpus: {train.Count} training, {test.Count} held back, {train.Select(t => t.CategoryCode).Distinct().Count()} categories");

        var (classifier, took) = ComplaintClassifier.TrainTimed(train);
        var accuracy = classifier.Evaluate(test);
        Console.WriteLine($"shipped (char 1–3-grams TF-IDF + L-BFGS): trained in {took.TotalSeconds:0.0} s; held back: {accuracy}");
        foreach (var miss in test.Select(t => (t, g: classifier.Classify(t.Text))).Where(x => x.g[0].CategoryCode != x.t.CategoryCode))
        {
            Console.WriteLine($"  miss {miss.t.CategoryCode} → {miss.g[0].CategoryCode} {miss.g[0].Confidence:0.00}: {miss.t.Text}");
        }

        var texts = test.Select(t => t.Text).ToArray();
        for (var i = 0; i < 2000; i++)
        {
            classifier.Classify(texts[i % texts.Length]);
        }

        var samples = new List<double>();
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var start = Stopwatch.GetTimestamp();
            classifier.Classify(texts[count % texts.Length]);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            count++;
        }

        samples.Sort();
        Console.WriteLine($"one core: {count / watch.Elapsed.TotalSeconds:0} classifications/s; latency p50 {samples[samples.Count / 2]:0.000} ms, p99 {samples[(int)(samples.Count * 0.99)]:0.000} ms, max {samples[^1]:0.000} ms");

        if (args.Contains("--variants"))
        {
            Variants(train, test);
        }

        if (!args.Contains("--no-jieba"))
        {
            Jieba(train, test);
        }

        return 0;
    }

    private static void Jieba(IReadOnlyList<LabelledComplaint> train, IReadOnlyList<LabelledComplaint> test)
    {
        JiebaNet.Segmenter.ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "JiebaResources");
        var segmenter = new JiebaSegmenter();
        string Words(string text) => string.Join(' ', segmenter.Cut(ComplaintClassifier.Normalise(text)));
        var watch = Stopwatch.StartNew();
        var ml = new MLContext(seed: 14);
        var data = ml.Data.LoadFromEnumerable(train.Select(t => new Row { Text = Words(t.Text), Label = t.CategoryCode }));
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                KeepPunctuations = false,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = null,
            }, "Text"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 60, L2Regularization = 1e-4f, NumberOfThreads = 1 }))
            .Fit(data);
        var trained = watch.Elapsed;
        var engine = ml.Model.CreatePredictionEngine<Row, Scored>(model);
        VBuffer<ReadOnlyMemory<char>> names = default;
        engine.OutputSchema["Score"].GetSlotNames(ref names);
        var labels = names.DenseValues().Select(n => n.ToString()).ToArray();
        int first = 0, three = 0;
        var latencies = new List<double>();
        foreach (var t in test)
        {
            var start = Stopwatch.GetTimestamp();
            var scores = engine.Predict(new Row { Text = Words(t.Text) }).Score;
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var best = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(3).Select(x => labels[x.i]).ToList();
            first += best[0] == t.CategoryCode ? 1 : 0;
            three += best.Contains(t.CategoryCode) ? 1 : 0;
        }

        latencies.Sort();
        Console.WriteLine($"jieba words 1–2-grams + SDCA: trained (with segmentation) in {trained.TotalSeconds:0.0} s; held back: top-1 {(double)first / test.Count:P1}, top-3 {(double)three / test.Count:P1}; latency p50 {latencies[latencies.Count / 2]:0.000} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.000} ms");
    }

    /// <summary>Featurization and trainer settings tried before choosing the shipped ones.</summary>
    private static void Variants(IReadOnlyList<LabelledComplaint> train, IReadOnlyList<LabelledComplaint> test)
    {
        var ml = new MLContext(seed: 14);
        var data = ml.Data.LoadFromEnumerable(train.Select(t => new Row { Text = ComplaintClassifier.Normalise(t.Text), Label = t.CategoryCode }));
        foreach (var (name, n, weighting, trainer, l2) in new (string, int, NgramExtractingEstimator.WeightingCriteria, string, float)[]
        {
            ("char 1-2 tf sdca", 2, NgramExtractingEstimator.WeightingCriteria.Tf, "sdca", 1e-4f),
            ("char 1-4 tf sdca", 4, NgramExtractingEstimator.WeightingCriteria.Tf, "sdca", 1e-4f),
            ("char 1-3 tfidf sdca", 3, NgramExtractingEstimator.WeightingCriteria.TfIdf, "sdca", 1e-4f),
            ("char 1-3 tf sdca l2=1e-3", 3, NgramExtractingEstimator.WeightingCriteria.Tf, "sdca", 1e-3f),
            ("char 1-3 tf sdca l2=1e-5", 3, NgramExtractingEstimator.WeightingCriteria.Tf, "sdca", 1e-5f),
            ("char 1-3 tf lbfgs", 3, NgramExtractingEstimator.WeightingCriteria.Tf, "lbfgs", 1e-4f),
            ("char 1-3 tfidf lbfgs", 3, NgramExtractingEstimator.WeightingCriteria.TfIdf, "lbfgs", 1e-4f),
        })
        {
            var watch = Stopwatch.StartNew();
            var featurize = ml.Transforms.Conversion.MapValueToKey("Label", "Label")
                .Append(ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
                {
                    KeepPunctuations = false,
                    WordFeatureExtractor = null,
                    CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = n, UseAllLengths = true, Weighting = weighting },
                }, "Text"));
            ITransformer model = trainer == "sdca"
                ? featurize.Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 60, L2Regularization = l2, NumberOfThreads = 1 })).Fit(data)
                : featurize.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options { L2Regularization = l2 * 10, L1Regularization = 0 })).Fit(data);
            var took = watch.Elapsed;
            var engine = ml.Model.CreatePredictionEngine<Row, Scored>(model);
            VBuffer<ReadOnlyMemory<char>> names = default;
            engine.OutputSchema["Score"].GetSlotNames(ref names);
            var labels = names.DenseValues().Select(x => x.ToString()).ToArray();
            int first = 0, three = 0;
            foreach (var t in test)
            {
                var scores = engine.Predict(new Row { Text = ComplaintClassifier.Normalise(t.Text) }).Score;
                var best = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Take(3).Select(x => labels[x.i]).ToList();
                first += best[0] == t.CategoryCode ? 1 : 0;
                three += best.Contains(t.CategoryCode) ? 1 : 0;
            }

            Console.WriteLine($"{name}: trained in {took.TotalSeconds:0.0} s; held back: top-1 {(double)first / test.Count:P1}, top-3 {(double)three / test.Count:P1}");
        }
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public string Label { get; set; } = "";
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
