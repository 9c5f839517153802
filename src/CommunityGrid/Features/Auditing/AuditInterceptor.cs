using System.Data.Common;
using System.Security.Claims;
using System.Text.Json;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Features.Auditing;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, changed or deleted row in the same
/// SaveChanges (so the audit cannot drift from the data), and refuses to change audit rows.
/// When the transaction that wrote them commits, the new rows are linked into the hash chain
/// (<see cref="AuditChain"/>); rows of a save that failed or a transaction rolled back are never linked.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider clock) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Rows written but not yet linked, with the transaction they were written in (null: the one
    // SaveChanges is about to begin). One interceptor serves one scope's context; keyed all the same.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<(AuditEntry Entry, Guid? Transaction)>> unlinked = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetUnsaved(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetUnsaved(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => ForgetUnsaved(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetUnsaved(eventData.Context);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Adopt(eventData);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Adopt(eventData);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        // Sync commits are rare here (the app commits asynchronously); the link is the same work.
        LinkAsync(eventData, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await LinkAsync(eventData, cancellationToken);
        return result;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private async Task LinkAsync(TransactionEventData eventData, CancellationToken ct)
    {
        if (eventData.Context is not { } context || !unlinked.TryGetValue(context, out var rows))
        {
            return;
        }

        // Inside SaveChanges the generated keys sit in the tracker, not yet in the entities.
        var mine = rows.Where(r => r.Transaction == eventData.TransactionId)
            .Select(r => (context.Entry(r.Entry).Property(e => e.Id).CurrentValue, r.Entry)).ToList();
        rows.RemoveAll(r => r.Transaction == eventData.TransactionId);
        await AuditChain.AppendAsync(context, mine, ct);
    }

    /// <summary>A transaction begins: rows waiting for "the next transaction" are its; rows of an earlier one that never committed are dropped.</summary>
    private void Adopt(TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && unlinked.TryGetValue(context, out var rows))
        {
            rows.RemoveAll(r => r.Transaction is { } t && t != eventData.TransactionId);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i] = rows[i] with { Transaction = rows[i].Transaction ?? eventData.TransactionId };
            }
        }
    }

    private void Forget(TransactionEventData eventData)
    {
        if (eventData.Context is { } context && unlinked.TryGetValue(context, out var rows))
        {
            rows.RemoveAll(r => r.Transaction == eventData.TransactionId || r.Transaction is null);
        }
    }

    /// <summary>Rows of a failed save stay Added in the tracker; the next save picks them up again.</summary>
    private void ForgetUnsaved(DbContext? context)
    {
        if (context is not null && unlinked.TryGetValue(context, out var rows))
        {
            rows.RemoveAll(r => context.Entry(r.Entry).State != EntityState.Unchanged);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var user = http.HttpContext?.User;
        var userId = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        var userName = user?.Identity?.Name ?? (userId is null ? "system" : null);
        var now = AuditChain.ToStoredPrecision(clock.GetUtcNow().UtcDateTime);
        var entries = new List<AuditEntry>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is IAppendOnly)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                {
                    throw new DomainRuleException("audit_is_append_only", "审计记录只能追加，不能修改或删除", "Audit records are append-only.");
                }

                // An append-only row names its own actor and time; auditing it again would only double it.
                continue;
            }

            // Stored answers of idempotent retries are plumbing, not business records.
            if (entry.Entity is IdempotencyRecord || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var key = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString()));
            var areaPath = entry.Entity is IAreaScoped scoped ? scoped.AreaPath : "";
            entries.Add(AuditEntry.Of(
                now,
                userId,
                userName,
                entry.State.ToString(),
                entry.Metadata.ClrType.Name,
                key,
                areaPath,
                entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false)));
        }

        context.AddRange(entries);
        var waiting = context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        // Linking happens at commit, so every save that writes audit rows runs in a transaction.
        context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        var rows = unlinked.GetOrCreateValue(context);
        var transaction = context.Database.CurrentTransaction?.TransactionId;
        foreach (var entry in waiting.Where(w => !rows.Exists(r => ReferenceEquals(r.Entry, w))))
        {
            rows.Add((entry, transaction));
        }
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (entry.State == EntityState.Modified && !property.IsModified && !property.Metadata.IsPrimaryKey())
            {
                continue;
            }

            var value = original ? property.OriginalValue : property.CurrentValue;
            // Secrets nobody reads back are never written into the log; the marker still shows that one changed.
            values[name] = value is not null && AuditFields.IsSecret(entry.Metadata.ClrType.Name, name) ? AuditFields.Hidden : value;
        }

        return JsonSerializer.Serialize(values);
    }
}
