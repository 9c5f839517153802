using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityGrid.Data;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.People;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Auditing;

/// <summary>
/// The audit log shows before/after masked exactly as /api/people shows the same person to the same
/// role; unmasked only for roles that need the data, and then written to the sensitive-read log.
/// Secrets never reach the log at all.
/// </summary>
public sealed class AuditMaskingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Grid1House = "150105001001001002020302";

    private static readonly string[] NumberFields = ["IdNumber", "Phone"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Whether a recorded before/after holds an ID number or phone that is not masked.</summary>
    private static bool ShowsAFullNumber(string? json)
    {
        if (json is null)
        {
            return false;
        }

        var values = JsonDocument.Parse(json).RootElement;
        return NumberFields.Any(f => values.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String && !v.GetString()!.Contains('*', StringComparison.Ordinal));
    }

    private async Task<(Guid Id, string IdNumber, string Phone)> RegisterAsync(string name)
    {
        var birth = new DateOnly(1968, 3, 4);
        var idNumber = ImportSheets.NewIdNumber(birth);
        const string phone = "13711223249";
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people",
            new { houseCode = Grid1House, name, gender = "Male", birthDate = birth, idNumber, phone, partyStatus = "None" }, Ct)).JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), idNumber, phone);
    }

    private async Task<List<JsonElement>> AuditRowsOfAsync(string user, Guid personId)
    {
        var client = await app.ClientForAsync(user);
        var page = await (await client.GetAsync("/api/audit?entityType=Person&pageSize=100", Ct)).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("entityId").GetString() == personId.ToString())];
    }

    private async Task<int> SensitiveReadsAsync(string user, Guid personId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var subject = personId.ToString();
        return await db.SensitiveReads.CountAsync(r => r.UserName == user && r.SubjectId == subject && r.RequestPath == "/api/audit", Ct);
    }

    [Theory]
    [InlineData(DemoUsers.CityAdmin)]
    [InlineData(DemoUsers.DistrictAdminSaihan)]
    [InlineData(DemoUsers.StreetAdminRenminlu)]
    public async Task Admins_above_the_community_read_person_entries_masked_as_the_people_list_shows_them(string user)
    {
        var (id, idNumber, phone) = await RegisterAsync("审计甲" + user.Length);
        var listed = await (await (await app.ClientForAsync(user)).GetAsync($"/api/people/{id}", Ct)).JsonAsync();

        var rows = await AuditRowsOfAsync(user, id);

        rows.ShouldNotBeEmpty();
        var after = JsonDocument.Parse(rows[0].GetProperty("after").GetString()!).RootElement;
        after.GetProperty("IdNumber").GetString().ShouldBe(listed.GetProperty("idNumber").GetString());
        after.GetProperty("Phone").GetString().ShouldBe(listed.GetProperty("phone").GetString());
        after.GetProperty("IdNumber").GetString().ShouldBe(IdNumbers.Mask(idNumber));
        after.GetProperty("Phone").GetString().ShouldBe("137****3249");
        rows.ShouldAllBe(r => !ShowsAFullNumber(r.GetProperty("after").GetString()) && !ShowsAFullNumber(r.GetProperty("before").GetString()));
        rows[0].GetProperty("after").GetString()!.ShouldNotContain(phone);
        (await SensitiveReadsAsync(user, id)).ShouldBe(0);
    }

    [Fact]
    public async Task No_admin_above_the_community_reads_a_full_id_number_or_phone_anywhere_in_the_person_log()
    {
        foreach (var user in new[] { DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan, DemoUsers.StreetAdminRenminlu })
        {
            var client = await app.ClientForAsync(user);
            var body = await (await client.GetAsync("/api/audit?entityType=Person&pageSize=200", Ct)).Content.ReadAsStringAsync(Ct);
            var page = JsonDocument.Parse(body).RootElement;
            foreach (var entry in page.GetProperty("items").EnumerateArray())
            {
                ShowsAFullNumber(entry.GetProperty("after").GetString()).ShouldBeFalse(user);
                ShowsAFullNumber(entry.GetProperty("before").GetString()).ShouldBeFalse(user);
            }
        }
    }

    [Fact]
    public async Task The_community_admin_reads_them_unmasked_and_each_read_is_logged()
    {
        var (id, idNumber, phone) = await RegisterAsync("审计乙");

        var rows = await AuditRowsOfAsync(DemoUsers.CommunityAdminShiqi, id);

        var after = JsonDocument.Parse(rows[0].GetProperty("after").GetString()!).RootElement;
        after.GetProperty("IdNumber").GetString().ShouldBe(idNumber);
        after.GetProperty("Phone").GetString().ShouldBe(phone);
        (await SensitiveReadsAsync(DemoUsers.CommunityAdminShiqi, id)).ShouldBe(1);
        var reviewer = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var log = await (await reviewer.GetAsync($"/api/audit/sensitive-reads?subjectId={id}", Ct)).JsonAsync();
        log.GetProperty("items")[0].GetProperty("fields").GetString()!.ShouldContain("idNumber");
        log.GetProperty("items")[0].GetProperty("requestPath").GetString().ShouldBe("/api/audit");
    }

    [Fact]
    public async Task A_phone_change_shows_before_and_after_masked_to_the_street_admin()
    {
        var (id, _, _) = await RegisterAsync("审计丙");
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        (await worker.PutAsJsonAsync($"/api/people/{id}/contact", new { phone = "13911114444" }, Ct)).EnsureSuccessStatusCode();

        var change = (await AuditRowsOfAsync(DemoUsers.StreetAdminRenminlu, id)).First(r => r.GetProperty("action").GetString() == "Modified");

        change.GetProperty("before").GetString()!.ShouldContain("137****3249");
        change.GetProperty("after").GetString()!.ShouldContain("139****4444");
    }

    [Fact]
    public async Task Password_hashes_and_security_stamps_never_reach_the_log()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);

        var page = await (await admin.GetAsync("/api/audit?entityType=AppUser&pageSize=200", Ct)).JsonAsync();

        page.GetProperty("items").GetArrayLength().ShouldBeGreaterThan(0);
        foreach (var entry in page.GetProperty("items").EnumerateArray())
        {
            foreach (var side in new[] { "before", "after" })
            {
                if (entry.GetProperty(side).GetString() is not { } json)
                {
                    continue;
                }

                var values = JsonDocument.Parse(json).RootElement;
                foreach (var secret in new[] { "PasswordHash", "SecurityStamp", "ConcurrencyStamp" })
                {
                    if (values.TryGetProperty(secret, out var v) && v.ValueKind == JsonValueKind.String)
                    {
                        v.GetString().ShouldBe(AuditFields.Hidden);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Secrets_are_kept_out_of_the_rows_as_written()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var users = await db.AuditEntries.Where(e => e.EntityType == "AppUser").Select(e => e.After).ToListAsync(Ct);
        var clients = await db.AuditEntries.Where(e => e.EntityType == "Open311Client").Select(e => e.After).ToListAsync(Ct);

        users.ShouldNotBeEmpty();
        users.ShouldAllBe(a => a == null || a.Contains("\"PasswordHash\":\"***\"") || !a.Contains("PasswordHash"));
        clients.ShouldAllBe(a => a == null || !a.Contains("KeyHash") || a.Contains("\"KeyHash\":\"***\""));
    }

    /// <summary>
    /// A new column that holds a phone, an ID number, an e-mail address or a secret must be classified in
    /// <see cref="AuditFields"/> (or named here as not personal), so the audit log cannot leak it unnoticed.
    /// </summary>
    [Fact]
    public async Task Every_column_that_looks_personal_or_secret_is_classified_for_the_audit()
    {
        string[] notPersonal =
        [
            "AppUser.PhoneNumberConfirmed", "AppUser.EmailConfirmed", "Area.Code", "Area.DistrictCode", "WorkOrderCategory.Code",
            "WorkOrderCategory.Open311Code", "Open311Attribute.Code", "PointsPolicy.CodeValidDays", "OutboxMessage.ClaimToken",
            "IdempotencyRecord.Key", "IdempotencyRecord.RequestHash", "IdempotencyRecord.StatusCode", "IdentityUserLogin`1.LoginProvider", "IdentityUserToken`1.LoginProvider",
            "IdentityUserClaim`1.ClaimType", "IdentityRole.ConcurrencyStamp", "IdentityRoleClaim`1.ClaimValue", "IdentityRoleClaim`1.ClaimType",
            "AuditEntry.Hash", "AuditEntry.PrevHash", "ManualTriage.CategoryCode", "ManualTriage.GuessedCategoryCode", "ManualTriage.HouseCode",
            "TriageCorrection.CategoryCode", "TriageCorrection.GuessedCategoryCode",
        ];
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var suspicious = new Regex("Phone|IdNumber|Email|Secret|Token|Password|Hash|Stamp|Key$|Code$|Recipient", RegexOptions.IgnoreCase);

        var unclassified = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Select(p => (Entity: t.ClrType.Name, Property: p.Name)))
            .Where(x => suspicious.IsMatch(x.Property) && !x.Property.EndsWith("DistrictCode", StringComparison.Ordinal))
            .Where(x => !AuditFields.IsClassified(x.Entity, x.Property) && !notPersonal.Contains($"{x.Entity}.{x.Property}"))
            .Select(x => $"{x.Entity}.{x.Property}")
            .ToList();

        unclassified.ShouldBeEmpty();
    }
}
