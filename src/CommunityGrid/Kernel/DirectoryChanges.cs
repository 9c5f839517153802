using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Kernel;

/// <summary>Rows that <see cref="DirectoryCache"/> answers from memory: users, grants, subscriptions.</summary>
public interface IDirectoryData;

/// <summary>
/// A save that adds, changes or removes an <see cref="IDirectoryData"/> row retires what <see cref="DirectoryCache"/>
/// holds once it is committed (a request that re-read the old rows before the commit cannot keep them). Writes that
/// bypass the change tracker (an area move's bulk path rewrite) call <see cref="DirectoryCache.ForgetAll"/> themselves.
/// </summary>
public sealed class DirectoryChanges(DirectoryCache cache) : AfterCommit
{
    private bool pending;

    protected override ValueTask NoticeAsync(DbContext context, CancellationToken ct)
    {
        pending |= context.ChangeTracker.Entries()
            .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is IDirectoryData);
        return ValueTask.CompletedTask;
    }

    protected override Task CommittedAsync()
    {
        if (pending)
        {
            cache.ForgetAll();
            pending = false;
        }

        return Task.CompletedTask;
    }

    protected override void Discard() => pending = false;
}
