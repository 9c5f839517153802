using System.Security.Claims;
using CommunityGrid.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace CommunityGrid.Features.Accounts;

/// <summary>
/// Every bearer token and cookie carries the user's security stamp as it was at login. Rotating
/// the stamp (logout, lockout, a password or role change) ends every session of the user at once:
/// a request whose stamp is no longer the user's counts as anonymous. The stamp is looked up once
/// per user every <see cref="CacheTime"/>; a rotation here forgets the cached one at once.
/// </summary>
public sealed class SessionStamps(IMemoryCache cache)
{
    public const string ClaimType = "security_stamp";

    /// <summary>How long a rotation made by another app instance (or straight in the database) may go unseen.</summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    /// <summary>Ends every token and cookie of the user.</summary>
    public async Task RevokeAsync(UserManager<AppUser> users, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        await users.UpdateSecurityStampAsync(user);
        Forget(user.Id);
    }

    /// <summary>Drops the cached stamp, e.g. after a change saved elsewhere rotated it.</summary>
    public void Forget(string userId) => cache.Remove(Key(userId));

    internal async Task<string?> CurrentAsync(string userId, AppDbContext db, CancellationToken ct) =>
        await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.SecurityStamp ?? "").SingleOrDefaultAsync(ct);
        });

    private static string Key(string userId) => "session-stamp:" + userId;

    /// <summary>Right after authentication: a principal with a stale (or no) stamp becomes anonymous.</summary>
    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var identity = http.User.Identity;
        if (identity is { IsAuthenticated: true, AuthenticationType: { } type }
            && (type == BearerTokenDefaults.AuthenticationScheme || type == IdentityConstants.ApplicationScheme)
            && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            var stamps = http.RequestServices.GetRequiredService<SessionStamps>();
            var current = await stamps.CurrentAsync(userId, http.RequestServices.GetRequiredService<AppDbContext>(), http.RequestAborted);
            if (current is null || http.User.FindFirstValue(ClaimType) != current)
            {
                if (identity.AuthenticationType == IdentityConstants.ApplicationScheme)
                {
                    // The browser drops its cookie; the page then asks for a login again.
                    await http.SignOutAsync(IdentityConstants.ApplicationScheme);
                }

                http.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
        }

        await next(http);
    }
}
