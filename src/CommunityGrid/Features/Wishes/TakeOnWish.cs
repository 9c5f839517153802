using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

public sealed record ClaimWish(Guid? TeamId, [property: MaxLength(Wish.NameMaxLength)] string? TeamName);

/// <summary>A volunteer team the caller may claim a wish for.</summary>
public sealed record TeamChoice(Guid Id, string Name);

/// <summary>
/// 认领: the caller takes on a wish, in their own name or for a volunteer team they are a member of.
/// Of parallel claims one wins; the others are refused (already_claimed).
/// </summary>
public sealed class TakeOnWish(AppDbContext db, CurrentUser current, WishQueries queries, TimeProvider clock)
{
    public async Task<WishView> HandleAsync(Guid id, ClaimWish request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var wish = await queries.ForActionAsync(scope, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.TeamId is { } teamId)
        {
            // Only a member claims for a team, and the team's name comes from its record, not the request.
            var personId = scope.PersonId;
            var team = await db.VolunteerTeams.AsNoTracking()
                .Where(t => t.Id == teamId && db.TeamMembers.Any(m => m.TeamId == t.Id && m.PersonId == personId))
                .Select(t => t.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("team");
            wish.Claim(scope.UserId!, scope.PersonId, ClaimerKind.Team, teamId, team, now);
        }
        else
        {
            var name = scope.PersonId is { } pid ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(ct) : null;
            wish.Claim(scope.UserId!, scope.PersonId, ClaimerKind.Person, null, name ?? "", now);
        }

        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("already_claimed", "该心愿已被认领", "The wish has been claimed already.");
        }

        return await queries.ViewAsync(id, ct);
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
}
