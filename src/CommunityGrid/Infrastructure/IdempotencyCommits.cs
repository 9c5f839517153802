using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// Marks an Idempotency-Key claim in the same SaveChanges (so the same transaction) as the write
/// of the request that holds it: <c>CompletedAt</c> set while <c>StatusCode</c> is still empty
/// means "the write is committed, the answer is not stored yet". If the process dies in that gap,
/// a retry learns that its request took effect (409 <c>idempotency_answer_lost</c>) instead of
/// running it a second time once the claim goes stale.
/// </summary>
public sealed class IdempotencyCommits(TimeProvider clock) : SaveChangesInterceptor
{
    private (string Owner, string Key)? armed;

    public void Arm(string owner, string key) => armed = (owner, key);

    public void Disarm() => armed = null;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData?.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    private void Mark(DbContext? context)
    {
        if (armed is not { } claim || context is null || !context.ChangeTracker.HasChanges())
        {
            return;
        }

        var entry = context.ChangeTracker.Entries<IdempotencyRecord>().FirstOrDefault(e => e.Entity.Owner == claim.Owner && e.Entity.Key == claim.Key)
            ?? context.Attach(new IdempotencyRecord { Owner = claim.Owner, Key = claim.Key });
        entry.Entity.CompletedAt = clock.GetUtcNow().UtcDateTime;
        entry.Property(r => r.CompletedAt).IsModified = true;
    }
}

internal static class IdempotencySetup
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddScoped<IdempotencyCommits>();
        services.ConfigureDbContext<SqliteAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<IdempotencyCommits>()));
        services.ConfigureDbContext<PostgresAppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<IdempotencyCommits>()));
        return services;
    }
}
