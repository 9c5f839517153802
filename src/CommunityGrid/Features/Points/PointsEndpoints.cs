using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Points;

public sealed record AccountView(Guid Id, AccountKind Kind, string Name, long Balance);

public sealed record MovementView(Guid Id, DateTime At, TransferSource Source, string SourceRef, string Memo, long Amount, long BalanceAfter, string Counterparty, Guid? ReversesTransferId);

public sealed record Statement(AccountView Account, Page<MovementView> Movements);

public sealed record BooksView(string AreaCode, string AreaName, long PoolBalance, long Issued, long Redeemed, long HeldByPeople, long HeldByMerchants, long HeldByTeams, long HeldInEscrow, long Expired, int Accounts, bool Balanced, long CitySum, int MismatchedAccounts);

public sealed record ReverseRequest([property: Required, MaxLength(ReverseRequest.ReasonMaxLength)] string Reason)
{
    public const int ReasonMaxLength = 100;
}

public sealed record PolicyView(string CommunityCode, string CommunityName, int HourlyRate, IReadOnlyDictionary<ActivityType, int> TypeRates, int WorkOrderAward, int ProblemReportAward, int WishAward, int? DailyCap, int? ExpiryMonths, int CodeValidDays, int Version);

internal static class PointsEndpoints
{
    public static IServiceCollection AddPoints(this IServiceCollection services) => services.AddScoped<PointsLedger>().AddPointsShop();

    public static RouteGroupBuilder MapPoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/points").WithTags("Points");
        group.MapGet("/me", Me).WithSummary("The caller's balance and latest movements (person, or the merchant they work for).");
        group.MapGet("/accounts", Accounts).WithSummary("Accounts under an area (community admins and above).");
        group.MapGet("/accounts/{id:guid}", AccountStatement).WithSummary("One account's statement, newest first.");
        group.MapGet("/books", Books).WithSummary("Ledger overview of a community: pool, issued, redeemed, held; and whether the city's books sum to zero.");
        group.MapPost("/transfers/{id:guid}/reverse", Reverse).WithSummary("Undo a transfer by its mirror image (community admins); the only correction there is.");
        group.MapGet("/policies/{communityCode}", Policy);
        group.MapPut("/policies/{communityCode}", ChangePolicy).WithSummary("A community's rates, caps, expiry and how long redemption codes stay valid.");
        group.MapPointsShop();
        return api;
    }

    /// <summary>The caller's own account: their person's, else their merchant's; null when they hold neither.</summary>
    internal static async Task<PointsAccount?> OwnAccountAsync(Scope scope, PointsLedger ledger, CancellationToken ct)
    {
        if (scope.PersonId is { } personId)
        {
            return await ledger.PersonAccountAsync(personId, ct);
        }

        return scope.OrganisationId is { } orgId && scope.Has(Role.Merchant) ? await ledger.MerchantAccountAsync(orgId, ct) : null;
    }

    private static async Task<Ok<Statement>> Me(CurrentUser current, PointsLedger ledger, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var account = await OwnAccountAsync(scope, ledger, ct) ?? throw new NotFoundException("points account");
        return TypedResults.Ok(await StatementAsync(db, account, page, pageSize, ct));
    }

    private static async Task<Ok<Statement>> AccountStatement(Guid id, CurrentUser current, AppDbContext db, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await AccountStatementAsync(await current.ScopeAsync(ct), db, id, page, pageSize, ct));

    /// <summary>One account's statement if the caller may see it (its owner, or an admin of its area); else 404.</summary>
    internal static async Task<Statement> AccountStatementAsync(Scope scope, AppDbContext db, Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        var account = await db.PointsAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (account is null || !MaySee(scope, account))
        {
            throw new NotFoundException("points account");
        }

        return await StatementAsync(db, account, page, pageSize, ct);
    }

    private static bool MaySee(Scope scope, PointsAccount account) =>
        scope.Administers(account.AreaPath)
        || (account.Kind == AccountKind.Person && account.OwnerId == scope.PersonId)
        || (account.Kind == AccountKind.Merchant && account.OwnerId == scope.OrganisationId);

    internal static async Task<Statement> StatementAsync(AppDbContext db, PointsAccount account, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var id = account.Id;
        var query = db.PointsTransfers.AsNoTracking().Where(t => t.FromAccountId == id || t.ToAccountId == id);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Skip((number - 1) * size).Take(size)
            .Select(t => new
            {
                t.Id,
                t.At,
                t.Source,
                t.SourceRef,
                t.Memo,
                t.Amount,
                t.FromAccountId,
                t.ToAccountId,
                t.FromBalanceAfter,
                t.ToBalanceAfter,
                t.ReversesTransferId,
                Counterparty = db.PointsAccounts.Where(a => a.Id == (t.FromAccountId == id ? t.ToAccountId : t.FromAccountId)).Select(a => a.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var items = rows.Select(r => r.ToAccountId == id
            ? new MovementView(r.Id, r.At, r.Source, r.SourceRef, r.Memo, r.Amount, r.ToBalanceAfter, r.Counterparty ?? "", r.ReversesTransferId)
            : new MovementView(r.Id, r.At, r.Source, r.SourceRef, r.Memo, -r.Amount, r.FromBalanceAfter, r.Counterparty ?? "", r.ReversesTransferId)).ToList();
        var balance = await db.PointsAccounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.Balance).SingleAsync(ct);
        return new Statement(new AccountView(account.Id, account.Kind, account.Name, balance), new Page<MovementView>(items, number, size, total));
    }

    private static async Task<Ok<Page<AccountView>>> Accounts(CurrentUser current, AppDbContext db, string? areaCode, AccountKind? kind, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await AccountsAsync(await current.ScopeAsync(ct), db, areaCode, kind, page, pageSize, ct));

    /// <summary>Accounts under the areas the caller administers (optionally one area and one kind), largest balance first.</summary>
    internal static async Task<Page<AccountView>> AccountsAsync(Scope scope, AppDbContext db, string? areaCode, AccountKind? kind, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.PointsAccounts.AsNoTracking().Under(scope.AdminPaths);
        if (!string.IsNullOrEmpty(areaCode))
        {
            query = query.Under([await AdministeredPathAsync(db, scope, areaCode, ct)]);
        }

        if (kind is not null)
        {
            query = query.Where(a => a.Kind == kind);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Balance).ThenBy(a => a.Name).Skip((number - 1) * size).Take(size)
            .Select(a => new AccountView(a.Id, a.Kind, a.Name, a.Balance)).ToListAsync(ct);
        return new Page<AccountView>(items, number, size, total);
    }

    private static async Task<string> AdministeredPathAsync(AppDbContext db, Scope scope, string areaCode, CancellationToken ct)
    {
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == areaCode).Select(a => a.Path).SingleOrDefaultAsync(ct);
        return path is not null && scope.Administers(path) ? path : throw new NotFoundException("area");
    }

    private static async Task<Ok<BooksView>> Books(CurrentUser current, AppDbContext db, PointsLedger ledger, string areaCode, CancellationToken ct) =>
        TypedResults.Ok(await BooksAsync(await current.ScopeAsync(ct), db, ledger, areaCode, ct));

    /// <summary>The ledger overview of an area the caller administers (the books page shows the same).</summary>
    internal static async Task<BooksView> BooksAsync(Scope scope, AppDbContext db, PointsLedger ledger, string areaCode, CancellationToken ct)
    {
        var path = await AdministeredPathAsync(db, scope, areaCode, ct);
        var area = await db.Areas.AsNoTracking().Where(a => a.Path == path).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var held = await db.PointsAccounts.AsNoTracking().Under([path]).GroupBy(a => a.Kind)
            .Select(g => new { Kind = g.Key, Sum = g.Sum(a => a.Balance), Count = g.Count() }).ToListAsync(ct);
        var flows = await db.PointsTransfers.AsNoTracking().Under([path]).GroupBy(t => t.Source)
            .Select(g => new { Source = g.Key, Sum = g.Sum(t => t.Amount) }).ToListAsync(ct);
        long Held(AccountKind k) => held.Where(h => h.Kind == k).Sum(h => h.Sum);
        long Flow(params TransferSource[] s) => flows.Where(f => s.Contains(f.Source)).Sum(f => f.Sum);
        var check = await ledger.CheckBooksAsync(ct);
        return new BooksView(area.Code, area.Name, Held(AccountKind.CommunityPool),
            Flow(TransferSource.VolunteerHours, TransferSource.WorkOrder, TransferSource.ProblemReport, TransferSource.Wish),
            Flow(TransferSource.Redemption) - Flow(TransferSource.Refund),
            Held(AccountKind.Person), Held(AccountKind.Merchant), Held(AccountKind.Team), Held(AccountKind.Escrow), Flow(TransferSource.Expiry), held.Sum(h => h.Count),
            check.Balanced, check.Sum, check.MismatchedAccounts.Count);
    }

    private static async Task<Ok<MovementView>> Reverse(Guid id, ReverseRequest request, CurrentUser current, AppDbContext db, PointsLedger ledger, CancellationToken ct) =>
        TypedResults.Ok(await ReverseAsync(await current.ScopeAsync(ct), db, ledger, id, request.Reason, ct));

    /// <summary>Reverses a transfer of an area the caller administers (else 404); the ledger refuses a second reversal.</summary>
    internal static async Task<MovementView> ReverseAsync(Scope scope, AppDbContext db, PointsLedger ledger, Guid id, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > ReverseRequest.ReasonMaxLength)
        {
            throw new InvalidInputException("reason_required", $"请填写冲正原因（不超过 {ReverseRequest.ReasonMaxLength} 字）", $"Give a reason of at most {ReverseRequest.ReasonMaxLength} characters.");
        }

        var areaPath = await db.PointsTransfers.AsNoTracking().Where(t => t.Id == id).Select(t => t.AreaPath).SingleOrDefaultAsync(ct);
        if (areaPath is null || !scope.Administers(areaPath))
        {
            throw new NotFoundException("transfer");
        }

        var t = await ledger.ReverseAsync(id, reason, ct);
        return new MovementView(t.Id, t.At, t.Source, t.SourceRef, t.Memo, t.Amount, t.ToBalanceAfter, "", t.ReversesTransferId);
    }

    private static async Task<Ok<PolicyView>> Policy(string communityCode, CurrentUser current, AppDbContext db, PointsLedger ledger, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == communityCode && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct);
        // Rules are public to anyone bound inside the community: volunteers should know what a deed earns.
        if (path is null || !scope.Grants.Any(g => g.AreaPath.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(g.AreaPath, StringComparison.Ordinal)))
        {
            throw new NotFoundException("community");
        }

        return TypedResults.Ok(await ViewAsync(db, ledger, path, ct));
    }

    internal static async Task<PolicyView> ViewAsync(AppDbContext db, PointsLedger ledger, string path, CancellationToken ct)
    {
        var p = await ledger.PolicyAsync(path, ct);
        var area = await db.Areas.AsNoTracking().Where(a => a.Path == path).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var rates = Enum.GetValues<ActivityType>().Where(t => p.RateFor(t) != p.HourlyRate).ToDictionary(t => t, p.RateFor);
        return new PolicyView(area.Code, area.Name, p.HourlyRate, rates, p.WorkOrderAward, p.ProblemReportAward, p.WishAward, p.DailyCap, p.ExpiryMonths, p.CodeValidDays, p.Version);
    }

    private static async Task<Ok<PolicyView>> ChangePolicy(string communityCode, PolicyChange change, CurrentUser current, AppDbContext db, PointsLedger ledger, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await ChangePolicyAsync(await current.ScopeAsync(ct), db, ledger, clock, communityCode, change, ct));

    /// <summary>Sets a community's rules (its admins); the rules page calls the same.</summary>
    internal static async Task<PolicyView> ChangePolicyAsync(Scope scope, AppDbContext db, PointsLedger ledger, TimeProvider clock, string communityCode, PolicyChange change, CancellationToken ct)
    {
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == communityCode && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct);
        if (path is null || !scope.Administers(path))
        {
            throw new NotFoundException("community");
        }

        var policy = await db.PointsPolicies.SingleOrDefaultAsync(p => p.AreaPath == path, ct);
        if (policy is null)
        {
            policy = await ledger.PolicyAsync(path, ct);
            db.PointsPolicies.Add(policy);
        }

        policy.Change(change, clock.GetUtcNow().UtcDateTime);
        await db.SaveInTransactionAsync(ct);
        return await ViewAsync(db, ledger, path, ct);
    }
}
