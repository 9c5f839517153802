using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

public sealed record CommunityRef(Guid Id, string Code, string Name, string Path);

/// <summary>
/// Who belongs to which community, for the incentive features (wishes, alliance, stations): the
/// community of a path, whether a caller is bound inside it, and who looks after it.
/// </summary>
public static class Neighbourhood
{
    /// <summary>The community with <paramref name="code"/>, or 404.</summary>
    public static async Task<CommunityRef> CommunityAsync(AppDbContext db, string code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Areas.AsNoTracking().Where(a => a.Code == code && a.Level == AreaLevel.Community && !a.Retired)
            .Select(a => new CommunityRef(a.Id, a.Code, a.Name, a.Path)).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("community");
    }

    public static async Task<CommunityRef> CommunityOfPathAsync(AppDbContext db, string areaPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var path = Area.AncestorPath(areaPath, AreaLevel.Community) ?? throw new NotFoundException("community");
        return await db.Areas.AsNoTracking().Where(a => a.Path == path).Select(a => new CommunityRef(a.Id, a.Code, a.Name, a.Path)).SingleAsync(ct);
    }

    /// <summary>The code of the last node of a path ("…/150105001001/" → "150105001001").</summary>
    public static string CodeOf(string path) => path.TrimEnd('/').Split('/')[^1];

    /// <summary>Communities the caller belongs to or looks after: a grid's community, or everything under an admin's node.</summary>
    public static IReadOnlyList<string> CommunityPaths(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Scope.Outermost(scope.Grants.Select(g => Area.AncestorPath(g.AreaPath, AreaLevel.Community) ?? g.AreaPath));
    }

    public static bool BoundIn(Scope scope, string communityPath) =>
        CommunityPaths(scope).Any(p => communityPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Community staff: admins at or above it, and grid chiefs and grid workers of its grids.</summary>
    public static IReadOnlyList<string> StaffPaths(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Scope.Outermost(scope.Grants.Where(g => g.Role.Administers() || g.Role is Role.GridChief or Role.GridWorker)
            .Select(g => g.Role.Administers() ? g.AreaPath : Area.AncestorPath(g.AreaPath, AreaLevel.Community) ?? g.AreaPath));
    }

    public static bool IsStaffOf(Scope scope, string communityPath) =>
        StaffPaths(scope).Any(p => communityPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Grid chiefs and grid workers whose grid holds <paramref name="areaPath"/>.</summary>
    public static bool IsGridStaffOf(Scope scope, string areaPath)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Grants.Any(g => g.Role is Role.GridChief or Role.GridWorker && areaPath.StartsWith(g.AreaPath, StringComparison.Ordinal));
    }
}
