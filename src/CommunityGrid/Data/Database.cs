using System.Data.Common;
using CommunityGrid.Features.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

internal static class Database
{
    public const string DefaultSqliteConnection = "Data Source=data/communitygrid.db";

    public static DatabaseProvider Provider(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    /// <summary>The connection string in use: the configured one, or the SQLite default.</summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var connection = configuration.GetConnectionString("CommunityGrid");
        return string.IsNullOrWhiteSpace(connection) && Provider(configuration) == DatabaseProvider.Sqlite ? DefaultSqliteConnection : connection ?? "";
    }

    /// <summary>Registers the context for the configured provider; <see cref="AppDbContext"/> resolves to it.</summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = Provider(configuration);
        var connection = configuration.GetConnectionString("CommunityGrid");
        services.AddSingleton<SqliteWriteGate>();
        services.AddScoped<AuditInterceptor>();
        services.AddMemoryCache();
        services.AddSingleton<DirectoryCache>();
        services.AddSingleton<ReadReplicas>();
        services.AddScoped<ReplicaReads>();
        services.AddScoped<DirectoryChanges>();
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:CommunityGrid is empty.");
            }

            services.AddDbContext<PostgresAppDbContext>((sp, o) => o
                .UseNpgsql(connection, n => n.EnableRetryOnFailure(0))
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<DirectoryChanges>()));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
        }
        else
        {
            var cs = string.IsNullOrWhiteSpace(connection) ? DefaultSqliteConnection : connection;
            EnsureSqliteFolder(cs);
            services.AddDbContext<SqliteAppDbContext>((sp, o) => o
                .UseSqlite(cs)
                .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<DirectoryChanges>(), sp.GetRequiredService<SqliteWriteGate>()));
            services.AddScoped<AppDbContext>(sp =>
            {
                var db = sp.GetRequiredService<SqliteAppDbContext>();
                // Every SaveChanges runs in a transaction so the write gate sees it.
                db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
                return db;
            });
        }

        return services;
    }

    /// <summary>Applies migrations (when Database:MigrateOnStart is not false) and sets SQLite's journal mode.</summary>
    public static async Task MigrateAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        if (configuration.GetValue("Database:MigrateOnStart", true))
        {
            await db.Database.MigrateAsync(ct);
        }
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(dir);
        }
    }
}

/// <summary>
/// SQLite takes one writer at a time; letting many connections race for the lock makes them poll
/// and sleep (half-second tail latencies). This gate queues write transactions inside the app
/// instead, and sets each connection's pragmas. See docs/decisions/0004.
/// </summary>
public sealed class SqliteWriteGate : DbConnectionInterceptor, IDbTransactionInterceptor, IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim gate = new(1, 1);
    // Keyed by EF's connection id: a committed transaction no longer knows its connection.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> holders = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetPragmas(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SetPragmas(connection);
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.ConnectionId);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!gate.Wait(MaxWait))
        {
            throw new TimeoutException("The database is busy.");
        }

        holders[eventData.ConnectionId] = 0;
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!await gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new TimeoutException("The database is busy.");
        }

        holders[eventData.ConnectionId] = 0;
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData.ConnectionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void Dispose() => gate.Dispose();

    private void Release(Guid connectionId)
    {
        // A transaction disposed without commit or rollback is released when its connection closes.
        if (holders.TryRemove(connectionId, out _))
        {
            gate.Release();
        }
    }

    private static void SetPragmas(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time").Options);
}
