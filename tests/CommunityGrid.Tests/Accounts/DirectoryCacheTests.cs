using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Kernel;
using CommunityGrid.Tests.Areas;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Accounts;

/// <summary>
/// Who a caller is comes from memory for a few seconds; a change of users or grants made in this app is
/// seen by the very next request, not after the cache's lifetime.
/// </summary>
public sealed class DirectoryCacheTests(SessionApp app) : IClassFixture<SessionApp>
{
    private static async Task<string[]> RolesAsync(HttpClient client)
    {
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        return [.. me.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("role").GetString() + "@" + r.GetProperty("areaCode").GetString()).Order()];
    }

    [Fact]
    public async Task A_grant_given_or_taken_counts_on_the_next_request()
    {
        var client = await app.ClientForAsync("grid.shiqi.02");
        var before = await RolesAsync(client);
        before.ShouldBe(["GridWorker@150105001001002"]);

        var id = await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "grid.shiqi.02");
            var grid = await db.Areas.SingleAsync(a => a.Code == "150105001001001");
            var grant = RoleAssignment.Grant(user.Id, Role.GridWorker, grid);
            db.RoleAssignments.Add(grant);
            await db.SaveChangesAsync();
            return grant.Id;
        });

        (await RolesAsync(client)).ShouldBe(["GridWorker@150105001001001", "GridWorker@150105001001002"]);

        await app.WithDbAsync(async db =>
        {
            db.RoleAssignments.Remove(await db.RoleAssignments.SingleAsync(r => r.Id == id));
            return await db.SaveChangesAsync();
        });

        (await RolesAsync(client)).ShouldBe(before);
    }

    [Fact]
    public async Task A_change_in_an_explicit_transaction_counts_once_it_commits()
    {
        var client = await app.ClientForAsync("building.shiqi.01");
        var before = await RolesAsync(client);

        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var user = await db.Users.SingleAsync(u => u.UserName == "building.shiqi.01");
            var grid = await db.Areas.SingleAsync(a => a.Code == "150105001001002");
            db.RoleAssignments.Add(RoleAssignment.Grant(user.Id, Role.GridWorker, grid));
            await db.SaveChangesAsync();

            // Read (and cached) by a request while the change is not yet committed: the old grants.
            (await RolesAsync(client)).ShouldBe(before);
            await tx.CommitAsync();
            return 0;
        });

        (await RolesAsync(client)).ShouldContain("GridWorker@150105001001002");
    }
}
