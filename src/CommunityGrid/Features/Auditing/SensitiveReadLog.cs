using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Auditing;

/// <summary>Filters of the sensitive-read log; <paramref name="AreaCode"/> may be any node the reviewer administers.</summary>
public sealed record SensitiveReadQuery(string? AreaCode = null, string? SubjectId = null, string? UserName = null, int? Page = null, int? PageSize = null);

/// <summary>One read of unmasked data, with the subject's name when the subject is a resident.</summary>
public sealed record SensitiveReadRow(long Id, DateTime At, string UserName, string SubjectType, string SubjectId, string? SubjectName, IReadOnlyList<string> Fields, string AreaPath, string? RequestPath);

/// <summary>
/// Reviewing who read whose sensitive data, when: community admins and above, each over the areas
/// they administer (404 for everyone else and for an area outside them). The API and the page read it here.
/// </summary>
public static class SensitiveReadLog
{
    public static async Task<Page<SensitiveRead>> ListAsync(AppDbContext db, Scope scope, SensitiveReadQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(q);
        if (scope.AdminPaths.Count == 0)
        {
            throw new NotFoundException("sensitive-read log");
        }

        IReadOnlyList<string> paths = scope.AdminPaths;
        if (!string.IsNullOrWhiteSpace(q.AreaCode))
        {
            var code = q.AreaCode.Trim();
            var path = await db.Areas.AsNoTracking().Where(a => a.Code == code).Select(a => a.Path).SingleOrDefaultAsync(ct);
            paths = path is not null && scope.Administers(path) ? [path] : throw new NotFoundException("area");
        }

        var reads = db.SensitiveReads.AsNoTracking().Under(paths);

        if (!string.IsNullOrWhiteSpace(q.SubjectId))
        {
            var subject = q.SubjectId.Trim();
            reads = reads.Where(r => r.SubjectId == subject);
        }

        if (!string.IsNullOrWhiteSpace(q.UserName))
        {
            var user = q.UserName.Trim();
            reads = reads.Where(r => r.UserName == user);
        }

        var (number, size) = Paging.Normalise(q.Page, q.PageSize);
        var total = await reads.CountAsync(ct);
        var items = await reads.OrderByDescending(r => r.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<SensitiveRead>(items, number, size, total);
    }

    /// <summary>The page's rows: the log's entries with the names of the residents they concern.</summary>
    public static async Task<Page<SensitiveReadRow>> RowsAsync(AppDbContext db, Scope scope, SensitiveReadQuery q, CancellationToken ct = default)
    {
        var page = await ListAsync(db, scope, q, ct);
        var personIds = page.Items.Where(r => r.SubjectType == "Person" && Guid.TryParse(r.SubjectId, out _)).Select(r => Guid.Parse(r.SubjectId)).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id.ToString(), p => p.Name, ct);
        return new Page<SensitiveReadRow>(
            [.. page.Items.Select(r => new SensitiveReadRow(r.Id, r.At, r.UserName, r.SubjectType, r.SubjectId, names.GetValueOrDefault(r.SubjectId),
                r.Fields.Split(',', StringSplitOptions.RemoveEmptyEntries), r.AreaPath, r.RequestPath))],
            page.PageNumber, page.PageSize, page.Total);
    }
}
