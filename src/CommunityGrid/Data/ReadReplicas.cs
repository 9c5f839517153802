using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommunityGrid.Data;

/// <summary>
/// PostgreSQL streaming replicas for reads that may lag the primary by a moment: dashboards and figures,
/// exports, public pages and Open311 GETs (docs/scaling.md). Configured as connection strings under
/// <c>Database:ReadReplicas</c>; taken in turn. A replica that cannot be reached is left alone for
/// <see cref="RestTime"/> and the primary answers instead. Writes and a page that must see what the caller
/// just wrote never come here. Without replicas (and always on SQLite) every read goes to the primary.
/// </summary>
public sealed class ReadReplicas
{
    public static readonly TimeSpan RestTime = TimeSpan.FromSeconds(30);

    private readonly Replica[] replicas;
    private readonly TimeProvider clock;
    private readonly ILogger<ReadReplicas> logger;
    private int next;

    public ReadReplicas(IConfiguration configuration, TimeProvider clock, ILogger<ReadReplicas> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        this.clock = clock;
        this.logger = logger;
        var connections = Database.Provider(configuration) == DatabaseProvider.Postgres
            ? configuration.GetSection("Database:ReadReplicas").GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).ToArray()
            : [];
        replicas = [.. connections.Select(c => new Replica(c!, new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(c, n => n.EnableRetryOnFailure(0))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options))];
    }

    /// <summary>How many replicas are configured.</summary>
    public int Count => replicas.Length;

    /// <summary>A context on the next reachable replica (its connection open), or null when none is configured or reachable.</summary>
    internal async Task<AppDbContext?> OpenAsync(CancellationToken ct)
    {
        for (var tried = 0; tried < replicas.Length; tried++)
        {
            var replica = replicas[(int)((uint)Interlocked.Increment(ref next) % (uint)replicas.Length)];
            if (replica.RestingUntil > clock.GetUtcNow())
            {
                continue;
            }

            var db = new PostgresAppDbContext(replica.Options);
            try
            {
                // A pooled connection to a replica that went away opens fine and fails on first use: ask once.
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
                return db;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                if (db.Database.GetDbConnection() is NpgsqlConnection broken)
                {
                    NpgsqlConnection.ClearPool(broken);
                }

                await db.DisposeAsync();
                replica.RestingUntil = clock.GetUtcNow() + RestTime;
                logger.LogWarning(e, "Read replica {Host} unreachable; reads go to the primary for {Seconds} s", new NpgsqlConnectionStringBuilder(replica.Connection).Host, RestTime.TotalSeconds);
            }
        }

        return null;
    }

    private sealed class Replica(string connection, DbContextOptions<PostgresAppDbContext> options)
    {
        public string Connection { get; } = connection;
        public DbContextOptions<PostgresAppDbContext> Options { get; } = options;
        public DateTimeOffset RestingUntil { get; set; }
    }
}

/// <summary>
/// The database a request reads from when a moment's lag is fine: a replica when one is configured and
/// reachable, else the request's own (primary) context. Never write through it.
/// </summary>
public sealed class ReplicaReads(ReadReplicas replicas, AppDbContext primary) : IAsyncDisposable
{
    private AppDbContext? replica;
    private bool resolved;

    /// <summary>The context to read from; opened on first use.</summary>
    public async Task<AppDbContext> DbAsync(CancellationToken ct = default)
    {
        if (!resolved)
        {
            replica = replicas.Count == 0 ? null : await replicas.OpenAsync(ct);
            resolved = true;
        }

        return replica ?? primary;
    }

    public async ValueTask DisposeAsync()
    {
        if (replica is not null)
        {
            await replica.DisposeAsync();
        }
    }
}
