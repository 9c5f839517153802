using System.Security.Claims;
using System.Text.Json;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityGrid.Features.Auditing;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, changed or deleted row in the same
/// SaveChanges (so the audit cannot drift from the data), and refuses to change audit rows.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp),
        nameof(Open311.Open311Client.KeyHash),
    };

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

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var user = http.HttpContext?.User;
        var userId = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        var userName = user?.Identity?.Name ?? (userId is null ? "system" : null);
        var now = clock.GetUtcNow().UtcDateTime;
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
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Secret.Contains(name))
            {
                continue;
            }

            if (entry.State == EntityState.Modified && !property.IsModified && !property.Metadata.IsPrimaryKey())
            {
                continue;
            }

            values[name] = original ? property.OriginalValue : property.CurrentValue;
        }

        return JsonSerializer.Serialize(values);
    }
}
