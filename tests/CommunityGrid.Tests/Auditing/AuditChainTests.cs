using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Tests.Areas;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Auditing;

/// <summary>
/// The hash chain over audit rows: intact after ordinary work (also with writers racing on
/// PostgreSQL), and a row changed or deleted behind the app's back is named by the verify command
/// and the admin endpoint. Each test that tampers gets its own database.
/// </summary>
public sealed class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<AppFactory> FreshAppAsync()
    {
        var app = new AppFactory();
        await app.InitializeAsync();
        return app;
    }

    private static async Task<AuditChainReport> VerifyAsync(AppFactory app)
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var response = await admin.GetAsync("/api/audit/verify", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<AuditChainReport>(Ct))!;
    }

    private static async Task<(int Code, string Output)> RunCommandAsync(AppFactory app)
    {
        using var output = new StringWriter();
        var code = await AuditCommands.RunAsync(app.Services, ["audit", "verify"], output, Ct);
        return (code, output.ToString());
    }

    private static async Task<long> SqlAsync(AppFactory app, string sql, params object[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.ExecuteSqlRawAsync(sql, args, Ct);
    }

    private static async Task<long> ChainedRowInTheMiddleAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var count = await db.AuditEntries.CountAsync(e => e.ChainSeq != null, Ct);
        return await db.AuditEntries.Where(e => e.ChainSeq == count / 2).Select(e => e.Id).SingleAsync(Ct);
    }

    private static async Task RenameAGridAsync(AppFactory app, string name)
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var grid = await app.IdOfAsync(DemoAreas.ShiqiGrid4);
        (await client.PutAsJsonAsync($"/api/areas/{grid}", new { name }, Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_seeded_app_verifies_intact_after_some_work_by_endpoint_and_by_command()
    {
        await using var app = await FreshAppAsync();
        var before = await VerifyAsync(app);
        await RenameAGridAsync(app, "仕奇社区第四网格（链）");
        await RenameAGridAsync(app, "仕奇社区第四网格");

        var report = await VerifyAsync(app);
        var (code, output) = await RunCommandAsync(app);

        report.Intact.ShouldBeTrue(report.FirstBreak?.MessageEn);
        report.FirstBreak.ShouldBeNull();
        report.Checked.ShouldBeGreaterThan(before.Checked);
        report.HeadSeq.ShouldBe(report.Checked);
        report.HeadHash!.Length.ShouldBe(64);
        code.ShouldBe(0, output);
        output.ShouldContain("intact");
    }

    [Fact]
    public async Task Changing_one_rows_before_and_after_with_sql_is_named_by_verify()
    {
        await using var app = await FreshAppAsync();
        var id = await ChainedRowInTheMiddleAsync(app);
        (await SqlAsync(app, """UPDATE "AuditEntries" SET "Before" = {0}, "After" = {1} WHERE "Id" = {2}""", "{}", "{\"Name\":\"篡改\"}", id)).ShouldBe(1);

        var report = await VerifyAsync(app);
        var (code, output) = await RunCommandAsync(app);

        report.Intact.ShouldBeFalse();
        report.FirstBreak!.EntryId.ShouldBe(id);
        report.FirstBreak.Code.ShouldBe("audit_row_altered");
        code.ShouldBe(1);
        output.ShouldContain($"audit row {id}");
    }

    [Fact]
    public async Task Rewriting_a_row_together_with_its_hash_breaks_the_next_link()
    {
        await using var app = await FreshAppAsync();
        var id = await ChainedRowInTheMiddleAsync(app);
        await SqlAsync(app, """UPDATE "AuditEntries" SET "After" = {0}, "Hash" = {1} WHERE "Id" = {2}""", "{}", new string('0', 64), id);

        var report = await VerifyAsync(app);

        report.Intact.ShouldBeFalse();
        report.FirstBreak!.Code.ShouldBeOneOf("audit_row_altered", "audit_link_broken");
        report.FirstBreak.EntryId.ShouldBe(id);
    }

    [Fact]
    public async Task Deleting_a_row_is_detected_at_the_row_after_the_gap()
    {
        await using var app = await FreshAppAsync();
        var id = await ChainedRowInTheMiddleAsync(app);
        long next;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var seq = await db.AuditEntries.Where(e => e.Id == id).Select(e => e.ChainSeq).SingleAsync(Ct);
            next = await db.AuditEntries.Where(e => e.ChainSeq == seq + 1).Select(e => e.Id).SingleAsync(Ct);
        }

        (await SqlAsync(app, """DELETE FROM "AuditEntries" WHERE "Id" = {0}""", id)).ShouldBe(1);

        var report = await VerifyAsync(app);
        var (code, output) = await RunCommandAsync(app);

        report.Intact.ShouldBeFalse();
        report.FirstBreak!.Code.ShouldBe("audit_link_missing");
        report.FirstBreak.EntryId.ShouldBe(next);
        code.ShouldBe(1);
        output.ShouldContain("deleted");
    }

    [Fact]
    public async Task A_row_inserted_around_the_chain_is_named()
    {
        await using var app = await FreshAppAsync();
        await SqlAsync(app, """INSERT INTO "AuditEntries" ("At", "Action", "EntityType", "EntityId", "AreaPath") VALUES ({0}, 'Added', 'Area', 'x', '')""", DateTime.UtcNow);

        var report = await VerifyAsync(app);

        report.Intact.ShouldBeFalse();
        report.FirstBreak!.Code.ShouldBe("audit_row_outside_chain");
    }

    [Fact]
    public async Task Concurrent_writers_keep_one_linear_chain()
    {
        await using var app = await FreshAppAsync();
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var people = await (await client.GetAsync($"/api/people?areaCode={DemoAreas.Shiqi}&pageSize=24", Ct)).JsonAsync();
        var ids = people.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        var before = await VerifyAsync(app);

        var writes = ids.Select((id, i) => client.PutAsJsonAsync($"/api/people/{id}/contact", new { phone = $"139{i:D4}{i:D4}" }, Ct)).ToList();
        foreach (var response in await Task.WhenAll(writes))
        {
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
        }

        var report = await VerifyAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outside = await db.AuditEntries.Where(e => e.ChainSeq == null).Select(e => $"{e.Id} {e.Action} {e.EntityType} by {e.UserName}").ToListAsync(Ct);
        outside.ShouldBeEmpty();
        report.Intact.ShouldBeTrue(report.FirstBreak?.MessageEn);
        report.Checked.ShouldBeGreaterThanOrEqualTo(before.Checked + ids.Count);
    }

    [Theory]
    [InlineData(DemoUsers.CommunityAdminShiqi)]
    [InlineData(DemoUsers.DistrictAdminSaihan)]
    [InlineData(DemoUsers.ResidentShiqi1)]
    public async Task Only_the_city_admin_finds_the_verify_endpoint(string user)
    {
        await using var app = await FreshAppAsync();
        var client = await app.ClientForAsync(user);

        await (await client.GetAsync("/api/audit/verify", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unknown_audit_command_prints_its_usage()
    {
        await using var app = await FreshAppAsync();
        using var output = new StringWriter();

        (await AuditCommands.RunAsync(app.Services, ["audit", "rewrite"], output, Ct)).ShouldBe(2);
        output.ToString().ShouldContain("usage");
    }
}
