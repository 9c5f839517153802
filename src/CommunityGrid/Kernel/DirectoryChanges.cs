using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Kernel;

/// <summary>Rows that <see cref="DirectoryCache"/> answers from memory: users, grants, subscriptions.</summary>
public interface IDirectoryData;

/// <summary>
/// A save that adds, changes or removes an <see cref="IDirectoryData"/> row retires what <see cref="DirectoryCache"/> holds:
/// right after the save, and again when its transaction commits (a request that re-read the old rows in
/// between must not keep them). Writes that bypass the change tracker (an area move's bulk path rewrite)
/// call <see cref="DirectoryCache.ForgetAll"/> themselves.
/// </summary>
public sealed class DirectoryChanges(DirectoryCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private bool pending;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Notice(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Notice(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed();
        return Task.CompletedTask;
    }

    private void Notice(DbContextEventData eventData)
    {
        pending |= eventData.Context?.ChangeTracker.Entries()
            .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is IDirectoryData) == true;
    }

    private void Saved(SaveChangesCompletedEventData eventData)
    {
        if (!pending)
        {
            return;
        }

        cache.ForgetAll();
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            pending = false;
        }
    }

    private void Committed()
    {
        if (pending)
        {
            cache.ForgetAll();
            pending = false;
        }
    }
}
