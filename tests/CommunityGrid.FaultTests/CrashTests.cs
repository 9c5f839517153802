using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CommunityGrid.FaultTests;

/// <summary>
/// The app as a real process on its own SQLite file, killed with SIGKILL while residents report
/// problems and redeem points (every POST with an Idempotency-Key), then started again on the same
/// file: every answer the load saw holds, each key made at most one order, the books balance, and
/// the webhook rows left pending by the crash are delivered.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const string Community = "150105001001";
    private const int Workers = 4;
    private const int AttemptsPerWorker = 30;
    private const int AcceptedBeforeKill = 24;

    private readonly string dir = Directory.CreateTempSubdirectory("cg-crash-").FullName;

    private string Database => Path.Combine(dir, "app.db");

    private Dictionary<string, string> Settings(TimeSpan deliveryInterval) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__CommunityGrid"] = $"Data Source={Database}",
        ["Demo__Seed"] = "true",
        ["DataProtection__KeyPath"] = Path.Combine(dir, "keys"),
        ["Storage__PhotoPath"] = Path.Combine(dir, "photos"),
        ["Notifications__AllowPrivateTargets"] = "true",
        ["Notifications__DeliveryInterval"] = deliveryInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed record Attempt(string Key, string User, string Path, string Body, bool IsOrder);

    private sealed record Outcome(Attempt Attempt, HttpStatusCode? Status, Guid? Id, string? Code, bool Replayed);

    [Fact(Timeout = 480_000)]
    public async Task A_kill_9_under_load_loses_no_accepted_order_duplicates_none_keeps_the_books_balanced_and_the_outbox_resumes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var receiver = new WebhookReceiver();
        var tokens = new Dictionary<string, AuthenticationHeaderValue>();
        Guid hook;
        var before = new ConcurrentBag<Outcome>();
        await using (var first = await AppProcess.StartAsync(Settings(TimeSpan.FromHours(1)), Path.Combine(dir, "first.log")))
        {
            var admin = await first.ClientForAsync("community.shiqi");
            using (var created = await admin.PostAsJsonAsync("/api/webhooks", new { areaCode = Community, name = "故障演练", targetUrl = receiver.Url }))
            {
                created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
                hook = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhook").GetProperty("id").GetGuid();
            }

            var clients = new Dictionary<string, HttpClient>();
            foreach (var user in new[] { "resident.shiqi.01", "resident.shiqi.02" })
            {
                clients[user] = await first.ClientForAsync(user);
                tokens[user] = clients[user].DefaultRequestHeaders.Authorization!;
            }

            var item = await CheapestItemAsync(clients["resident.shiqi.01"]);
            var accepted = 0;
            var killed = new TaskCompletionSource();
            var work = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < AttemptsPerWorker && !killed.Task.IsCompleted; i++)
                {
                    var attempt = NewAttempt(w, i, item);
                    var outcome = await SendAsync(clients[attempt.User], attempt);
                    before.Add(outcome);
                    if (outcome.Status is null)
                    {
                        return;
                    }

                    if (outcome.Status == HttpStatusCode.Created && Interlocked.Increment(ref accepted) == AcceptedBeforeKill)
                    {
                        first.Kill();
                        killed.TrySetResult();
                    }
                }
            })).ToList();
            await Task.WhenAll(work);
            killed.Task.IsCompleted.ShouldBeTrue($"the load ended before {AcceptedBeforeKill} requests were accepted; see {first.LogFile}");
            first.HasExited.ShouldBeTrue();
        }

        var pendingAtCrash = await ScalarAsync($"SELECT count(*) FROM OutboxMessages WHERE SubscriptionId = '{hook.ToString().ToUpperInvariant()}' AND Status = 'Pending'");
        pendingAtCrash.ShouldBeGreaterThan(0, "the crash should leave webhook rows to deliver");

        await using var second = await AppProcess.StartAsync(Settings(TimeSpan.FromSeconds(1)), Path.Combine(dir, "second.log"));
        // The bearer tokens of the first run still work: the key ring was persisted (DataProtection:KeyPath).
        var again = tokens.ToDictionary(t => t.Key, t => new HttpClient { BaseAddress = second.Client.BaseAddress, DefaultRequestHeaders = { Authorization = t.Value } });
        var after = new List<Outcome>();
        foreach (var outcome in before)
        {
            after.Add(await SendAsync(again[outcome.Attempt.User], outcome.Attempt));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"before the kill: {before.Count(o => o.Status == HttpStatusCode.Created)} accepted, {before.Count(o => o.Status is null)} cut off, {before.Count(o => o.Status is { } s && s != HttpStatusCode.Created)} refused; " +
            $"{pendingAtCrash} webhook rows pending; after the restart: {string.Join(", ", after.GroupBy(o => $"{(int?)o.Status} {o.Code}{(o.Replayed ? " replayed" : "")}").Select(g => $"{g.Count()}× {g.Key}"))}");

        // Every acceptance seen before the crash is given again, unchanged (refusals wrote nothing and may run again).
        var answered = before.Where(o => o.Status is not null).ToDictionary(o => o.Attempt.Key);
        foreach (var retry in after.Where(a => answered.TryGetValue(a.Attempt.Key, out var o) && o.Status == HttpStatusCode.Created))
        {
            var first = answered[retry.Attempt.Key];
            retry.Status.ShouldBe(HttpStatusCode.Created, retry.Attempt.Key);
            retry.Id.ShouldBe(first.Id, retry.Attempt.Key);
            retry.Replayed.ShouldBeTrue(retry.Attempt.Key);
        }

        // A request cut off by the crash either ran to its end once, or holds its key until the claim goes stale.
        foreach (var retry in after.Where(a => !answered.ContainsKey(a.Attempt.Key)))
        {
            (retry.Status == HttpStatusCode.Created || retry.Code == "idempotency_in_progress" || (retry.Status == HttpStatusCode.Conflict && !retry.Attempt.IsOrder))
                .ShouldBeTrue($"{retry.Attempt.Key}: {retry.Status} {retry.Code}");
        }

        // Each order key made at most one order, and every accepted one is there exactly once with the id the client was told.
        var acceptedIds = after.Concat(before).Where(o => o.Status == HttpStatusCode.Created).GroupBy(o => o.Attempt.Key).ToDictionary(g => g.Key, g => g.Select(o => o.Id).Distinct().Single());
        foreach (var key in before.Where(o => o.Attempt.IsOrder).Select(o => o.Attempt.Key))
        {
            var ids = await IdsAsync("SELECT Id FROM WorkOrders WHERE Description = $key", key);
            ids.Count.ShouldBeLessThanOrEqualTo(1, key);
            if (acceptedIds.TryGetValue(key, out var id))
            {
                ids.ShouldBe([id!.Value], key);
            }
        }

        foreach (var (key, id) in acceptedIds.Where(a => !a.Key.StartsWith("order", StringComparison.Ordinal)))
        {
            (await IdsAsync("SELECT Id FROM Redemptions WHERE Id = $key", id!.Value.ToString().ToUpperInvariant())).Count.ShouldBe(1, key);
        }

        // The books: every balance is the sum of its transfers, and all balances sum to zero.
        (await ScalarAsync("SELECT coalesce(sum(Balance), 0) FROM PointsAccounts")).ShouldBe(0);
        (await ScalarAsync("""
            SELECT count(*) FROM PointsAccounts a
            WHERE a.Balance <> coalesce((SELECT sum(Amount) FROM PointsTransfers t WHERE t.ToAccountId = a.Id), 0)
                             - coalesce((SELECT sum(Amount) FROM PointsTransfers t WHERE t.FromAccountId = a.Id), 0)
            """)).ShouldBe(0);

        // The outbox resumes: every row of the webhook is delivered, and the receiver got each one.
        var subscription = hook.ToString().ToUpperInvariant();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (await ScalarAsync($"SELECT count(*) FROM OutboxMessages WHERE SubscriptionId = '{subscription}' AND Status <> 'Delivered'") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, ct);
        }

        (await ScalarAsync($"SELECT count(*) FROM OutboxMessages WHERE SubscriptionId = '{subscription}' AND Status <> 'Delivered'")).ShouldBe(0, $"see {second.LogFile}");
        var rows = await IdsAsync("SELECT Id FROM OutboxMessages WHERE SubscriptionId = $key", subscription);
        rows.Count.ShouldBeGreaterThanOrEqualTo((int)pendingAtCrash);
        foreach (var row in rows)
        {
            receiver.EventIds.ShouldContainKey(row!.Value);
        }

        second.HasExited.ShouldBeFalse();
    }

    private static Attempt NewAttempt(int worker, int i, Guid? item)
    {
        var user = worker % 2 == 0 ? "resident.shiqi.01" : "resident.shiqi.02";
        if (item is { } itemId && worker == 0 && i % 4 == 3)
        {
            return new Attempt($"redeem-{worker}-{i}-{Guid.NewGuid():N}", user, $"/api/points/shop/{itemId}/redeem", "", IsOrder: false);
        }

        var key = $"order-{worker}-{i}-{Guid.NewGuid():N}";
        var body = JsonSerializer.Serialize(new { categoryCode = "city.garbage", title = $"故障演练 {worker}-{i}", description = key });
        return new Attempt(key, user, "/api/work-orders", body, IsOrder: true);
    }

    private static async Task<Outcome> SendAsync(HttpClient client, Attempt attempt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, attempt.Path) { Content = new StringContent(attempt.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        try
        {
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Guid? id = null;
            string? code = null;
            if (text.StartsWith('{'))
            {
                var json = JsonDocument.Parse(text).RootElement;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    id = (json.TryGetProperty("order", out var order) ? order : json).GetProperty("id").GetGuid();
                }
                else if (json.TryGetProperty("code", out var c))
                {
                    code = c.GetString();
                }
            }

            ((int)response.StatusCode).ShouldBeLessThan(500, text);
            return new Outcome(attempt, response.StatusCode, id, code, response.Headers.Contains("Idempotent-Replayed"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Outcome(attempt, null, null, null, false);
        }
    }

    private static async Task<Guid?> CheapestItemAsync(HttpClient resident)
    {
        var shop = await resident.GetFromJsonAsync<JsonElement>("/api/points/shop?pageSize=100");
        return shop.GetProperty("items").EnumerateArray()
            .Where(i => i.TryGetProperty("stock", out var s) && s.GetInt32() > 0 && i.GetProperty("price").GetInt64() <= 20)
            .Select(i => (Guid?)i.GetProperty("id").GetGuid()).FirstOrDefault();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        await conn.OpenAsync();
        await using var command = conn.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<Guid?>> IdsAsync(string sql, string key)
    {
        await using var conn = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        await conn.OpenAsync();
        await using var command = conn.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        var ids = new List<Guid?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }

        return ids;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the system.
        }
    }
}
