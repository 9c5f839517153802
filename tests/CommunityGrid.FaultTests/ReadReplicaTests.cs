using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CommunityGrid.FaultTests;

/// <summary>
/// The app on a PostgreSQL primary with a streaming replica of it (pg_basebackup -R), both of this test's
/// own on loopback. Public Open311 reads come from the replica: with replay paused they do not see an order
/// the primary already has, and right after replication catches up they do; with the replica stopped the
/// primary answers. The order's own detail — read after write — always comes from the primary.
/// </summary>
public sealed class ReadReplicaTests
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 480_000)]
    public async Task Public_reads_come_from_the_replica_and_see_an_order_right_after_replication_catches_up()
    {
        if (PostgresCluster.Bin is not { } bin)
        {
            Assert.Skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql/*/bin.");
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        const string database = "cg_replica";
        await using var primary = await PostgresCluster.StartAsync(bin);
        await using var replica = await primary.StartReplicaAsync();
        var dir = Directory.CreateTempSubdirectory("cg-replica-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__CommunityGrid"] = primary.ConnectionString(database),
            ["Database__ReadReplicas__0"] = replica.ConnectionString(database),
            ["Demo__Seed"] = "true",
            ["DataProtection__KeyPath"] = Path.Combine(dir, "keys"),
            ["Storage__PhotoPath"] = Path.Combine(dir, "photos"),
        };
        await using var app = await AppProcess.StartAsync(settings, Path.Combine(dir, "app.log"));
        var resident = await app.ClientForAsync("resident.shiqi.01");

        var first = await ReportAsync(resident, "副本演练 一");
        await CaughtUpAsync(primary, replica, database, ct);
        (await PublicAsync(app, first.Number)).ShouldBe([first.Number]);

        await replica.ScalarAsync(database, "SELECT pg_wal_replay_pause()");
        var second = await ReportAsync(resident, "副本演练 二");
        (await resident.GetAsync($"/api/work-orders/{second.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK, "the caller's own order is read from the primary");
        (await PublicAsync(app, second.Number)).ShouldBeEmpty("with replay paused the replica does not have the order yet, and the public list is read there");

        await replica.ScalarAsync(database, "SELECT pg_wal_replay_resume()");
        await CaughtUpAsync(primary, replica, database, ct);
        (await PublicAsync(app, second.Number)).ShouldBe([second.Number]);

        await replica.StopAsync();
        (await PublicAsync(app, second.Number)).ShouldBe([second.Number], "with the replica down the primary answers");
        app.HasExited.ShouldBeFalse();
    }

    private static async Task<(Guid Id, string Number)> ReportAsync(HttpClient client, string title)
    {
        using var response = await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var order = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order");
        return (order.GetProperty("id").GetGuid(), order.GetProperty("number").GetString()!);
    }

    /// <summary>The ids the public Open311 list answers for one request id (none when it is not there).</summary>
    private static async Task<string[]> PublicAsync(AppProcess app, string number)
    {
        using var response = await app.Client.GetAsync($"/open311/v2/requests.json?service_request_id={number}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. list.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!)];
    }

    /// <summary>Waits until the replica has replayed everything the primary had written when asked.</summary>
    private static async Task CaughtUpAsync(PostgresCluster primary, PostgresCluster replica, string database, CancellationToken ct)
    {
        var target = (string)(await primary.ScalarAsync(database, "SELECT pg_current_wal_lsn()::text"))!;
        var until = DateTime.UtcNow + CatchUp;
        while (DateTime.UtcNow < until)
        {
            if (await replica.ScalarAsync(database, $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") is true)
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"The replica did not replay up to {target} within {CatchUp}.");
    }
}
