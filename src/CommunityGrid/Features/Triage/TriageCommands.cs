namespace CommunityGrid.Features.Triage;

/// <summary>
/// <c>triage retrain</c>: retrains from the shipped corpus and the kept corrections, prints accuracy on the
/// held-back split before and after, and exits 0 when the new model replaced the old one, 1 when it was refused.
/// </summary>
public static class TriageCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string? sub, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (sub != "retrain")
        {
            await output.WriteLineAsync("usage: triage retrain");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<RetrainClassifier>().RunAsync("command", ct);
        await output.WriteLineAsync(report.Describe());
        return report.Accepted ? 0 : 1;
    }
}
