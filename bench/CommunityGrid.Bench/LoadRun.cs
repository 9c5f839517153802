using System.Diagnostics;

namespace CommunityGrid.Bench;

/// <summary>What one measured run gave: every latency, sorted, and the requests that failed.</summary>
internal sealed record LoadResult(string Endpoint, int Connections, double Seconds, long Errors, double[] SortedMs, double ServerCpuMsPerRequest, string LoadAverage)
{
    public int Requests => SortedMs.Length;

    public double PerSecond => Requests / Seconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    /// <summary>Nearest rank: the smallest sample with at least q of the samples at or below it.</summary>
    public double Percentile(double q) => SortedMs.Length == 0 ? double.NaN : SortedMs[Math.Max(0, (int)Math.Ceiling(q * SortedMs.Length) - 1)];
}

/// <summary>
/// A closed-loop load: N workers, each with one request in flight at a time, until the time is up
/// or the request budget is spent. Every latency is kept.
/// </summary>
internal static class LoadRun
{
    public static async Task<(double Seconds, long Errors, double[] SortedMs)> RunAsync(
        HttpClient client, Func<int, long, HttpRequestMessage> request, int connections, TimeSpan duration, long maxRequests, Func<HttpResponseMessage, bool> succeeded)
    {
        long issued = 0;
        long errors = 0;
        var samples = new List<double>[connections];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > maxRequests)
                {
                    break;
                }

                using var message = request(w, n);
                var start = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    ok = succeeded(response);
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (ok)
                {
                    mine.Add(ms);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        return (seconds, errors, all);
    }
}
