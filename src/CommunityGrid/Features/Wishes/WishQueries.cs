using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Photos;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Wishes;

/// <summary>When a wish is flagged on the community's list: on the wall unclaimed, or claimed and not fulfilled, too long.</summary>
public sealed class WishOptions
{
    public int UnclaimedDays { get; set; } = 14;
    public int StuckClaimedDays { get; set; } = 7;
}

/// <summary>What the caller may do with a wish now (<see cref="Wish.AllowedActions"/>).</summary>
public sealed record WishActions(bool Review, bool Claim, bool GiveUp, bool Fulfil, bool Confirm);

/// <summary>One wish as its parties and the community's staff see it: still only the masked name of the wisher.</summary>
public sealed record WishView(
    Guid Id, string Title, string Story, WisherGroup Group, string MaskedName, string CommunityCode, WishStatus Status, bool OnBehalf, string PostedByName,
    string? RejectionReason, DateTime CreatedAt, DateTime? PublishedAt, ClaimerKind? ClaimerKind, string? ClaimerName, DateTime? ClaimedAt,
    string? FulfilmentNote, IReadOnlyList<Guid> PhotoIds, DateTime? FulfilledAt, DateTime? ConfirmedAt, long? AwardedPoints,
    bool UnclaimedTooLong, bool StuckClaimed, WishActions Can);

/// <summary>A wish on the public wall: masked names, no phones, no addresses. <see cref="CanClaim"/>: whether the caller may claim it now.</summary>
public sealed record WallItem(Guid Id, string Title, string Story, WisherGroup Group, string MaskedName, WishStatus Status, string? ClaimerName, DateTime? PublishedAt,
    bool CanClaim = false);

public sealed record WallView(string CommunityCode, string CommunityName, int Published, int Claimed, int Fulfilled, Page<WallItem> Wishes);

/// <summary>The read side of the wish tree: one wish, the caller's lists, the community's list, the public wall, proof photos.</summary>
public sealed class WishQueries(AppDbContext db, CurrentUser current, TimeProvider clock, IOptions<WishOptions> options)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public WishOptions Options => options.Value;

    public async Task<WishView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (wish is null || !wish.IsSeenBy(scope))
        {
            throw new NotFoundException("wish");
        }

        return View(wish, scope, AreaPath.CodeOf(wish.CommunityPath));
    }

    /// <summary>Wishes the caller posted, or that were posted for them.</summary>
    public async Task<Page<WishView>> MineAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var uid = scope.UserId;
        var pid = scope.PersonId;
        return await PageAsync(scope, db.Wishes.AsNoTracking().Where(w => w.PostedByUserId == uid || (pid != null && w.WisherPersonId == pid)), page, pageSize, ct);
    }

    /// <summary>Wishes the caller has claimed (open first).</summary>
    public async Task<Page<WishView>> ClaimedAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var uid = scope.UserId;
        return await PageAsync(scope, db.Wishes.AsNoTracking().Where(w => w.ClaimerUserId == uid), page, pageSize, ct);
    }

    /// <summary>The community's list for its staff: every status, with the stale ones flagged.</summary>
    public async Task<Page<WishView>> CommunityListAsync(string? communityCode, WishStatus? status, bool flaggedOnly, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var query = db.Wishes.AsNoTracking().Under(scope.StaffPaths);
        if (!string.IsNullOrEmpty(communityCode))
        {
            var community = await Communities.ByCodeAsync(db, communityCode, ct);
            if (!scope.IsStaffOf(community.Path))
            {
                throw new NotFoundException("community");
            }

            query = query.Where(w => w.CommunityPath == community.Path);
        }

        if (status is not null)
        {
            query = query.Where(w => w.Status == status);
        }

        if (flaggedOnly)
        {
            var unclaimedBefore = Now.AddDays(-Options.UnclaimedDays);
            var stuckBefore = Now.AddDays(-Options.StuckClaimedDays);
            query = query.Where(w => (w.Status == WishStatus.Published && w.PublishedAt <= unclaimedBefore) || (w.Status == WishStatus.Claimed && w.ClaimedAt <= stuckBefore));
        }

        return await PageAsync(scope, query, page, pageSize, ct);
    }

    /// <summary>心愿墙 of a community: anyone may read it; names are masked and nothing else personal is shown.</summary>
    public async Task<WallView> WallAsync(string communityCode, WishStatus? status, int? page, int? pageSize, CancellationToken ct = default)
    {
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var all = db.Wishes.AsNoTracking().Where(w => w.CommunityPath == community.Path && Wish.OnTheWall.Contains(w.Status));
        var counts = await all.GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var query = status is { } s && Wish.OnTheWall.Contains(s) ? all.Where(w => w.Status == s) : all;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.Status).ThenByDescending(w => w.PublishedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        // The wall is public: numbers and e-mail addresses a wisher typed into the text are masked.
        var items = rows.Select(w => new WallItem(w.Id, SensitiveText.Mask(w.Title), SensitiveText.Mask(w.Story), w.Group, w.MaskedName, w.Status,
            w.ClaimerKind == ClaimerKind.Person ? PersonNames.Mask(w.ClaimerName) : w.ClaimerName, w.PublishedAt, w.AllowedActions(scope).Claim)).ToList();
        return new WallView(community.Code, community.Name, counts.GetValueOrDefault(WishStatus.Published), counts.GetValueOrDefault(WishStatus.Claimed),
            counts.GetValueOrDefault(WishStatus.Fulfilled) + counts.GetValueOrDefault(WishStatus.Confirmed), new Page<WallItem>(items, number, size, total));
    }

    /// <summary>A proof photo, to whoever may see the wish.</summary>
    public async Task<Photo> PhotoAsync(Guid id, Guid photoId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (wish is null || !wish.IsParty(scope) || !wish.PhotoIds.Contains(photoId))
        {
            throw new NotFoundException("photo");
        }

        return await db.Photos.AsNoTracking().SingleAsync(p => p.Id == photoId, ct);
    }

    private async Task<Page<WishView>> PageAsync(Scope scope, IQueryable<Wish> query, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.Status).ThenByDescending(w => w.CreatedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<WishView>([.. rows.Select(w => View(w, scope, AreaPath.CodeOf(w.CommunityPath)))], number, size, total);
    }

    /// <summary>The wish to act on, tracked; 404 unless the caller may see it.</summary>
    internal async Task<Wish> ForActionAsync(Scope scope, Guid id, CancellationToken ct)
    {
        var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == id, ct);
        return wish is not null && wish.IsSeenBy(scope) ? wish : throw new NotFoundException("wish");
    }

    /// <summary>The wish as the caller sees it after an action.</summary>
    internal async Task<WishView> ViewAsync(Guid id, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleAsync(w => w.Id == id, ct);
        return View(wish, scope, AreaPath.CodeOf(wish.CommunityPath));
    }

    private WishView View(Wish w, Scope scope, string communityCode)
    {
        var can = w.AllowedActions(scope);
        // Outside the parties a wish reads as on the wall: masked names, no proof photos.
        var party = w.IsParty(scope);
        var claimerName = party || w.ClaimerKind == ClaimerKind.Team ? w.ClaimerName : PersonNames.Mask(w.ClaimerName);
        return new WishView(w.Id, w.Title, w.Story, w.Group, w.MaskedName, communityCode, w.Status, w.OnBehalf, party ? w.PostedByName : PersonNames.Mask(w.PostedByName), w.RejectionReason, w.CreatedAt, w.PublishedAt,
            w.ClaimerKind, w.ClaimerKind is null ? null : claimerName, w.ClaimedAt, w.FulfilmentNote, party ? w.PhotoIds : [], w.FulfilledAt, w.ConfirmedAt, w.AwardedPoints,
            Wish.UnclaimedTooLong(w.Status, w.PublishedAt, Now, Options.UnclaimedDays), Wish.StuckClaimed(w.Status, w.ClaimedAt, Now, Options.StuckClaimedDays), can);
    }
}
