using System.Linq.Expressions;
using System.Security.Claims;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Kernel;

public sealed record Grant(Role Role, Guid AreaId, string AreaPath, string? Title);

/// <summary>
/// What the caller may see. Every query of scoped data goes through <see cref="ScopeQueries"/>
/// with this; out of scope answers 404, never 403.
/// </summary>
public sealed class Scope
{
    public static readonly Scope Anonymous = new(null, null, null, null, []);

    public Scope(string? userId, string? userName, string? displayName, Guid? personId, IReadOnlyList<Grant> grants, Guid? organisationId = null)
    {
        UserId = userId;
        UserName = userName;
        DisplayName = displayName;
        PersonId = personId;
        OrganisationId = organisationId;
        Grants = grants;
        RegistryPaths = Outermost(grants.Where(g => g.Role.KeepsRegistry()).Select(g => g.AreaPath));
        SensitivePaths = Outermost(grants.Where(g => g.Role.NeedsSensitiveData()).Select(g => g.AreaPath));
        AdminPaths = Outermost(grants.Where(g => g.Role.Administers()).Select(g => g.AreaPath));
    }

    public string? UserId { get; }
    public string? UserName { get; }
    public string? DisplayName { get; }
    public Guid? PersonId { get; }
    /// <summary>The organisation the user works for (a property manager, a department), if any.</summary>
    public Guid? OrganisationId { get; }
    public IReadOnlyList<Grant> Grants { get; }
    public bool IsAuthenticated => UserId is not null;

    /// <summary>Area paths whose registry (residents, households, organisations) the caller keeps.</summary>
    public IReadOnlyList<string> RegistryPaths { get; }
    /// <summary>Area paths under which the caller's role needs unmasked ID numbers and phones.</summary>
    public IReadOnlyList<string> SensitivePaths { get; }
    /// <summary>Area paths the caller administers (edit areas and people; read the audit log).</summary>
    public IReadOnlyList<string> AdminPaths { get; }

    public bool Has(Role role) => Grants.Any(g => g.Role == role);

    public bool KeepsRegistryOf(string areaPath) => RegistryPaths.Any(p => areaPath.StartsWith(p, StringComparison.Ordinal));

    public bool SeesSensitiveDataOf(string areaPath) => SensitivePaths.Any(p => areaPath.StartsWith(p, StringComparison.Ordinal));

    public bool Administers(string areaPath) => AdminPaths.Any(p => areaPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Where the caller's "my area" starts: the outermost node of any grant.</summary>
    public IReadOnlyList<string> HomePaths => Outermost(Grants.Select(g => g.AreaPath));

    /// <summary>Communities the caller belongs to or looks after: a grid's community, or everything under an admin's node.</summary>
    public IReadOnlyList<string> CommunityPaths => Outermost(Grants.Select(g => AreaPath.Community(g.AreaPath) ?? g.AreaPath));

    /// <summary>Whether the caller belongs to, or looks after, the community at <paramref name="communityPath"/>.</summary>
    public bool BoundIn(string communityPath) => CommunityPaths.Any(p => AreaPath.IsUnder(communityPath, p));

    /// <summary>Community staff: admins at or above it, and grid chiefs and grid workers of its grids.</summary>
    public IReadOnlyList<string> StaffPaths => Outermost(Grants.Where(g => g.Role.Administers() || g.Role is Role.GridChief or Role.GridWorker)
        .Select(g => g.Role.Administers() ? g.AreaPath : AreaPath.Community(g.AreaPath) ?? g.AreaPath));

    public bool IsStaffOf(string communityPath) => StaffPaths.Any(p => AreaPath.IsUnder(communityPath, p));

    /// <summary>Grid chiefs and grid workers whose grid holds <paramref name="areaPath"/>.</summary>
    public bool IsGridStaffOf(string areaPath) =>
        Grants.Any(g => g.Role is Role.GridChief or Role.GridWorker && AreaPath.IsUnder(areaPath, g.AreaPath));

    /// <summary>The paths not lying under another of them: the disjoint roots of a set of area paths.</summary>
    public static string[] Outermost(IEnumerable<string> paths)
    {
        var sorted = paths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ToList();
        var result = new List<string>();
        foreach (var p in sorted)
        {
            if (!result.Any(r => p.StartsWith(r, StringComparison.Ordinal)))
            {
                result.Add(p);
            }
        }

        return [.. result];
    }
}

/// <summary>Who a signed-in user is, as the accounts feature knows them: the seam that lets every feature ask
/// "who is calling" without depending on how accounts are stored.</summary>
public sealed record CallerRecord(string UserName, string? DisplayName, Guid? PersonId, Guid? OrganisationId, IReadOnlyList<Grant> Grants, string SecurityStamp = "");

public interface ICallerSource
{
    /// <summary>The user and their grants, or null when the user no longer exists (answered from <see cref="DirectoryCache"/> when fresh).</summary>
    Task<CallerRecord?> FindAsync(string userId, CancellationToken ct);
}

/// <summary>Builds the caller's <see cref="Scope"/> once per request from their role assignments.</summary>
public sealed class CurrentUser(IHttpContextAccessor http, ICallerSource callers)
{
    private Scope? scope;

    public async Task<Scope> ScopeAsync(CancellationToken ct = default)
    {
        if (scope is not null)
        {
            return scope;
        }

        var userId = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return scope = Scope.Anonymous;
        }

        var caller = await callers.FindAsync(userId, ct);
        return scope = caller is null
            ? Scope.Anonymous
            : new Scope(userId, caller.UserName, caller.DisplayName, caller.PersonId, caller.Grants, caller.OrganisationId);
    }
}

/// <summary>The one scope mechanism: prefix ranges over the area path, served by its index on both databases.</summary>
public static class ScopeQueries
{
    /// <summary>Rows whose area lies under one of <paramref name="paths"/>; none when the list is empty.</summary>
    public static IQueryable<T> Under<T>(this IQueryable<T> query, IReadOnlyList<string> paths)
        where T : IAreaScoped
    {
        ArgumentNullException.ThrowIfNull(paths);
        var parameter = Expression.Parameter(typeof(T), "x");
        var propertyName = typeof(T).GetProperty("AreaPath") is not null ? "AreaPath" : "Path";
        var property = Expression.Property(parameter, propertyName);
        Expression? body = null;
        foreach (var path in paths)
        {
            var (lo, hi) = AreaPath.PrefixRange(path);
            var test = Expression.AndAlso(Compare(property, lo, ExpressionType.GreaterThanOrEqual), Compare(property, hi, ExpressionType.LessThan));
            body = body is null ? test : Expression.OrElse(body, test);
        }

        body ??= Expression.Constant(false);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, parameter));
    }

    /// <summary>Registry data the caller keeps (staff); residents and others get nothing here.</summary>
    public static IQueryable<T> InRegistryScope<T>(this IQueryable<T> query, Scope scope)
        where T : IAreaScoped
    {
        ArgumentNullException.ThrowIfNull(scope);
        return query.Under(scope.RegistryPaths);
    }

    /// <summary>
    /// The bound is read from a captured object, not inlined as a literal, so EF sends it as a query
    /// parameter: every caller's scope then shares one cached query plan per number of paths.
    /// </summary>
    private static BinaryExpression Compare(MemberExpression property, string value, ExpressionType op)
    {
        var bound = Expression.Property(Expression.Constant(new Bound(value)), nameof(Bound.Value));
        var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, property, bound);
        return Expression.MakeBinary(op, compare, Expression.Constant(0));
    }

    private sealed record Bound(string Value);
}
