using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Accounts;

public sealed record TokenRequest([property: Required, MaxLength(256)] string UserName, [property: Required, MaxLength(128)] string Password);

/// <summary>A bearer token: send it as <c>Authorization: Bearer …</c> until it expires (seconds).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn);

public sealed record MeResponse(string UserId, string UserName, string DisplayName, Guid? PersonId, IReadOnlyList<GrantView> Roles);

public sealed record GrantView(string Role, string RoleName, Guid AreaId, string AreaCode, string AreaName, string AreaPath, string? Title);

internal static class AuthEndpoints
{
    public const string Scheme = "cg";

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/token", IssueToken).AllowAnonymous().WithMetadata(new RateLimitedAttribute(RateBucket.Login))
            .WithSummary("Exchanges a user name and password for a bearer token.");
        group.MapPost("/logout", Logout).RequireAuthorization()
            .WithSummary("Ends every session of the caller: bearer tokens and sign-in cookies stop working.");
        group.MapGet("/me", Me).RequireAuthorization();
        return api;
    }

    /// <summary>
    /// Checks a password with lockout counting; null means the caller gets 401. Every answer costs one
    /// password hash (an unknown name is checked against a dummy hash), and a locked account answers
    /// <c>account_locked</c> only to its right password: neither the time nor the code tells which
    /// user names exist. The user name is limited per <see cref="RateBucket.Login"/> window
    /// (<c>rate_limited</c>).
    /// </summary>
    public static async Task<(AppUser? User, string? Code)> CheckPasswordAsync(SignInManager<AppUser> signIn, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var services = signIn.Context.RequestServices;
        if (!services.GetRequiredService<CallerThrottle>().TryAcquire(RateBucket.Login, userName, out var retryAfter))
        {
            RateLimits.SetRetryAfter(signIn.Context.Response, retryAfter);
            return (null, RateLimits.Code);
        }

        var users = signIn.UserManager;
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
            return (null, "invalid_credentials");
        }

        if (await users.IsLockedOutAsync(user))
        {
            return (null, await users.CheckPasswordAsync(user, password) ? "account_locked" : "invalid_credentials");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return (user, null);
        }

        if (result.IsLockedOut)
        {
            // This failure locked the account: whatever was signed in before stops here.
            await services.GetRequiredService<SessionStamps>().RevokeAsync(users, user);
        }

        return (null, "invalid_credentials");
    }

    /// <summary>A hash of a random password, so an unknown user name costs the same hash as a known one.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<AppUser>().HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));

    public static ClaimsPrincipal PrincipalFor(AppUser user, string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.UserName ?? ""),
                new Claim("display_name", user.DisplayName),
                new Claim(SessionStamps.ClaimType, user.SecurityStamp ?? ""),
            ],
            authenticationType));

    /// <summary>The title and detail of a refused login (the token endpoint's problem, the login page's message).</summary>
    public static (int Status, string Title, string Detail) Refusal(string? code) => code switch
    {
        "account_locked" => (StatusCodes.Status401Unauthorized, "账户因多次登录失败已被暂时锁定", "The account is locked after repeated failures; try again later."),
        RateLimits.Code => (StatusCodes.Status429TooManyRequests, "登录尝试过于频繁，请稍后再试", "Too many login attempts; try again later."),
        _ => (StatusCodes.Status401Unauthorized, "用户名或密码错误", "Wrong user name or password."),
    };

    /// <summary>
    /// The token as SPEC describes it: accessToken, tokenType, expiresIn. No refresh token is issued
    /// (nothing here would accept one); a client logs in again when the token expires.
    /// </summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(TokenRequest request, SignInManager<AppUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var (user, code) = await CheckPasswordAsync(signIn, request.UserName, request.Password);
        if (user is null)
        {
            var (status, title, detail) = Refusal(code);
            return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
        }

        var options = bearer.Get(BearerTokenDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + options.BearerTokenExpiration };
        var ticket = new AuthenticationTicket(PrincipalFor(user, BearerTokenDefaults.AuthenticationScheme), properties, $"{BearerTokenDefaults.AuthenticationScheme}:AccessToken");
        return TypedResults.Ok(new TokenResponse(options.BearerTokenProtector.Protect(ticket), "Bearer", (long)options.BearerTokenExpiration.TotalSeconds));
    }

    private static async Task<NoContent> Logout(HttpContext http, UserManager<AppUser> users, SessionStamps stamps)
    {
        if (await users.GetUserAsync(http.User) is { } user)
        {
            await stamps.RevokeAsync(users, user);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<MeResponse>> Me(CurrentUser current, AppDbContext db, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var areaIds = scope.Grants.Select(g => g.AreaId).ToList();
        var areas = await db.Areas.AsNoTracking().Where(a => areaIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var roles = scope.Grants.Select(g => new GrantView(g.Role.ToString(), g.Role.ChineseName(), g.AreaId, areas[g.AreaId].Code, areas[g.AreaId].Name, g.AreaPath, g.Title)).ToList();
        return TypedResults.Ok(new MeResponse(scope.UserId!, scope.UserName!, scope.DisplayName ?? "", scope.PersonId, roles));
    }
}
