using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

public sealed record IssueOpen311Client([property: Required, MaxLength(Open311Client.NameMaxLength)] string Name);

public sealed record Open311ClientView(Guid Id, string Name, string? IssuedBy, DateTime IssuedAt, DateTime? RevokedAt, string? RevokedBy, bool Active);

/// <summary>The key is in this answer and nowhere else: only its hash is kept.</summary>
public sealed record IssuedOpen311Client(Open311ClientView Client, string ApiKey);

/// <summary>City and district admins issue, list and revoke the api_keys of Open311 clients.</summary>
internal static class Open311ClientEndpoints
{
    public static IEndpointRouteBuilder MapOpen311Clients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/open311/clients").RequireAuthorization().WithTags("Open311");
        group.MapPost("/", Issue).WithSummary("Issues an api_key for a 311 client; the key is shown once.");
        group.MapGet("/", List);
        group.MapPost("/{id:guid}/revoke", Revoke);
        return app;
    }

    private static async Task<Scope> AdminAsync(CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.Has(Role.CityAdmin) || scope.Has(Role.DistrictAdmin)
            ? scope
            : throw new DomainRuleException("open311_clients_admin_only", "只有市、区管理员可以管理 Open311 客户端", "Only city and district admins manage Open311 clients.", RuleKind.Forbidden);
    }

    /// <summary>For reading the list or acting on one client: to anyone else the clients are not there (404, like every out-of-scope read).</summary>
    private static async Task<Scope> AdminOrNotFoundAsync(CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.Has(Role.CityAdmin) || scope.Has(Role.DistrictAdmin) ? scope : throw new NotFoundException("Open311 client");
    }

    private static Open311ClientView View(Open311Client c) => new(c.Id, c.Name, c.IssuedBy, c.IssuedAt, c.RevokedAt, c.RevokedBy, c.RevokedAt == null);

    private static async Task<Created<IssuedOpen311Client>> Issue(IssueOpen311Client request, CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var scope = await AdminAsync(current, ct);
        var client = Open311Client.Issue(request.Name, scope.UserName, clock.GetUtcNow().UtcDateTime, out var key);
        db.Open311Clients.Add(client);
        await db.SaveInTransactionAsync(ct);

        return TypedResults.Created($"/api/open311/clients/{client.Id}", new IssuedOpen311Client(View(client), key));
    }

    private static async Task<Ok<Page<Open311ClientView>>> List(CurrentUser current, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        await AdminOrNotFoundAsync(current, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await db.Open311Clients.CountAsync(ct);
        var items = await db.Open311Clients.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((number - 1) * size).Take(size)
            .Select(c => new Open311ClientView(c.Id, c.Name, c.IssuedBy, c.IssuedAt, c.RevokedAt, c.RevokedBy, c.RevokedAt == null))
            .ToListAsync(ct);
        return TypedResults.Ok(new Page<Open311ClientView>(items, number, size, total));
    }

    private static async Task<Ok<Open311ClientView>> Revoke(Guid id, CurrentUser current, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var scope = await AdminOrNotFoundAsync(current, ct);
        var client = await db.Open311Clients.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("Open311 client");
        client.Revoke(scope.UserName, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);

        return TypedResults.Ok(View(client));
    }
}
