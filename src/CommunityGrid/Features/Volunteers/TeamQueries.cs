using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

/// <summary>An area a team may be formed in, or a grid a party member may serve.</summary>
public sealed record AreaChoice(string Code, string Name, AreaLevel Level);

/// <summary>A resident of a team's community whom its organiser may add: masked phone and address tell namesakes apart.</summary>
public sealed record MemberCandidate(Guid PersonId, string Name, string? MaskedPhone, string? Address, bool IsMember, IReadOnlyList<string> Skills);

/// <summary>A team the caller may publish activities for.</summary>
public sealed record TeamChoice(Guid Id, string Name, string AreaName);

public sealed record TeamView(Guid Id, string Name, string Description, string AreaCode, string AreaName, string? OrganiserName, string? LeaderName, int Members, bool MayManage);

public sealed record MemberView(Guid PersonId, string Name, IReadOnlyList<string> Skills, DateTime JoinedAt, bool IsLeader);

public sealed record RegistrationView(Guid PersonId, string Name, string EmployerName, IReadOnlyList<string> Skills, string GridCode, string GridName, DateTime RegisteredAt, DateTime UpdatedAt);

/// <summary>The read side of 志愿服务队 and 双报到: teams and members, whom an organiser may add, what the caller may publish for, registrations.</summary>
public sealed class TeamQueries(AppDbContext db, CurrentUser current, VolunteerAccess access, TimeProvider clock)
{
    /// <summary>At most this many areas are offered in a list; beyond it the caller types the area code.</summary>
    public const int MaxChoices = 300;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The teams the caller sees: their communities' and, for admins, everything under their area.</summary>
    public async Task<Page<TeamView>> TeamsAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.VolunteerTeams.AsNoTracking().Under(await access.VisiblePathsAsync(scope, ct));
        var total = await query.CountAsync(ct);
        var teams = await query.OrderBy(t => t.AreaPath).ThenBy(t => t.Name).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var views = new List<TeamView>();
        foreach (var t in teams)
        {
            views.Add(await TeamViewAsync(scope, t, ct));
        }

        return new Page<TeamView>(views, number, size, total);
    }

    public async Task<TeamView> TeamAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        return await TeamViewAsync(scope, await access.VisibleTeamAsync(scope, id, ct), ct);
    }

    public async Task<Page<MemberView>> MembersAsync(Guid id, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var team = await access.VisibleTeamAsync(scope, id, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = from m in db.TeamMembers.AsNoTracking()
                    where m.TeamId == id
                    join p in db.People.AsNoTracking() on m.PersonId equals p.Id
                    select new { m.PersonId, p.Name, m.Skills, m.JoinedAt };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.JoinedAt).ThenBy(r => r.PersonId).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        // Fellow volunteers and neighbours see a masked name (王*明); the team's organiser and the admins see it whole.
        var manages = VolunteerAccess.MayManageTeam(scope, team);
        string NameFor(Guid personId, string name) => manages || personId == scope.PersonId ? name : PersonNames.Mask(name) ?? "";
        return new Page<MemberView>(rows.Select(r => new MemberView(r.PersonId, NameFor(r.PersonId, r.Name), Skills.Split(r.Skills), r.JoinedAt, r.PersonId == team.LeaderPersonId)).ToList(),
            number, size, total);
    }

    /// <summary>The caller's own membership of a team they see, or null.</summary>
    public async Task<MemberView?> MyMembershipAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var team = await access.VisibleTeamAsync(scope, id, ct);
        if (scope.PersonId is not { } personId)
        {
            return null;
        }

        var member = await db.TeamMembers.AsNoTracking().SingleOrDefaultAsync(m => m.TeamId == id && m.PersonId == personId, ct);
        return member is null ? null : new MemberView(personId, scope.DisplayName ?? "", Skills.Split(member.Skills), member.JoinedAt, personId == team.LeaderPersonId);
    }

    /// <summary>Residents of the team's community by name, for its organiser to add.</summary>
    public async Task<Page<MemberCandidate>> CandidatesAsync(Guid id, string? name, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var team = await access.VisibleTeamAsync(scope, id, ct);
        if (!VolunteerAccess.MayManageTeam(scope, team))
        {
            throw new DomainRuleException("not_organiser", "只有服务队组织者可以添加队员", "Only the team's organiser adds members.");
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var community = AreaPath.Ancestor(team.AreaPath, AreaLevel.Community)!;
        // Registry keepers of the community search by part of a name and see the address; an organiser
        // without the registry finds only the exact name they were told, with the phone masked.
        var registry = scope.KeepsRegistryOf(community);
        var n = (name ?? "").Trim();
        if (n.Length == 0)
        {
            return new Page<MemberCandidate>([], number, size, 0);
        }

        var query = db.People.AsNoTracking().Under([community]);
        query = registry ? query.Where(p => p.Name.Contains(n)) : query.Where(p => p.Name == n);

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((number - 1) * size).Take(size)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Phone,
                Address = registry ? db.Households.Where(h => h.Id == p.HouseholdId).Select(h => h.Address).FirstOrDefault() : null,
                Skills = db.TeamMembers.Where(m => m.TeamId == id && m.PersonId == p.Id).Select(m => m.Skills).FirstOrDefault(),
            }).ToListAsync(ct);
        return new Page<MemberCandidate>(rows.Select(r => new MemberCandidate(r.Id, r.Name, IdNumbers.MaskPhone(r.Phone), r.Address, r.Skills is not null, Skills.Split(r.Skills))).ToList(), number, size, total);
    }

    /// <summary>Communities and grids the caller may form a team in (at most <see cref="MaxChoices"/>; more: type the code).</summary>
    public async Task<(IReadOnlyList<AreaChoice> Areas, bool More)> TeamAreasAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.AdminPaths.Count == 0)
        {
            return ([], false);
        }

        var rows = await db.Areas.AsNoTracking().Under(scope.AdminPaths).Where(a => !a.Retired && (a.Level == AreaLevel.Community || a.Level == AreaLevel.Grid))
            .OrderBy(a => a.Path).Take(MaxChoices + 1).Select(a => new AreaChoice(a.Code, a.Name, a.Level)).ToListAsync(ct);
        return (rows.Take(MaxChoices).ToList(), rows.Count > MaxChoices);
    }

    internal async Task<TeamView> TeamViewAsync(Scope scope, VolunteerTeam t, CancellationToken ct)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Id == t.AreaId).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var organiser = t.OrganiserUserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == t.OrganiserUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var leader = t.LeaderPersonId is null ? null : await db.People.AsNoTracking().Where(p => p.Id == t.LeaderPersonId).Select(p => p.Name).SingleOrDefaultAsync(ct);
        var members = await db.TeamMembers.CountAsync(m => m.TeamId == t.Id, ct);
        return new TeamView(t.Id, t.Name, t.Description, area.Code, area.Name, organiser, leader, members, VolunteerAccess.MayManageTeam(scope, t));
    }

    /// <summary>Teams the caller runs (as organiser, or as an admin over them), for 发布活动.</summary>
    public async Task<IReadOnlyList<TeamChoice>> PlannableTeamsAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.UserId is not { } userId)
        {
            return [];
        }

        var visible = db.VolunteerTeams.AsNoTracking().Under(await access.VisiblePathsAsync(scope, ct));
        var teams = await Choices(visible.Where(t => t.OrganiserUserId == userId)).ToListAsync(ct);
        if (scope.AdminPaths.Count > 0)
        {
            teams.AddRange(await Choices(visible.Under(scope.AdminPaths)).ToListAsync(ct));
        }

        return teams.DistinctBy(t => t.Id).OrderBy(t => t.Path, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).Take(MaxChoices)
            .Select(t => new TeamChoice(t.Id, t.Name, t.AreaName)).ToList();

        IQueryable<TeamRow> Choices(IQueryable<VolunteerTeam> q) => q.OrderBy(t => t.AreaPath).ThenBy(t => t.Name).Take(MaxChoices)
            .Select(t => new TeamRow(t.Id, t.Name, t.AreaPath, db.Areas.Where(a => a.Id == t.AreaId).Select(a => a.Name).First()));
    }

    private sealed record TeamRow(Guid Id, string Name, string Path, string AreaName);

    /// <summary>Whether the caller may publish at all: an admin, or the organiser of a team.</summary>
    public async Task<bool> MayPlanAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.AdminPaths.Count > 0 || (scope.UserId is { } userId && await db.VolunteerTeams.AsNoTracking().AnyAsync(t => t.OrganiserUserId == userId, ct));
    }

    /// <summary>Communities the caller administers, for an activity of the whole community.</summary>
    public async Task<IReadOnlyList<AreaChoice>> PlannableCommunitiesAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.AdminPaths.Count == 0)
        {
            return [];
        }

        var communities = await AreaDirectory.AdministeredCommunitiesAsync(db, scope, MaxChoices, ct);
        return [.. communities.Select(c => new AreaChoice(c.Code, c.Name, AreaLevel.Community))];
    }

    // ---- 双报到 ---------------------------------------------------------------------------------

    /// <summary>Whether the caller may register: a person on the party roll, or an account with the party member role.</summary>
    public async Task<bool> MayRegisterAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId)
        {
            return false;
        }

        var party = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.PartyStatus).SingleOrDefaultAsync(ct);
        return party != PartyStatus.None || scope.Has(Role.PartyMember);
    }

    public async Task<RegistrationView?> MyRegistrationAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId)
        {
            return null;
        }

        var row = await RegistrationsQuery().Where(r => r.PersonId == personId).SingleOrDefaultAsync(ct);
        return row is null ? null : Shape(row);
    }

    /// <summary>Registrations serving grids under the caller's registry.</summary>
    public async Task<Page<RegistrationView>> RegistrationsAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var ids = db.PartyRegistrations.AsNoTracking().InRegistryScope(scope).Select(r => r.Id);
        var query = RegistrationsQuery().Where(r => ids.Contains(r.Id));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.GridCode).ThenBy(r => r.Name).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<RegistrationView>(rows.Select(Shape).ToList(), number, size, total);
    }

    /// <summary>The grids offered to a party member: those of the community they live in, and of the one they serve now.</summary>
    public async Task<IReadOnlyList<AreaChoice>> RegistrationGridsAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId)
        {
            return [];
        }

        var home = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.AreaPath).SingleOrDefaultAsync(ct);
        var served = await db.PartyRegistrations.AsNoTracking().Where(r => r.PersonId == personId).Select(r => r.AreaPath).SingleOrDefaultAsync(ct);
        var communities = new[] { home, served }.Select(p => p is null ? null : AreaPath.Ancestor(p, AreaLevel.Community)).OfType<string>().Distinct().ToList();
        if (communities.Count == 0)
        {
            return [];
        }

        return await db.Areas.AsNoTracking().Under(communities).Where(a => !a.Retired && a.Level == AreaLevel.Grid)
            .OrderBy(a => a.Path).Take(MaxChoices).Select(a => new AreaChoice(a.Code, a.Name, a.Level)).ToListAsync(ct);
    }

    internal sealed class RegistrationRow
    {
        public Guid Id { get; init; }
        public Guid PersonId { get; init; }
        public string Name { get; init; } = "";
        public string EmployerName { get; init; } = "";
        public string Skills { get; init; } = "";
        public string GridCode { get; init; } = "";
        public string GridName { get; init; } = "";
        public DateTime RegisteredAt { get; init; }
        public DateTime UpdatedAt { get; init; }
    }

    internal IQueryable<RegistrationRow> RegistrationsQuery() =>
        from r in db.PartyRegistrations.AsNoTracking()
        join p in db.People.AsNoTracking() on r.PersonId equals p.Id
        join g in db.Areas.AsNoTracking() on r.GridId equals g.Id
        select new RegistrationRow
        {
            Id = r.Id,
            PersonId = r.PersonId,
            Name = p.Name,
            EmployerName = r.EmployerName,
            Skills = r.Skills,
            GridCode = g.Code,
            GridName = g.Name,
            RegisteredAt = r.RegisteredAt,
            UpdatedAt = r.UpdatedAt,
        };

    internal static RegistrationView Shape(RegistrationRow r) => new(r.PersonId, r.Name, r.EmployerName, Skills.Split(r.Skills), r.GridCode, r.GridName, r.RegisteredAt, r.UpdatedAt);
}
