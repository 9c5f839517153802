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
/// a request whose stamp is no longer the user's counts as anonymous. The stamp comes with the caller
/// (<see cref="ICallerSource"/>, cached per user for <see cref="DirectoryCache.Lifetime"/>); a rotation here
/// forgets what is cached at once.
/// </summary>
public sealed class SessionStamps(DirectoryCache cache)
{
    public const string ClaimType = "security_stamp";

    /// <summary>Ends every token and cookie of the user.</summary>
    public async Task RevokeAsync(UserManager<AppUser> users, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(user);
        await users.UpdateSecurityStampAsync(user);
        Forget();
    }

    /// <summary>Drops what is cached of users, e.g. after a change saved elsewhere rotated a stamp.</summary>
    public void Forget() => cache.ForgetAll();

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
            var caller = await http.RequestServices.GetRequiredService<ICallerSource>().FindAsync(userId, http.RequestAborted);
            var current = caller?.SecurityStamp;
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
