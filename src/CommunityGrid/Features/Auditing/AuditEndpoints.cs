using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Auditing;

public sealed record AuditEntryView(
    long Id,
    DateTime At,
    string? UserName,
    string Action,
    string EntityType,
    string EntityId,
    string AreaPath,
    string? Before,
    string? After);

/// <summary>
/// Reading the audit log: admins see the entries under the areas they administer, with before/after
/// masked like every other read of the same data (<see cref="AuditFields"/>); every entry shown with
/// personal data unmasked is written to the sensitive-read log.
/// </summary>
public sealed record SensitiveReadView(long Id, DateTime At, string UserId, string UserName, string SubjectType, string SubjectId, string Fields, string AreaPath, string? RequestPath);

internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", List).WithTags("Audit")
            .WithSummary("Audit entries under the areas the caller administers, newest first, personal data masked unless the caller's role needs it (then logged); 404 for anyone else.");
        api.MapGet("/audit/verify", Verify).WithTags("Audit")
            .WithSummary("Walks the audit hash chain and reports the first broken link (city admins; 404 for anyone else).");
        api.MapGet("/audit/sensitive-reads", SensitiveReads).WithTags("Audit")
            .WithSummary("Reads of unmasked sensitive data under the areas the caller administers (filters: areaCode, subjectId, userName).");
        return api;
    }

    private static async Task<Ok<Page<SensitiveReadView>>> SensitiveReads(AppDbContext db, CurrentUser current, int? page, int? pageSize, string? subjectId, string? areaCode, string? userName, CancellationToken ct)
    {
        var log = await SensitiveReadLog.ListAsync(db, await current.ScopeAsync(ct), new SensitiveReadQuery(areaCode, subjectId, userName, page, pageSize), ct);
        return TypedResults.Ok(new Page<SensitiveReadView>(
            [.. log.Items.Select(r => new SensitiveReadView(r.Id, r.At, r.UserId, r.UserName, r.SubjectType, r.SubjectId, r.Fields, r.AreaPath, r.RequestPath))],
            log.PageNumber, log.PageSize, log.Total));
    }

    internal static async Task<Ok<AuditChainReport>> Verify(CurrentUser current, AppDbContext db, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.Has(Role.CityAdmin) ? TypedResults.Ok(await AuditChain.VerifyAsync(db, ct)) : throw new NotFoundException("audit chain");
    }

    internal static async Task<Ok<Page<AuditEntryView>>> List(string? areaCode, string? entityType, int? page, int? pageSize, CurrentUser current, AppDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.AdminPaths.Count == 0)
        {
            throw new NotFoundException("audit log");
        }

        IQueryable<AuditEntry> entries;
        if (!string.IsNullOrWhiteSpace(areaCode))
        {
            var path = await db.Areas.AsNoTracking().Where(a => a.Code == areaCode).Select(a => a.Path).SingleOrDefaultAsync(ct);
            if (path is null || !scope.Administers(path))
            {
                throw new NotFoundException("area");
            }

            entries = db.AuditEntries.AsNoTracking().Under([path]);
        }
        else if (scope.Has(Role.CityAdmin))
        {
            // The city admin reads everything, including writes that belong to no area (accounts).
            entries = db.AuditEntries.AsNoTracking();
        }
        else
        {
            entries = db.AuditEntries.AsNoTracking().Under(scope.AdminPaths);
        }

        if (!string.IsNullOrWhiteSpace(entityType))
        {
            entries = entries.Where(e => e.EntityType == entityType);
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(e => e.Id).Skip((number - 1) * size).Take(size)
            .Select(e => new AuditEntryView(e.Id, e.At, e.UserName, e.Action, e.EntityType, e.EntityId, e.AreaPath, e.Before, e.After))
            .ToListAsync(ct);
        var items = new List<AuditEntryView>(rows.Count);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in rows)
        {
            var unmasked = new SortedSet<string>(StringComparer.Ordinal);
            var view = row with
            {
                Before = AuditFields.ForReader(row.Before, row.EntityType, row.AreaPath, scope, unmasked),
                After = AuditFields.ForReader(row.After, row.EntityType, row.AreaPath, scope, unmasked),
            };
            if (unmasked.Count > 0)
            {
                db.SensitiveReads.Add(SensitiveRead.Of(now, scope.UserId!, scope.UserName ?? "", row.EntityType, row.EntityId, string.Join(',', unmasked), row.AreaPath, http.Request.Path.Value));
            }

            items.Add(view);
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new Page<AuditEntryView>(items, number, size, total));
    }
}
