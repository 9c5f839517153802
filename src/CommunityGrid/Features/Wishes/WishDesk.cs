using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Photos;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Points;
using CommunityGrid.Features.WorkOrders;
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

public sealed record PostWish([property: MaxLength(Wish.TitleMaxLength)] string Title, [property: MaxLength(Wish.StoryMaxLength)] string? Story, Guid? ForPersonId);

public sealed record ClaimWish(Guid? TeamId, [property: MaxLength(Wish.NameMaxLength)] string? TeamName);

public sealed record TeamChoice(Guid Id, string Name);

public sealed record FulfilWish([property: MaxLength(Wish.NoteMaxLength)] string Note, IReadOnlyList<Guid>? PhotoIds);

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

/// <summary>
/// The wish tree's actions, shared by the API and the pages: load what the caller may act on (else
/// 404), let <see cref="Wish"/> apply its rules, save (a lost race is 409), answer the fresh view.
/// </summary>
public sealed class WishDesk(AppDbContext db, CurrentUser current, PointsLedger ledger, TimeProvider clock, IOptions<WishOptions> options)
{
    public static readonly WishStatus[] OnTheWall = [WishStatus.Published, WishStatus.Claimed, WishStatus.Fulfilled, WishStatus.Confirmed];

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public WishOptions Options => options.Value;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    public async Task<WishView> PostAsync(PostWish request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        if (!MayPost(scope))
        {
            throw NotAResident();
        }

        var ownId = scope.PersonId;
        var wisherId = request.ForPersonId ?? ownId ?? throw NotAResident();
        var wisher = await db.People.AsNoTracking().Where(p => p.Id == wisherId).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("person");
        var onBehalf = wisherId != ownId;
        if (onBehalf && !PostsFor(scope, wisher.AreaPath) && !await SameHouseholdAsync(ownId, wisher, ct))
        {
            // A guardian posts for a child of their household; staff for residents they keep. Anyone else: not found.
            throw new NotFoundException("person");
        }

        var community = AreaPath.Ancestor(wisher.AreaPath, AreaLevel.Community) ?? throw new NotFoundException("community");
        var age = wisher.AgeOn(BeijingTime.Date(Now));
        var group = !onBehalf && scope.Has(Role.Rider) ? WisherGroup.Rider
            : age is < 18 ? WisherGroup.Child
            : age is >= 60 ? WisherGroup.Elderly
            : WisherGroup.Resident;
        var wish = Wish.Post(request.Title, request.Story, group, wisher.Id, wisher.Name, wisher.AreaPath, community, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", onBehalf, Now);
        db.Wishes.Add(wish);
        await db.SaveInTransactionAsync(ct);
        return await ViewAsync(wish.Id, ct);
    }

    /// <summary>
    /// Whether the caller may post a wish at all (what pages ask before they offer 我要许愿): a registered
    /// resident (for themselves, or for a member of their household), or the staff who look after
    /// residents in person — community admins, grid chiefs, grid workers and building heads, for residents
    /// under their node. Street, district and city admins supervise wishes; they do not post them.
    /// </summary>
    public static bool MayPost(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsAuthenticated && (scope.PersonId is not null || scope.Grants.Any(g => PostsForResidents(g.Role)));
    }

    /// <summary>Where the caller may post wishes for residents (the nodes of their community and grid staff grants).</summary>
    public static IReadOnlyList<string> PostsForPaths(Scope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Scope.Outermost(scope.Grants.Where(g => PostsForResidents(g.Role)).Select(g => g.AreaPath));
    }

    /// <summary>The staff who may post for a resident living under <paramref name="areaPath"/>.</summary>
    public static bool PostsFor(Scope scope, string areaPath) => PostsForPaths(scope).Any(p => areaPath.StartsWith(p, StringComparison.Ordinal));

    private static bool PostsForResidents(Role role) => role is Role.CommunityAdmin or Role.GridChief or Role.GridWorker or Role.BuildingHead;

    private static DomainRuleException NotAResident() =>
        new("not_a_resident", "只有登记在册的居民可以许愿；社区和网格工作人员可为居民代发", "Only registered residents post wishes; community and grid staff post for them.");

    public Task<WishView> ApproveAsync(Guid id, CancellationToken ct = default) =>
        ActAsync(id, (w, s) => { MustReview(s, w); w.Approve(s.UserId!, Now); return Task.CompletedTask; }, null, ct);

    public Task<WishView> RejectAsync(Guid id, string reason, CancellationToken ct = default) =>
        ActAsync(id, (w, s) => { MustReview(s, w); w.Reject(s.UserId!, reason, Now); return Task.CompletedTask; }, null, ct);

    public Task<WishView> ClaimAsync(Guid id, ClaimWish request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, async (w, s) =>
        {
            if (request.TeamId is { } teamId)
            {
                // Only a member claims for a team, and the team's name comes from its record, not the request.
                var personId = s.PersonId;
                var team = await db.VolunteerTeams.AsNoTracking()
                    .Where(t => t.Id == teamId && db.TeamMembers.Any(m => m.TeamId == t.Id && m.PersonId == personId))
                    .Select(t => t.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("team");
                w.Claim(s.UserId!, s.PersonId, ClaimerKind.Team, teamId, team, Now);
                return;
            }

            var name = s.PersonId is { } pid ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(ct) : null;
            w.Claim(s.UserId!, s.PersonId, ClaimerKind.Person, null, name ?? "", Now);
        }, "already_claimed", ct);
    }

    /// <summary>The teams the caller may claim a wish for: those they are a member of.</summary>
    public async Task<IReadOnlyList<TeamChoice>> TeamsAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId)
        {
            return [];
        }

        return await db.VolunteerTeams.AsNoTracking()
            .Where(t => db.TeamMembers.Any(m => m.TeamId == t.Id && m.PersonId == personId))
            .OrderBy(t => t.Name)
            .Select(t => new TeamChoice(t.Id, t.Name))
            .ToListAsync(ct);
    }

    public Task<WishView> GiveUpAsync(Guid id, CancellationToken ct = default) =>
        ActAsync(id, (w, s) => { w.GiveUp(s.UserId!); return Task.CompletedTask; }, null, ct);

    public Task<WishView> FulfilAsync(Guid id, FulfilWish request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, async (w, s) =>
        {
            var photos = request.PhotoIds?.Distinct().ToList() ?? [];
            var own = await db.Photos.AsNoTracking().Where(p => photos.Contains(p.Id) && p.UploaderUserId == s.UserId && p.WorkOrderId == null).CountAsync(ct);
            if (own != photos.Count)
            {
                throw new InvalidInputException("photo_unknown", "照片不存在，请重新上传", "A photo was not found; upload it again.");
            }

            w.Fulfil(s.UserId!, request.Note, photos, Now);
        }, null, ct);
    }

    /// <summary>确认 and pay the claimer, in one transaction: a wish confirmed twice (or twice at once) pays once.</summary>
    public async Task<WishView> ConfirmAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await ForActionAsync(scope, id, ct);
        if (!ConfirmsFor(scope, wish))
        {
            throw new DomainRuleException("not_the_wisher", "只有许愿人（或代发的网格员）可以确认", "Only the wisher, or who posted for them, can confirm.");
        }

        wish.Confirm(scope.UserId!, Now);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            var policy = await ledger.PolicyAsync(wish.AreaPath, ct);
            var account = wish.ClaimerKind == ClaimerKind.Team
                ? await ledger.AccountAsync(AccountKind.Team, wish.ClaimerTeamId!.Value, wish.ClaimerName!, wish.CommunityPath, ct)
                : await ledger.PersonAccountAsync(wish.ClaimerPersonId!.Value, ct);
            var result = await ledger.AwardAsync(new Award(TransferSource.Wish, wish.Id.ToString(), wish.AreaPath, account.Id, policy.WishAward, $"实现微心愿：{wish.Title}"), ct);
            wish.RecordAward(result.Granted);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Unique.IsViolation(e))
        {
            throw new DomainRuleException("already_confirmed", "该心愿已确认", "The wish was confirmed already.");
        }

        return await ViewAsync(id, ct);
    }

    public async Task<WishView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (wish is null || !MaySee(scope, wish))
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
        var all = db.Wishes.AsNoTracking().Where(w => w.CommunityPath == community.Path && OnTheWall.Contains(w.Status));
        var counts = await all.GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var query = status is { } s && OnTheWall.Contains(s) ? all.Where(w => w.Status == s) : all;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.Status).ThenByDescending(w => w.PublishedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        // The wall is public: numbers and e-mail addresses a wisher typed into the text are masked.
        var items = rows.Select(w => new WallItem(w.Id, SensitiveText.Mask(w.Title), SensitiveText.Mask(w.Story), w.Group, w.MaskedName, w.Status,
            w.ClaimerKind == ClaimerKind.Person ? PersonNames.Mask(w.ClaimerName) : w.ClaimerName, w.PublishedAt, MayClaim(scope, w))).ToList();
        return new WallView(community.Code, community.Name, counts.GetValueOrDefault(WishStatus.Published), counts.GetValueOrDefault(WishStatus.Claimed),
            counts.GetValueOrDefault(WishStatus.Fulfilled) + counts.GetValueOrDefault(WishStatus.Confirmed), new Page<WallItem>(items, number, size, total));
    }

    /// <summary>A proof photo, to whoever may see the wish.</summary>
    public async Task<Photo> PhotoAsync(Guid id, Guid photoId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (wish is null || !IsParty(scope, wish) || !wish.PhotoIds.Contains(photoId))
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

    private async Task<WishView> ActAsync(Guid id, Func<Wish, Scope, Task> action, string? raceCode, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await ForActionAsync(scope, id, ct);
        await action(wish, scope);
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateConcurrencyException) when (raceCode is not null)
        {
            throw new DomainRuleException(raceCode, "该心愿已被认领", "The wish has been claimed already.");
        }

        return await ViewAsync(id, ct);
    }

    private async Task<Wish> ForActionAsync(Scope scope, Guid id, CancellationToken ct)
    {
        var wish = await db.Wishes.SingleOrDefaultAsync(w => w.Id == id, ct);
        return wish is not null && MaySee(scope, wish) ? wish : throw new NotFoundException("wish");
    }

    private async Task<WishView> ViewAsync(Guid id, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var wish = await db.Wishes.AsNoTracking().SingleAsync(w => w.Id == id, ct);
        return View(wish, scope, AreaPath.CodeOf(wish.CommunityPath));
    }

    private async Task<bool> SameHouseholdAsync(Guid? ownPersonId, Person wisher, CancellationToken ct) =>
        ownPersonId is { } own && wisher.HouseholdId is { } household
        && await db.People.AsNoTracking().AnyAsync(p => p.Id == own && p.HouseholdId == household, ct);

    private static void MustReview(Scope scope, Wish wish)
    {
        if (!scope.IsStaffOf(wish.CommunityPath))
        {
            throw new DomainRuleException("not_community_staff", "只有社区管理员或本社区网格员可以审核心愿", "Only community admins and the community's grid staff review wishes.");
        }
    }

    /// <summary>Its wisher, who posted it, its claimer, the community's staff; and, once on the wall, anyone bound in the community.</summary>
    public static bool MaySee(Scope scope, Wish wish)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(wish);
        return IsWisherSide(scope, wish)
            || (wish.ClaimerUserId is not null && wish.ClaimerUserId == scope.UserId)
            || scope.IsStaffOf(wish.CommunityPath)
            || (OnTheWall.Contains(wish.Status) && scope.BoundIn(wish.CommunityPath));
    }

    /// <summary>The caller may claim the wish now: they see it, and <see cref="Wish.ClaimRefusal"/> has no objection.</summary>
    public static bool MayClaim(Scope scope, Wish wish)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(wish);
        return scope.IsAuthenticated && MaySee(scope, wish) && wish.ClaimRefusal(scope.UserId, scope.PersonId) is null;
    }

    /// <summary>Those who deal with the wish: they see names and proof photos; the rest of the community sees the wall's masked view.</summary>
    private static bool IsParty(Scope scope, Wish wish) =>
        IsWisherSide(scope, wish) || (wish.ClaimerUserId is not null && wish.ClaimerUserId == scope.UserId) || scope.IsStaffOf(wish.CommunityPath);

    private static bool IsWisherSide(Scope scope, Wish wish) =>
        (scope.PersonId is not null && scope.PersonId == wish.WisherPersonId) || wish.PostedByUserId == scope.UserId;

    /// <summary>The wisher, who posted it for them, or a grid worker of the wisher's grid.</summary>
    private static bool ConfirmsFor(Scope scope, Wish wish) => IsWisherSide(scope, wish) || scope.IsGridStaffOf(wish.AreaPath);

    private WishView View(Wish w, Scope scope, string communityCode)
    {
        var claimer = w.ClaimerUserId is not null && w.ClaimerUserId == scope.UserId;
        var can = new WishActions(
            Review: w.Status == WishStatus.AwaitingReview && scope.IsStaffOf(w.CommunityPath),
            Claim: MayClaim(scope, w),
            GiveUp: w.Status == WishStatus.Claimed && claimer,
            Fulfil: w.Status == WishStatus.Claimed && claimer,
            Confirm: w.Status == WishStatus.Fulfilled && ConfirmsFor(scope, w));
        // Outside the parties a wish reads as on the wall: masked names, no proof photos.
        var party = IsParty(scope, w);
        var claimerName = party || w.ClaimerKind == ClaimerKind.Team ? w.ClaimerName : PersonNames.Mask(w.ClaimerName);
        return new WishView(w.Id, w.Title, w.Story, w.Group, w.MaskedName, communityCode, w.Status, w.OnBehalf, party ? w.PostedByName : PersonNames.Mask(w.PostedByName), w.RejectionReason, w.CreatedAt, w.PublishedAt,
            w.ClaimerKind, w.ClaimerKind is null ? null : claimerName, w.ClaimedAt, w.FulfilmentNote, party ? w.PhotoIds : [], w.FulfilledAt, w.ConfirmedAt, w.AwardedPoints,
            Wish.UnclaimedTooLong(w.Status, w.PublishedAt, Now, Options.UnclaimedDays), Wish.StuckClaimed(w.Status, w.ClaimedAt, Now, Options.StuckClaimedDays), can);
    }
}
