using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Accounts;

/// <summary>
/// The accounts' answer to "who is calling": the user row and their role assignments, read once per
/// user per <see cref="DirectoryCache.Lifetime"/> (the session check and the caller's scope share it).
/// </summary>
public sealed class CallerSource(AppDbContext db, DirectoryCache cache) : ICallerSource
{
    public Task<CallerRecord?> FindAsync(string userId, CancellationToken ct) =>
        cache.CallerAsync(userId, async () =>
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new { u.UserName, u.DisplayName, u.PersonId, u.OrganisationId, u.SecurityStamp }).SingleOrDefaultAsync(ct);
            if (user is null)
            {
                return null;
            }

            var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
                .Select(r => new Grant(r.Role, r.AreaId, r.AreaPath, r.Title)).ToListAsync(ct);
            return new CallerRecord(user.UserName ?? "", user.DisplayName, user.PersonId, user.OrganisationId, grants, user.SecurityStamp ?? "");
        });
}
