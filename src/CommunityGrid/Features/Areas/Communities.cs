using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Areas;

public sealed record CommunityRef(Guid Id, string Code, string Name, string Path);

/// <summary>Communities looked up by code or by a path under them, for the features that run per community.</summary>
public static class Communities
{
    /// <summary>The community with <paramref name="code"/>, or 404.</summary>
    public static async Task<CommunityRef> ByCodeAsync(AppDbContext db, string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Areas.AsNoTracking().Where(a => a.Code == code && a.Level == AreaLevel.Community && !a.Retired)
            .Select(a => new CommunityRef(a.Id, a.Code, a.Name, a.Path)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("community");
    }

    /// <summary>The community a path lies in, or 404 above community level.</summary>
    public static async Task<CommunityRef> OfPathAsync(AppDbContext db, string areaPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var path = AreaPath.Community(areaPath) ?? throw new NotFoundException("community");
        return await db.Areas.AsNoTracking().Where(a => a.Path == path).Select(a => new CommunityRef(a.Id, a.Code, a.Name, a.Path)).SingleAsync(ct);
    }
}
