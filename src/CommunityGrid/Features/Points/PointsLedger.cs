using System.Security.Claims;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Points;

/// <summary>An award from a community's pool for one good deed (its source), to one account.</summary>
public sealed record Award(TransferSource Source, string SourceRef, string AreaPath, Guid ToAccountId, long Amount, string Memo);

/// <summary>What an award did: the transfer (new or the one made earlier for the same source), or nothing because of the daily cap.</summary>
public sealed record AwardResult(PointsTransfer? Transfer, bool AlreadyAwarded, long Requested, long Granted)
{
    public bool Capped => Granted < Requested;
}

/// <summary>
/// The only writer of points. Every movement is one transfer between two accounts inside one
/// transaction: the source is claimed (unique), the payer is debited by a guarded update that
/// refuses to go below zero (pools excepted), the payee is credited. So the balances of all
/// accounts sum to zero at every commit, and no source is ever paid twice. Other features call
/// <see cref="AwardAsync"/> and <see cref="TransferAsync"/>; they never touch the ledger's tables.
/// See docs/decisions/0009.
/// </summary>
public sealed class PointsLedger(AppDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly TransferSource[] Awards =
        [TransferSource.VolunteerHours, TransferSource.WorkOrder, TransferSource.ProblemReport, TransferSource.Wish];

    /// <summary>The account of <paramref name="ownerId"/>, opened on first use (safe under races: insert-if-absent).</summary>
    public async Task<PointsAccount> AccountAsync(AccountKind kind, Guid ownerId, string name, string areaPath, CancellationToken ct = default)
    {
        var existing = await db.PointsAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Kind == kind && a.OwnerId == ownerId, ct);
        if (existing is not null)
        {
            return existing;
        }

        var opened = PointsAccount.Open(kind, ownerId, name, areaPath, clock.GetUtcNow().UtcDateTime);
        // ON CONFLICT DO NOTHING (both databases): two first awards at once open one account, and a
        // conflict does not abort a surrounding transaction.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "PointsAccounts" ("Id", "Kind", "OwnerId", "Name", "AreaPath", "Balance", "CreatedAt")
            VALUES ({opened.Id}, {opened.Kind.ToString()}, {opened.OwnerId}, {opened.Name}, {opened.AreaPath}, 0, {opened.CreatedAt})
            ON CONFLICT ("Kind", "OwnerId") DO NOTHING
            """, ct);
        return await db.PointsAccounts.AsNoTracking().SingleAsync(a => a.Kind == kind && a.OwnerId == ownerId, ct);
    }

    public async Task<PointsAccount> PersonAccountAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Name, p.AreaPath }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("person");
        return await AccountAsync(AccountKind.Person, personId, person.Name, person.AreaPath, ct);
    }

    public async Task<PointsAccount> MerchantAccountAsync(Guid organisationId, CancellationToken ct = default)
    {
        var merchant = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => new { o.Name, o.AreaPath }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("merchant");
        return await AccountAsync(AccountKind.Merchant, organisationId, merchant.Name, merchant.AreaPath, ct);
    }

    /// <summary>The pool of the community that <paramref name="areaPath"/> lies in: it issues that community's points.</summary>
    public async Task<PointsAccount> PoolAsync(string areaPath, CancellationToken ct = default)
    {
        var communityPath = AreaPath.Ancestor(areaPath, AreaLevel.Community)
            ?? throw new InvalidInputException("not_in_a_community", "该位置不属于任何社区", "The place is not inside a community.");
        var community = await db.Areas.AsNoTracking().Where(a => a.Path == communityPath).Select(a => new { a.Id, a.Name }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("community");
        return await AccountAsync(AccountKind.CommunityPool, community.Id, community.Name + "积分池", communityPath, ct);
    }

    /// <summary>The rules of the community that <paramref name="areaPath"/> lies in (its defaults if it set none).</summary>
    public async Task<PointsPolicy> PolicyAsync(string areaPath, CancellationToken ct = default)
    {
        var communityPath = AreaPath.Ancestor(areaPath, AreaLevel.Community)
            ?? throw new InvalidInputException("not_in_a_community", "该位置不属于任何社区", "The place is not inside a community.");
        var policy = await db.PointsPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.AreaPath == communityPath, ct);
        if (policy is not null)
        {
            return policy;
        }

        var communityId = await db.Areas.AsNoTracking().Where(a => a.Path == communityPath).Select(a => a.Id).SingleAsync(ct);
        return PointsPolicy.Defaults(communityId, communityPath);
    }

    /// <summary>
    /// Pays <see cref="Award.Amount"/> from the community's pool, limited by its daily cap. The same
    /// source twice (in sequence or at once) yields one transfer; the second call gets the first.
    /// </summary>
    public async Task<AwardResult> AwardAsync(Award award, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(award);
        if (!Awards.Contains(award.Source))
        {
            throw new ArgumentException("Only good deeds are awarded.", nameof(award));
        }

        var earlier = await ForSourceAsync(award.Source, award.SourceRef, ct);
        if (earlier is not null)
        {
            return new AwardResult(earlier, AlreadyAwarded: true, award.Amount, earlier.Amount);
        }

        var pool = await PoolAsync(award.AreaPath, ct);
        var policy = await PolicyAsync(award.AreaPath, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var amount = award.Amount;
            if (policy.DailyCap is { } cap)
            {
                // Lock the payee's row first so that two awards of one day see each other's sums.
                await db.PointsAccounts.Where(a => a.Id == award.ToAccountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance), ct);
                var dayStart = BeijingTime.DayStartUtc(now);
                var today = await db.PointsTransfers.AsNoTracking()
                    .Where(t => t.ToAccountId == award.ToAccountId && t.At >= dayStart && Awards.Contains(t.Source))
                    .SumAsync(t => (long?)t.Amount, ct) ?? 0;
                // A reversed award was not earned (a corrected verification is paid again): its share of the day is free again.
                var reversed = await db.PointsTransfers.AsNoTracking()
                    .Where(r => r.Source == TransferSource.Reversal && r.FromAccountId == award.ToAccountId
                        && db.PointsTransfers.Any(o => o.Id == r.ReversesTransferId && o.At >= dayStart && Awards.Contains(o.Source)))
                    .SumAsync(r => (long?)r.Amount, ct) ?? 0;
                amount = Math.Max(0, Math.Min(amount, cap - (today - reversed)));
            }

            if (amount <= 0)
            {
                return new AwardResult(null, AlreadyAwarded: false, award.Amount, 0);
            }

            var expires = policy.ExpiryMonths is { } months ? now.AddMonths(months) : (DateTime?)null;
            var transfer = await MoveAsync(new TransferCommand(pool.Id, award.ToAccountId, amount, award.Source, award.SourceRef, award.Memo, pool.AreaPath, expires), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }

            return new AwardResult(transfer, AlreadyAwarded: false, award.Amount, amount);
        }
        catch (DbUpdateException e) when (ownTransaction && Unique.IsViolation(e))
        {
            // Someone awarded the same source a moment ago: theirs stands.
            await tx!.RollbackAsync(ct);
            DetachPending();
            var theirs = await ForSourceAsync(award.Source, award.SourceRef, ct) ?? throw new InvalidOperationException("A unique violation without the winning row.", e);
            return new AwardResult(theirs, AlreadyAwarded: true, award.Amount, theirs.Amount);
        }
    }

    /// <summary>
    /// One transfer, in the caller's transaction when it has one (so stock and points move together)
    /// or in its own. Throws <c>insufficient_points</c> when the payer cannot cover it and
    /// <c>already_transferred</c> when its source was used before.
    /// </summary>
    public async Task<PointsTransfer> TransferAsync(TransferCommand command, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await ForSourceAsync(command.Source, command.SourceRef, ct) is not null)
        {
            throw new DomainRuleException("already_transferred", "该笔积分已处理过，不能重复", "Points for this were moved already.");
        }

        if (db.Database.CurrentTransaction is not null)
        {
            return await MoveAsync(command, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var transfer = await MoveAsync(command, ct);
        await tx.CommitAsync(ct);
        return transfer;
    }

    /// <summary>Undoes a transfer with its mirror image. Once only; the payee must still hold the points.</summary>
    public async Task<PointsTransfer> ReverseAsync(Guid transferId, string reason, CancellationToken ct = default)
    {
        var original = await db.PointsTransfers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == transferId, ct) ?? throw new NotFoundException("transfer");
        if (original.Source == TransferSource.Reversal)
        {
            throw new DomainRuleException("cannot_reverse_reversal", "冲正记录不能再冲正", "A reversal cannot itself be reversed.");
        }

        if (!IsReversible(original.Source))
        {
            // A code's points are held, refunded and settled by the code's own life (cancel, expire, redeem);
            // mirroring one of those steps would leave the code and the escrow disagreeing.
            throw new DomainRuleException("not_reversible", "兑换相关的积分流水不能冲正，请取消兑换码", "Redemption movements cannot be reversed; cancel the code instead.");
        }

        if (await db.PointsTransfers.AnyAsync(t => t.Source == TransferSource.Reversal && t.SourceRef == original.Id.ToString(), ct))
        {
            throw new DomainRuleException("already_reversed", "该笔积分已冲正", "This transfer was reversed already.");
        }

        return await TransferAsync(new TransferCommand(original.ToAccountId, original.FromAccountId, original.Amount, TransferSource.Reversal,
            original.Id.ToString(), $"冲正：{reason}", original.AreaPath, Reverses: original.Id), ct);
    }

    /// <summary>Awards and lapses may be undone by a reversal; a redemption code's movements may not.</summary>
    public static bool IsReversible(TransferSource source) => source is TransferSource.VolunteerHours or TransferSource.WorkOrder
        or TransferSource.ProblemReport or TransferSource.Wish or TransferSource.Expiry;

    public Task<PointsTransfer?> ForSourceAsync(TransferSource source, string sourceRef, CancellationToken ct = default) =>
        db.PointsTransfers.AsNoTracking().SingleOrDefaultAsync(t => t.Source == source && t.SourceRef == sourceRef, ct);

    /// <summary>
    /// The books: every balance equals what its transfers say, and all balances sum to zero.
    /// Tests call it after every scenario; admins see it on the ledger page.
    /// </summary>
    public async Task<BooksCheck> CheckBooksAsync(CancellationToken ct = default)
    {
        var balances = await db.PointsAccounts.AsNoTracking().Select(a => new { a.Id, a.Balance }).ToListAsync(ct);
        var outgoing = await db.PointsTransfers.AsNoTracking().GroupBy(t => t.FromAccountId).Select(g => new { Id = g.Key, Sum = g.Sum(t => t.Amount) }).ToDictionaryAsync(x => x.Id, x => x.Sum, ct);
        var incoming = await db.PointsTransfers.AsNoTracking().GroupBy(t => t.ToAccountId).Select(g => new { Id = g.Key, Sum = g.Sum(t => t.Amount) }).ToDictionaryAsync(x => x.Id, x => x.Sum, ct);
        var mismatched = balances.Where(b => b.Balance != incoming.GetValueOrDefault(b.Id) - outgoing.GetValueOrDefault(b.Id)).Select(b => b.Id).ToList();
        var transfers = await db.PointsTransfers.CountAsync(ct);
        return new BooksCheck(balances.Count, transfers, balances.Sum(b => b.Balance), mismatched);
    }

    private async Task<PointsTransfer> MoveAsync(TransferCommand c, CancellationToken ct)
    {
        if (c.Amount <= 0)
        {
            throw new InvalidInputException("invalid_amount", "积分数量必须大于 0", "The amount must be positive.");
        }

        if (c.FromAccountId == c.ToAccountId)
        {
            throw new InvalidInputException("same_account", "不能转给同一账户", "Payer and payee are the same account.");
        }

        if (c.SourceRef.Length is 0 or > PointsTransfer.SourceRefMaxLength)
        {
            throw new ArgumentException("A transfer names its source.", nameof(c));
        }

        // Rows are locked in id order so that two opposite transfers cannot deadlock on PostgreSQL.
        if (c.FromAccountId.CompareTo(c.ToAccountId) < 0)
        {
            await DebitAsync(c, ct);
            await CreditAsync(c.ToAccountId, c.Amount, ct);
        }
        else
        {
            await CreditAsync(c.ToAccountId, c.Amount, ct);
            await DebitAsync(c, ct);
        }

        var after = await db.PointsAccounts.AsNoTracking().Where(a => a.Id == c.FromAccountId || a.Id == c.ToAccountId)
            .Select(a => new { a.Id, a.Balance }).ToDictionaryAsync(a => a.Id, a => a.Balance, ct);
        var actor = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var transfer = PointsTransfer.Of(c, actor, clock.GetUtcNow().UtcDateTime, after[c.FromAccountId], after[c.ToAccountId]);
        db.PointsTransfers.Add(transfer);
        await db.SaveChangesAsync(ct);
        return transfer;
    }

    private async Task DebitAsync(TransferCommand c, CancellationToken ct)
    {
        // The guard sits in the UPDATE itself: the database decides, so no read-then-write gap exists.
        var amount = c.Amount;
        var debited = await db.PointsAccounts
            .Where(a => a.Id == c.FromAccountId && (a.Balance >= amount || a.Kind == AccountKind.CommunityPool))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - amount), ct);
        if (debited == 0)
        {
            if (!await db.PointsAccounts.AnyAsync(a => a.Id == c.FromAccountId, ct))
            {
                throw new NotFoundException("account");
            }

            throw new DomainRuleException("insufficient_points", "积分不足", "Not enough points.");
        }
    }

    private async Task CreditAsync(Guid accountId, long amount, CancellationToken ct)
    {
        if (await db.PointsAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount), ct) == 0)
        {
            throw new NotFoundException("account");
        }
    }

    private void DetachPending()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}

public sealed record BooksCheck(int Accounts, int Transfers, long Sum, IReadOnlyList<Guid> MismatchedAccounts)
{
    public bool Balanced => Sum == 0 && MismatchedAccounts.Count == 0;
}
