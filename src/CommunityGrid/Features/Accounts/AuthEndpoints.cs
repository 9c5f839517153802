using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CommunityGrid.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Accounts;

public sealed record TokenRequest([property: Required, MaxLength(256)] string UserName, [property: Required, MaxLength(128)] string Password);

public sealed record MeResponse(string UserId, string UserName, string DisplayName, Guid? PersonId, IReadOnlyList<GrantView> Roles);

public sealed record GrantView(string Role, string RoleName, Guid AreaId, string AreaCode, string AreaName, string AreaPath, string? Title);

internal static class AuthEndpoints
{
    public const string Scheme = "cg";

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/token", IssueToken).AllowAnonymous()
            .WithSummary("Exchanges a user name and password for a bearer token.");
        group.MapGet("/me", Me).RequireAuthorization();
        return api;
    }

    /// <summary>Checks a password with lockout counting; null means the caller gets 401.</summary>
    public static async Task<(AppUser? User, string? Code)> CheckPasswordAsync(SignInManager<AppUser> signIn, string userName, string password)
    {
        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            return (null, "invalid_credentials");
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return (user, null);
        }

        return (null, result.IsLockedOut ? "account_locked" : "invalid_credentials");
    }

    public static ClaimsPrincipal PrincipalFor(AppUser user, string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.UserName ?? ""),
                new Claim("display_name", user.DisplayName),
                new Claim("security_stamp", user.SecurityStamp ?? ""),
            ],
            authenticationType));

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> IssueToken(TokenRequest request, SignInManager<AppUser> signIn)
    {
        var (user, code) = await CheckPasswordAsync(signIn, request.UserName, request.Password);
        if (user is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: code == "account_locked" ? "账户因多次登录失败已被暂时锁定" : "用户名或密码错误",
                detail: code == "account_locked" ? "The account is locked after repeated failures; try again later." : "Wrong user name or password.",
                extensions: new Dictionary<string, object?> { ["code"] = code });
        }

        return TypedResults.SignIn(PrincipalFor(user, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
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
