using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// An interceptor that notices what a save changes and acts once it is durable: <see cref="NoticeAsync"/> runs
/// as the save begins; <see cref="CommittedAsync"/> right after a save outside an explicit transaction, or when
/// the transaction commits; <see cref="Discard"/> when the save fails outside one, or the transaction rolls back.
/// One instance serves one scope's context.
/// </summary>
public abstract class AfterCommit : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>As the save begins: look at the change tracker, add rows to the same save if needed.</summary>
    protected abstract ValueTask NoticeAsync(DbContext context, CancellationToken ct);

    /// <summary>What was noticed is committed.</summary>
    protected abstract Task CommittedAsync();

    /// <summary>What was noticed will never be committed.</summary>
    protected abstract void Discard();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            await NoticeAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            NoticeAsync(context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await CommittedAsync();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            CommittedAsync().GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Discard();
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CommittedAsync().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => CommittedAsync();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard();
        return Task.CompletedTask;
    }
}
