using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// <c>backup</c> of a running seeded app after some writes, <c>restore</c> into a new empty
/// database, then the two compared: the row count of every table and a checksum of the content of
/// a few. On the provider under test (SQLite online backup; pg_dump/pg_restore).
/// </summary>
public sealed class BackupRestoreTests(BackupRestoreTests.App app) : IClassFixture<BackupRestoreTests.App>
{
    /// <summary>Background loops off, so nothing writes between the backup and the comparison but the test.</summary>
    public sealed class App : AppFactory
    {
        public App() => WithoutSweeps();
    }

    private static readonly string[] Checksummed = ["WorkOrders", "WorkOrderEvents", "AspNetUsers", "PointsTransfers", "AuditEntries", "OutboxMessages"];

    private static DatabaseProvider Provider => AppFactory.OnPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    [Fact]
    public async Task A_backup_taken_while_the_app_runs_restores_into_an_empty_database_with_every_row()
    {
        if (AppFactory.OnPostgres && DatabaseBackup.FindPostgresTool("pg_dump") is null)
        {
            Assert.Skip("pg_dump is not installed.");
        }

        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        for (var i = 0; i < 3; i++)
        {
            (await resident.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = $"备份前的报修 {i}" }, TestContext.Current.CancellationToken))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var file = Path.Combine(Path.GetTempPath(), $"cg-backup-{Guid.NewGuid():N}.dump");
        await using var target = new EmptyDatabase();
        try
        {
            var output = new StringWriter();
            (await DatabaseBackup.BackupAsync(Provider, app.ConnectionString, file, output, TestContext.Current.CancellationToken)).ShouldBe(0);
            new FileInfo(file).Length.ShouldBeGreaterThan(0);
            (await DatabaseBackup.RestoreAsync(Provider, target.ConnectionString, file, force: false, output, TestContext.Current.CancellationToken)).ShouldBe(0);

            var tables = Tables();
            tables.Count.ShouldBeGreaterThan(30);
            var source = await SnapshotAsync(app.ConnectionString, tables);
            var restored = await SnapshotAsync(target.ConnectionString, tables);
            restored.ShouldBe(source);
            long.Parse(source["AspNetUsers"].Split(' ')[0], CultureInfo.InvariantCulture).ShouldBeGreaterThan(10);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Backup_will_not_overwrite_a_file_and_restore_will_not_overwrite_a_database_with_data()
    {
        if (AppFactory.OnPostgres && DatabaseBackup.FindPostgresTool("pg_dump") is null)
        {
            Assert.Skip("pg_dump is not installed.");
        }

        var file = Path.Combine(Path.GetTempPath(), $"cg-backup-{Guid.NewGuid():N}.dump");
        try
        {
            await DatabaseBackup.BackupAsync(Provider, app.ConnectionString, file, TextWriter.Null, TestContext.Current.CancellationToken);
            (await Should.ThrowAsync<CommandException>(() => DatabaseBackup.BackupAsync(Provider, app.ConnectionString, file, TextWriter.Null, TestContext.Current.CancellationToken)))
                .Message.ShouldContain("exists");
            (await Should.ThrowAsync<CommandException>(() => DatabaseBackup.RestoreAsync(Provider, app.ConnectionString, file, force: false, TextWriter.Null, TestContext.Current.CancellationToken)))
                .Message.ShouldContain("not empty");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private List<string> Tables()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return [.. db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Append("__EFMigrationsHistory").Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>Per table: its row count, and for a few the SHA-256 of every row's values in key order.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(string connectionString, IReadOnlyList<string> tables)
    {
        await using DbConnection conn = AppFactory.OnPostgres ? new NpgsqlConnection(connectionString) : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await conn.OpenAsync();
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = conn.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            var rows = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            var summary = rows.ToString(CultureInfo.InvariantCulture);
            if (Checksummed.Contains(table))
            {
                await using var read = conn.CreateCommand();
                read.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var value = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                        {
                            byte[] b => Convert.ToHexString(b),
                            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                            var v => v.ToString(),
                        };
                        hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
                    }

                    hash.AppendData("\u001e"u8);
                }

                summary += " " + Convert.ToHexString(hash.GetHashAndReset());
            }

            snapshot[table] = summary;
        }

        return snapshot;
    }
}
