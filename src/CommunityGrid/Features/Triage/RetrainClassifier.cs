using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Triage;

public sealed record TrainingReport(DateTime At, int CorpusExamples, int Corrections, int HeldBack, double Top1Before, double Top3Before,
    double Top1After, double Top3After, double TrainingSeconds, bool Accepted, string RunBy)
{
    public static TrainingReport Of(TriageTrainingRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.At, r.CorpusExamples, r.Corrections, r.HeldBack, r.Top1Before, r.Top3Before, r.Top1After, r.Top3After, r.TrainingSeconds, r.Accepted, r.RunBy);
    }

    public string Describe() =>
        $"held back {HeldBack}: top-1 {Top1Before:P1} → {Top1After:P1}, top-3 {Top3Before:P1} → {Top3After:P1}; " +
        $"trained on {CorpusExamples} corpus examples + {Corrections} corrections in {TrainingSeconds:0.0} s; " +
        (Accepted ? "accepted: the new model is in use" : "refused: the new model is worse, the old one stays");
}

/// <summary>
/// Retrains the classifier from the shipped corpus plus every kept correction, measures the model in use and the
/// candidate on the shipped held-back split (reviewed labels; corrections only ever teach), and puts the
/// candidate in place only when it is no worse on top-1 and top-3. Every run is recorded with its figures.
/// </summary>
public sealed class RetrainClassifier(AppDbContext db, TriageModel model, TimeProvider clock)
{
    public async Task<TrainingReport> RunAsync(string runBy, CancellationToken ct = default)
    {
        if (!model.TryBeginRetraining())
        {
            throw new DomainRuleException("triage_retrain_running", "模型正在重新训练，请稍后再试", "A retrain is already running; try again later.", RuleKind.Conflict);
        }

        try
        {
            return await RetrainAsync(runBy, ct);
        }
        finally
        {
            model.EndRetraining();
        }
    }

    private async Task<TrainingReport> RetrainAsync(string runBy, CancellationToken ct)
    {
        var corrections = await db.TriageCorrections.AsNoTracking().OrderBy(c => c.At)
            .Select(c => new LabelledComplaint(c.CategoryCode, c.Text, false)).ToListAsync(ct);
        var corpus = TriageCorpus.Training;
        var heldBack = TriageCorpus.HeldBack;
        var inUse = await model.CurrentAsync(ct);
        var before = inUse.Evaluate(heldBack);
        var (candidate, took) = await Task.Run(() => ComplaintClassifier.TrainTimed([.. corpus, .. corrections]), ct);
        var after = candidate.Evaluate(heldBack);
        byte[]? saved = null;
        if (TriageTrainingRun.IsNoWorse(before, after))
        {
            using var stream = new MemoryStream();
            candidate.Save(stream);
            saved = stream.ToArray();
        }

        var run = TriageTrainingRun.Of(clock.GetUtcNow().UtcDateTime, corpus.Count, corrections.Count, before, after, took, runBy, saved);
        db.TriageTrainingRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (saved is not null)
        {
            model.Replace(candidate);
        }

        return TrainingReport.Of(run);
    }

    public async Task<IReadOnlyList<TrainingReport>> HistoryAsync(int take, CancellationToken ct = default)
    {
        var runs = await db.TriageTrainingRuns.AsNoTracking().OrderByDescending(r => r.At).Take(take)
            .Select(r => new TrainingReport(r.At, r.CorpusExamples, r.Corrections, r.HeldBack, r.Top1Before, r.Top3Before, r.Top1After, r.Top3After, r.TrainingSeconds, r.Accepted, r.RunBy))
            .ToListAsync(ct);
        return runs;
    }
}
