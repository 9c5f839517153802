using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Points;

public sealed class PointsShopOptions
{
    /// <summary>Tests switch the background sweep off and call <see cref="PointsSweep"/> themselves.</summary>
    public bool SweepEnabled { get; set; } = true;
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed record ItemView(Guid Id, string Name, string? Description, long Price, int Stock, bool Active, Guid? MerchantId, string? MerchantName, int Version);

public sealed record RedemptionView(Guid Id, string Code, Guid ItemId, string ItemName, string? MerchantName, string PersonName, long Price, RedemptionStatus Status, DateTime CreatedAt, DateTime ExpiresAt, DateTime? EndedAt);

public sealed record ItemChange([property: MaxLength(ShopItem.NameMaxLength)] string Name, [property: MaxLength(ShopItem.DescriptionMaxLength)] string? Description, long Price, int Stock, bool Active = true, int? Version = null);

/// <summary>
/// Spending points: the shop and merchant offers a resident sees, issuing a code (stock and points
/// in one transaction), cancelling it, a merchant redeeming it. Endpoints and pages both call this.
/// Points move only through <see cref="PointsLedger"/>.
/// </summary>
public sealed class PointsShop(AppDbContext db, PointsLedger ledger, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    // ---- what a resident sees and does --------------------------------------------------------

    /// <summary>The community of the caller's home; null for users without a person record.</summary>
    public async Task<string?> HomeCommunityAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId)
        {
            return null;
        }

        var path = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.AreaPath).SingleOrDefaultAsync(ct);
        return path is null ? null : AreaPath.Ancestor(path, AreaLevel.Community);
    }

    /// <summary>
    /// What the caller can spend points on: the shop of their own community (picked up there) and the
    /// offers of caring merchants anywhere in the city — points are one city-wide currency, and a
    /// volunteer of one community may spend them at a merchant of another. Own community first.
    /// </summary>
    public async Task<Page<ItemView>> ShopAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var community = await HomeCommunityAsync(ct) ?? throw new NotFoundException("points shop");
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.ShopItems.AsNoTracking().Where(i => i.Active && (i.AreaPath == community || i.MerchantId != null));
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(i => i.AreaPath != community).ThenBy(i => i.MerchantId != null).ThenBy(i => i.MerchantName).ThenBy(i => i.Price).ThenBy(i => i.Id)
            .Skip((number - 1) * size).Take(size).Select(ToView).ToListAsync(ct);
        return new Page<ItemView>(items, number, size, total);
    }

    /// <summary>
    /// Issues a code for one item: in ONE transaction the stock is taken by a guarded update
    /// (none left → <c>out_of_stock</c>) and the price moves from the person to the community's
    /// escrow (not enough → <c>insufficient_points</c>); a refusal leaves both as they were.
    /// </summary>
    public async Task<RedemptionView> RedeemAsync(Guid itemId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await HomeCommunityAsync(ct);
        var item = await db.ShopItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || community is null || (item.AreaPath != community && item.MerchantId is null))
        {
            throw new NotFoundException("item");
        }

        if (!item.Active)
        {
            throw ItemInactive();
        }

        var personId = scope.PersonId!.Value;
        var validDays = (await ledger.PolicyAsync(item.AreaPath, ct)).CodeValidDays;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Accounts a first redemption opens are opened inside the transaction: a refusal writes nothing.
        var person = await ledger.PersonAccountAsync(personId, ct);
        var escrow = await EscrowAsync(item.AreaPath, ct);
        var redemption = Redemption.Issue(item, personId, person.Name, person.Id, Now, TimeSpan.FromDays(validDays));
        var taken = await db.ShopItems.Where(i => i.Id == itemId && i.Active && i.Stock >= 1)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock - 1).SetProperty(i => i.Version, i => i.Version + 1), ct);
        if (taken == 0)
        {
            var active = await db.ShopItems.Where(i => i.Id == itemId).Select(i => i.Active).SingleAsync(ct);
            throw active ? new DomainRuleException("out_of_stock", "已兑完，库存不足", "Out of stock.") : ItemInactive();
        }

        db.Redemptions.Add(redemption);
        // The ledger joins this transaction and saves the redemption with its transfer.
        await ledger.TransferAsync(new TransferCommand(person.Id, escrow.Id, item.Price, TransferSource.Redemption, redemption.Id.ToString(),
            $"兑换：{item.Name}", item.AreaPath), ct);
        await tx.CommitAsync(ct);
        return View(redemption);
    }

    public async Task<Page<RedemptionView>> MyCodesAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("points account");
        return await PageAsync(db.Redemptions.AsNoTracking().Where(r => r.PersonId == personId).OrderByDescending(r => r.CreatedAt), page, pageSize, ct);
    }

    public async Task<RedemptionView> MyCodeAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        return await db.Redemptions.AsNoTracking().Where(r => r.Id == id && r.PersonId == scope.PersonId).Select(ToRedemptionView).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("code");
    }

    /// <summary>The resident gives an unused code back: points refunded, stock returned.</summary>
    public async Task<RedemptionView> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var r = await db.Redemptions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.PersonId == scope.PersonId, ct) ?? throw new NotFoundException("code");
        if (r.Status != RedemptionStatus.Issued)
        {
            throw r.CannotBeUsed(Now)!;
        }

        if (!await EndWithRefundAsync(r, RedemptionStatus.Cancelled, "取消兑换", ct))
        {
            var now = await db.Redemptions.AsNoTracking().SingleAsync(x => x.Id == id, ct);
            throw now.CannotBeUsed(Now) ?? new DomainRuleException("concurrent_change", "数据已被他人修改，请刷新后重试", "Someone else changed this record.");
        }

        return await db.Redemptions.AsNoTracking().Where(x => x.Id == id).Select(ToRedemptionView).SingleAsync(ct);
    }

    /// <summary>
    /// Ends an issued code with a refund (cancel or expiry), in one transaction: the guarded status
    /// change decides who wins; the loser changes nothing and gets false.
    /// </summary>
    internal async Task<bool> EndWithRefundAsync(Redemption r, RedemptionStatus end, string memo, CancellationToken ct)
    {
        var now = Now;
        var escrow = await EscrowAsync(r.AreaPath, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.Redemptions.Where(x => x.Id == r.Id && x.Status == RedemptionStatus.Issued && (end != RedemptionStatus.Expired || x.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, end).SetProperty(x => x.EndedAt, now), ct);
        if (ended == 0)
        {
            return false;
        }

        await db.ShopItems.Where(i => i.Id == r.ItemId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock + 1).SetProperty(i => i.Version, i => i.Version + 1), ct);
        await ledger.TransferAsync(new TransferCommand(escrow.Id, r.PersonAccountId, r.Price, TransferSource.Refund, r.Id.ToString(), $"{memo}：{r.ItemName}", r.AreaPath), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // ---- the merchant's (or, for shop items, the community's) side ----------------------------

    /// <summary>
    /// Redeems a code: only the merchant of the offer (a shop item: its community's admin), only
    /// once, only before it expires. The points move from escrow to the merchant (a shop item's to
    /// the community pool) in the same transaction as the guarded status change.
    /// </summary>
    public async Task<RedemptionView> RedeemCodeAsync(string? typed, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var code = Redemption.Normalise(typed);
        var r = code.Length == Redemption.CodeLength ? await db.Redemptions.AsNoTracking().SingleOrDefaultAsync(x => x.Code == code, ct) : null;
        if (r is null)
        {
            throw new DomainRuleException("code_not_found", "兑换码不存在，请核对", "No such code.", RuleKind.NotFound);
        }

        if (!MayRedeem(scope, r))
        {
            throw new DomainRuleException("wrong_merchant", "该兑换码不属于本商家", "This code is for another merchant.", RuleKind.Forbidden);
        }

        var now = Now;
        if (r.CannotBeUsed(now) is { } refusal)
        {
            throw refusal;
        }

        var escrow = await EscrowAsync(r.AreaPath, ct);
        var payee = r.MerchantId is { } merchantId ? await ledger.MerchantAccountAsync(merchantId, ct) : await ledger.PoolAsync(r.AreaPath, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var used = await db.Redemptions.Where(x => x.Id == r.Id && x.Status == RedemptionStatus.Issued && x.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, RedemptionStatus.Redeemed).SetProperty(x => x.EndedAt, now).SetProperty(x => x.RedeemedByUserId, scope.UserId), ct);
            if (used == 0)
            {
                await tx.RollbackAsync(ct);
                var latest = await db.Redemptions.AsNoTracking().SingleAsync(x => x.Id == r.Id, ct);
                throw latest.CannotBeUsed(now) ?? new DomainRuleException("code_already_used", "该兑换码已使用", "The code was used already.");
            }

            await ledger.TransferAsync(new TransferCommand(escrow.Id, payee.Id, r.Price, TransferSource.Settlement, r.Id.ToString(), $"核销：{r.ItemName}", r.AreaPath), ct);
            await tx.CommitAsync(ct);
        }

        return ForMerchant(await db.Redemptions.AsNoTracking().Where(x => x.Id == r.Id).Select(ToRedemptionView).SingleAsync(ct));
    }

    /// <summary>A merchant needs the code, not who the resident is: the name is masked as on the wish wall (白**).</summary>
    internal static RedemptionView ForMerchant(RedemptionView r) =>
        r.PersonName.Length <= 1 ? r : r with { PersonName = r.PersonName[..1] + new string('*', r.PersonName.Length - 1) };

    private static bool MayRedeem(Scope scope, Redemption r) => r.MerchantId is { } merchantId
        ? scope.Has(Role.Merchant) && scope.OrganisationId == merchantId
        : scope.Administers(r.AreaPath);

    /// <summary>Codes the caller's merchant redeemed today (Beijing time), newest first.</summary>
    public async Task<Page<RedemptionView>> MerchantTodayAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var merchantId = await OwnMerchantAsync(ct);
        var dayStart = BeijingTime.DayStartUtc(Now);
        var query = db.Redemptions.AsNoTracking()
            .Where(r => r.MerchantId == merchantId && r.Status == RedemptionStatus.Redeemed && r.EndedAt >= dayStart)
            .OrderByDescending(r => r.EndedAt);
        var found = await PageAsync(query, page, pageSize, ct);
        return found with { Items = [.. found.Items.Select(ForMerchant)] };
    }

    public async Task<Page<ItemView>> MerchantOffersAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var merchantId = await OwnMerchantAsync(ct);
        return await ItemPageAsync(db.ShopItems.AsNoTracking().Where(i => i.MerchantId == merchantId), page, pageSize, ct);
    }

    public async Task<ItemView> AddOfferAsync(ItemChange c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var merchantId = await OwnMerchantAsync(ct);
        var merchant = await db.Organisations.AsNoTracking().Where(o => o.Id == merchantId).Select(o => new { o.Name, o.AreaPath }).SingleAsync(ct);
        var community = AreaPath.Ancestor(merchant.AreaPath, AreaLevel.Community)
            ?? throw new InvalidInputException("not_in_a_community", "商家不属于任何社区", "The merchant is not inside a community.");
        var item = ShopItem.ForMerchant(community, merchantId, merchant.Name, c.Name, c.Description, c.Price, c.Stock, Now);
        return await AddAsync(item, c.Active, ct);
    }

    public async Task<ItemView> ChangeOfferAsync(Guid id, ItemChange c, CancellationToken ct = default)
    {
        var merchantId = await OwnMerchantAsync(ct);
        return await ChangeAsync(id, i => i.MerchantId == merchantId, c, ct);
    }

    private async Task<Guid> OwnMerchantAsync(CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.Has(Role.Merchant) && scope.OrganisationId is { } id ? id : throw new NotFoundException("merchant");
    }

    // ---- the community's side ------------------------------------------------------------------

    /// <summary>The path of a community the caller administers, by its code; 404 otherwise.</summary>
    public async Task<string> AdministeredCommunityAsync(string? communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == communityCode && a.Level == AreaLevel.Community).Select(a => a.Path).SingleOrDefaultAsync(ct);
        return path is not null && scope.Administers(path) ? path : throw new NotFoundException("community");
    }

    /// <summary>The communities the caller administers (for a community admin: one), by code and name.</summary>
    public async Task<List<(string Code, string Name)>> AdministeredCommunitiesAsync(CancellationToken ct = default) =>
        await AreaDirectory.AdministeredCommunitiesAsync(db, await current.ScopeAsync(ct), ct);

    public async Task<Page<ItemView>> ShopItemsAsync(string? communityCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        var path = await AdministeredCommunityAsync(communityCode, ct);
        return await ItemPageAsync(db.ShopItems.AsNoTracking().Where(i => i.AreaPath == path && i.MerchantId == null), page, pageSize, ct);
    }

    public async Task<ItemView> AddShopItemAsync(string? communityCode, ItemChange c, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        var path = await AdministeredCommunityAsync(communityCode, ct);
        return await AddAsync(ShopItem.ForShop(path, c.Name, c.Description, c.Price, c.Stock, Now), c.Active, ct);
    }

    public async Task<ItemView> ChangeShopItemAsync(Guid id, ItemChange c, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var path = await db.ShopItems.AsNoTracking().Where(i => i.Id == id && i.MerchantId == null).Select(i => i.AreaPath).SingleOrDefaultAsync(ct);
        if (path is null || !scope.Administers(path))
        {
            throw new NotFoundException("item");
        }

        return await ChangeAsync(id, i => i.MerchantId == null, c, ct);
    }

    public async Task<Page<RedemptionView>> CommunityRedemptionsAsync(string? communityCode, RedemptionStatus? status, int? page, int? pageSize, CancellationToken ct = default)
    {
        var path = await AdministeredCommunityAsync(communityCode, ct);
        var query = db.Redemptions.AsNoTracking().Where(r => r.AreaPath == path);
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        return await PageAsync(query.OrderByDescending(r => r.CreatedAt), page, pageSize, ct);
    }

    // ---- shared ---------------------------------------------------------------------------------

    /// <summary>The community's escrow: holds the points of issued codes until they are used or refunded.</summary>
    public async Task<PointsAccount> EscrowAsync(string areaPath, CancellationToken ct = default)
    {
        var communityPath = AreaPath.Ancestor(areaPath, AreaLevel.Community) ?? throw new NotFoundException("community");
        var community = await db.Areas.AsNoTracking().Where(a => a.Path == communityPath).Select(a => new { a.Id, a.Name }).SingleAsync(ct);
        return await ledger.AccountAsync(AccountKind.Escrow, community.Id, community.Name + "兑换暂存", communityPath, ct);
    }

    private async Task<ItemView> AddAsync(ShopItem item, bool active, CancellationToken ct)
    {
        if (!active)
        {
            item.Change(item.Name, item.Description, item.Price, item.Stock, active: false, Now);
        }

        db.ShopItems.Add(item);
        await db.SaveInTransactionAsync(ct);
        return ToViewFn(item);
    }

    private async Task<ItemView> ChangeAsync(Guid id, System.Linq.Expressions.Expression<Func<ShopItem, bool>> mine, ItemChange c, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(c);
        var item = await db.ShopItems.Where(i => i.Id == id).Where(mine).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("item");
        if (c.Version is { } version && version != item.Version)
        {
            throw new DomainRuleException("concurrent_change", "数据已被他人修改，请刷新后重试", "Someone else changed this record; reload and try again.");
        }

        item.Change(c.Name, c.Description, c.Price, c.Stock, c.Active, Now);
        await db.SaveInTransactionAsync(ct);
        return ToViewFn(item);
    }

    private static DomainRuleException ItemInactive() => new("item_inactive", "该商品已下架", "This item is no longer offered.");

    private static readonly System.Linq.Expressions.Expression<Func<ShopItem, ItemView>> ToView =
        i => new ItemView(i.Id, i.Name, i.Description, i.Price, i.Stock, i.Active, i.MerchantId, i.MerchantName, i.Version);

    internal static readonly System.Linq.Expressions.Expression<Func<Redemption, RedemptionView>> ToRedemptionView =
        r => new RedemptionView(r.Id, r.Code, r.ItemId, r.ItemName, r.MerchantName, r.PersonName, r.Price, r.Status, r.CreatedAt, r.ExpiresAt, r.EndedAt);

    private static readonly Func<ShopItem, ItemView> ToViewFn = ToView.Compile();
    private static readonly Func<Redemption, RedemptionView> ToRedemptionViewFn = ToRedemptionView.Compile();

    private static RedemptionView View(Redemption r) => ToRedemptionViewFn(r);

    private static async Task<Page<ItemView>> ItemPageAsync(IQueryable<ShopItem> query, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.Active).ThenBy(i => i.Name).ThenBy(i => i.Id).Skip((number - 1) * size).Take(size).Select(ToView).ToListAsync(ct);
        return new Page<ItemView>(items, number, size, total);
    }

    private static async Task<Page<RedemptionView>> PageAsync(IQueryable<Redemption> ordered, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((number - 1) * size).Take(size).Select(ToRedemptionView).ToListAsync(ct);
        return new Page<RedemptionView>(items, number, size, total);
    }
}
