using CommunityGrid.Data;

namespace CommunityGrid.Features.Auditing;

/// <summary>
/// <c>dotnet run --project src/CommunityGrid -- audit verify</c>: walks the audit hash chain of the
/// configured database and exits (0 intact, 1 broken, 2 unknown command) without starting the web server.
/// </summary>
public static class AuditCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Count < 2 || args[1] != "verify")
        {
            await output.WriteLineAsync("usage: audit verify   (checks the audit hash chain and names the first broken row)");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var report = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        await output.WriteLineAsync($"checked {report.Checked} chained audit rows; {report.OlderThanChain} older rows predate the chain");
        if (report.HeadSeq is { } head)
        {
            await output.WriteLineAsync($"head: link {head} {report.HeadHash}");
        }

        if (report.FirstBreak is { } broken)
        {
            await output.WriteLineAsync($"BROKEN at audit row {broken.EntryId} ({broken.Code}): {broken.MessageEn}");
            await output.WriteLineAsync(broken.Message);
            return 1;
        }

        await output.WriteLineAsync("intact");
        return 0;
    }
}
