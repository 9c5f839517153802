using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Areas;

/// <summary>
/// A list narrowed by an area code (<c>?areaCode=</c>, <c>?communityCode=</c>) names an area like any other
/// read: one the caller cannot see answers 404, as the area's own page would — never an empty 200 page that
/// confirms the code exists elsewhere.
/// </summary>
public static class AreaFilter
{
    /// <summary>The path of the area with <paramref name="code"/> if the caller may see it (<see cref="AreaDirectory.VisibleTo"/>); else 404.</summary>
    public static async Task<string> PathInViewAsync(AppDbContext db, Scope scope, string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var trimmed = code.Trim();
        return await db.Areas.AsNoTracking().Where(a => a.Code == trimmed).Where(AreaDirectory.VisibleTo(scope))
            .Select(a => a.Path).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("area");
    }
}
