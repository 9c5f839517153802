using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Triage;

/// <summary>Deployment settings of triage (section <c>Triage</c>).</summary>
public sealed class TriageOptions
{
    /// <summary>Below this probability of the best category a complaint goes to the community's manual triage queue.</summary>
    public double ManualBelow { get; set; } = 0.35;
}

/// <summary>
/// The classifier the app answers with: the last model the retrain command accepted (stored with its run), else
/// one trained at start from the shipped corpus — seconds, once per process, shared by every host in it.
/// Swapped whole when a retrain is accepted; readers never see half a model.
/// </summary>
public sealed class TriageModel(IServiceScopeFactory scopes) : IDisposable
{
    private static readonly Lazy<Task<ComplaintClassifier>> FromCorpus =
        new(() => Task.Run(() => ComplaintClassifier.Train(TriageCorpus.Training)));

    private readonly SemaphoreSlim loading = new(1, 1);
    private readonly SemaphoreSlim retraining = new(1, 1);
    private volatile ComplaintClassifier? current;

    /// <summary>The shipped corpus' model (what a fresh deployment answers with).</summary>
    public static Task<ComplaintClassifier> ShippedAsync() => FromCorpus.Value;

    public async Task<ComplaintClassifier> CurrentAsync(CancellationToken ct = default)
    {
        if (current is { } model)
        {
            return model;
        }

        await loading.WaitAsync(ct);
        try
        {
            if (current is { } loaded)
            {
                return loaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.TriageTrainingRuns.AsNoTracking().Where(r => r.Accepted && r.Model != null)
                .OrderByDescending(r => r.At).Select(r => r.Model).FirstOrDefaultAsync(ct);
            if (stored is not null)
            {
                using var stream = new MemoryStream(stored);
                return current = ComplaintClassifier.Load(stream);
            }

            return current = await ShippedAsync().WaitAsync(ct);
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose()
    {
        loading.Dispose();
        retraining.Dispose();
    }

    /// <summary>One retrain at a time: training takes seconds of CPU, and a second run at once would only race the first.</summary>
    public bool TryBeginRetraining() => retraining.Wait(0);

    public void EndRetraining() => retraining.Release();

    /// <summary>Puts an accepted model in place for every request after this one.</summary>
    public void Replace(ComplaintClassifier model) => current = model;
}

/// <summary>Builds the model while the app starts, so the first complaint does not wait for training.</summary>
internal sealed class TriageWarmUp(TriageModel model, ILogger<TriageWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await model.CurrentAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first request tries again; a warm-up failure must not stop the app.
            log.LogWarning(e, "Triage model warm-up failed");
        }
    }
}
