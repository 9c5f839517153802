using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record FormTeamRequest(
    [property: Required, MaxLength(VolunteerTeam.NameMaxLength)] string Name,
    [property: MaxLength(VolunteerTeam.DescriptionMaxLength)] string? Description,
    [property: Required, MaxLength(Area.CodeMaxLength)] string AreaCode,
    [property: MaxLength(256)] string? OrganiserUserName);

/// <summary>成立志愿服务队 in a community or grid the caller administers.</summary>
public sealed class FormTeam(AppDbContext db, CurrentUser current, TeamQueries teams, TimeProvider clock)
{
    /// <summary>成立志愿服务队 in a community or grid the caller administers.</summary>
    public async Task<TeamView> HandleAsync(FormTeamRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == request.AreaCode, ct);
        if (area is null || !scope.Administers(area.Path))
        {
            throw new NotFoundException("area");
        }

        string? organiserId = scope.UserId;
        if (!string.IsNullOrWhiteSpace(request.OrganiserUserName))
        {
            var community = AreaPath.Ancestor(area.Path, AreaLevel.Community) ?? area.Path;
            organiserId = await db.Users.AsNoTracking().Where(u => u.UserName == request.OrganiserUserName.Trim()).Select(u => u.Id).SingleOrDefaultAsync(ct);
            if (organiserId is null || !await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == organiserId).Under([community]).AnyAsync(ct))
            {
                throw new InvalidInputException("organiser_unknown", "组织者须为本社区的账号", "The organiser must hold an account in the community.");
            }
        }

        var name = (request.Name ?? "").Trim();
        if (await db.VolunteerTeams.AnyAsync(t => t.AreaId == area.Id && t.Name == name, ct))
        {
            throw new DomainRuleException("team_exists", "该区域已有同名志愿服务队", "A team of this name exists here.");
        }

        var team = VolunteerTeam.Form(name, request.Description, area, organiserId, clock.GetUtcNow().UtcDateTime);
        db.VolunteerTeams.Add(team);
        await db.SaveInTransactionAsync(ct);
        return await teams.TeamViewAsync(scope, team, ct);
    }
}
