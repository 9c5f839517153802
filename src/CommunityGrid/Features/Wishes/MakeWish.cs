using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

public sealed record PostWish([property: MaxLength(Wish.TitleMaxLength)] string Title, [property: MaxLength(Wish.StoryMaxLength)] string? Story, Guid? ForPersonId);

/// <summary>许愿: a resident posts a wish (or staff and guardians for a resident); it waits for the community's check.</summary>
public sealed class MakeWish(AppDbContext db, CurrentUser current, WishQueries queries, TimeProvider clock)
{
    public async Task<WishView> HandleAsync(PostWish request, CancellationToken ct = default)
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
        var age = wisher.AgeOn(BeijingTime.Date(clock.GetUtcNow().UtcDateTime));
        var group = !onBehalf && scope.Has(Role.Rider) ? WisherGroup.Rider
            : age is < 18 ? WisherGroup.Child
            : age is >= 60 ? WisherGroup.Elderly
            : WisherGroup.Resident;
        var wish = Wish.Post(request.Title, request.Story, group, wisher.Id, wisher.Name, wisher.AreaPath, community, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", onBehalf, clock.GetUtcNow().UtcDateTime);
        db.Wishes.Add(wish);
        await db.SaveInTransactionAsync(ct);
        return await queries.ViewAsync(wish.Id, ct);
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

    private async Task<bool> SameHouseholdAsync(Guid? ownPersonId, Person wisher, CancellationToken ct) =>
        ownPersonId is { } own && wisher.HouseholdId is { } household
        && await db.People.AsNoTracking().AnyAsync(p => p.Id == own && p.HouseholdId == household, ct);
}
