using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record AddMemberRequest(Guid? PersonId, IReadOnlyList<string>? Skills);

/// <summary>加入志愿服务队: the caller joins, or the team's organiser adds a resident of its community; again: change the skills.</summary>
public sealed class JoinTeam(AppDbContext db, CurrentUser current, VolunteerAccess access, TimeProvider clock)
{
    /// <summary>加入 (no person: the caller) or, as the team's organiser, add a resident of its community; again: change the skills.</summary>
    public async Task<MemberView> HandleAsync(Guid id, AddMemberRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var team = await access.VisibleTeamAsync(scope, id, ct);
        Guid personId;
        if (request.PersonId is { } other && other != scope.PersonId)
        {
            if (!VolunteerAccess.MayManageTeam(scope, team))
            {
                throw new DomainRuleException("not_organiser", "只有服务队组织者可以添加队员", "Only the team's organiser adds members.");
            }

            personId = other;
        }
        else
        {
            personId = scope.PersonId ?? throw new DomainRuleException("no_person_record", "您的账号未关联居民信息", "Your account has no resident record.");
        }

        var community = AreaPath.Ancestor(team.AreaPath, AreaLevel.Community)!;
        var person = await db.People.AsNoTracking().Under([community]).Where(p => p.Id == personId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct);
        if (person is null && personId == scope.PersonId)
        {
            // Volunteers bound to the community (a 双报到 party member, a rider of 红蜂团) may live elsewhere.
            person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct);
        }

        if (person is null)
        {
            throw new NotFoundException("person");
        }

        var member = await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == id && m.PersonId == personId, ct);
        if (member is null)
        {
            member = TeamMember.Join(team, personId, request.Skills, clock.GetUtcNow().UtcDateTime);
            db.TeamMembers.Add(member);
        }
        else
        {
            member.ChangeSkills(request.Skills);
        }

        await db.SaveInTransactionAsync(ct);
        return new MemberView(personId, person.Name, Skills.Split(member.Skills), member.JoinedAt, personId == team.LeaderPersonId);
    }
}
