using System.Net;
using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Infrastructure;

[Collection(SharedApp.Name)]
public sealed class OperationsTests(AppFactory app)
{
    [Fact]
    public async Task Health_answers_200_when_the_database_answers()
    {
        var body = await (await app.CreateClient().GetAsync("/health")).JsonAsync();
        body.GetProperty("status").GetString().ShouldBe("healthy");
    }

    [Fact]
    public async Task The_openapi_document_and_the_reference_page_are_served()
    {
        var client = app.CreateClient();
        var doc = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        doc.GetProperty("paths").TryGetProperty("/api/auth/token", out _).ShouldBeTrue();
        (await client.GetAsync("/scalar")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void Neither_provider_has_model_changes_without_a_migration()
    {
        using var sqlite = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        sqlite.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration.sh");
        using var postgres = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);
        postgres.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration.sh");
    }

    [Fact]
    public async Task The_database_in_use_is_the_one_the_test_run_asked_for()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Database.ProviderName.ShouldBe(AppFactory.OnPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite");
        (await db.People.CountAsync()).ShouldBeGreaterThan(1500);
        (await db.Areas.CountAsync(a => a.Level == AreaLevel.Grid)).ShouldBeGreaterThanOrEqualTo(40);
    }
}
