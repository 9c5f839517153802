using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Programmes;

public sealed record CouncilSettings(int QuorumPercent, int MajorityPercent, int VoteDays, int PublicityDays);

public sealed record AddCouncilMember(Guid PersonId);

public sealed record CouncilMemberView(Guid PersonId, string Name, DateTime JoinedAt);

public sealed record CouncilView(string CommunityCode, string CommunityName, int QuorumPercent, int MajorityPercent, int VoteDays, int PublicityDays,
    IReadOnlyList<CouncilMemberView> Members, bool MayEdit);

public sealed record SetBudget(int Year, long CapYuan);

/// <summary>A community's micro-project money for one year: the cap, what screened-in projects have committed, and what is left.</summary>
public sealed record BudgetView(string CommunityCode, string CommunityName, int Year, long CapYuan, long UsedYuan, long LeftYuan, int Projects, bool MayEdit);

/// <summary>The residents' council (members and voting rules) and the yearly budget cap of a community. Its admins edit them; those bound to it read them.</summary>
public sealed class CouncilsAndBudgets(AppDbContext db, MicroProjects projects, TimeProvider clock)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public async Task<CouncilView> CouncilAsync(string communityCode, CancellationToken ct = default)
    {
        var scope = await projects.ScopeAsync(ct);
        var community = await projects.CommunityInScopeAsync(scope, communityCode, ct);
        var council = await projects.CouncilAsync(community.Path, ct);
        var members = await db.Set<CouncilMember>().AsNoTracking().Where(m => m.AreaPath == community.Path).OrderBy(m => m.JoinedAt).ThenBy(m => m.Id)
            .Select(m => new CouncilMemberView(m.PersonId, m.Name, m.JoinedAt)).ToListAsync(ct);
        return new CouncilView(community.Code, community.Name, council.QuorumPercent, council.MajorityPercent, council.VoteDays, council.PublicityDays, members,
            scope.Administers(community.Path));
    }

    public async Task<CouncilView> ConfigureAsync(string communityCode, CouncilSettings request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var community = await AdministeredAsync(communityCode, ct);
        await Races.SettleAsync(db, async () =>
        {
            var council = await TrackedCouncilAsync(community.Path, ct);
            council.Configure(request.QuorumPercent, request.MajorityPercent, request.VoteDays, request.PublicityDays);
            return council.Id;
        }, ct);
        return await CouncilAsync(communityCode, ct);
    }

    public async Task<CouncilView> AddMemberAsync(string communityCode, AddCouncilMember request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var community = await AdministeredAsync(communityCode, ct);
        var person = await db.People.AsNoTracking().Where(p => p.Id == request.PersonId).Select(p => new { p.Id, p.Name, p.AreaPath }).SingleOrDefaultAsync(ct);
        if (person is null || !AreaPath.IsUnder(person.AreaPath, community.Path))
        {
            throw new NotFoundException("person");
        }

        await Races.SettleAsync(db, async () =>
        {
            var council = await TrackedCouncilAsync(community.Path, ct);
            if (await db.Set<CouncilMember>().AnyAsync(m => m.CouncilId == council.Id && m.PersonId == person.Id, ct))
            {
                throw new DomainRuleException("already_a_member", "该居民已是议事会成员", "The resident is a council member already.");
            }

            db.Add(CouncilMember.Of(council, person.Id, person.Name, clock.GetUtcNow().UtcDateTime));
            return council.Id;
        }, ct);
        return await CouncilAsync(communityCode, ct);
    }

    public async Task<CouncilView> RemoveMemberAsync(string communityCode, Guid personId, CancellationToken ct = default)
    {
        var community = await AdministeredAsync(communityCode, ct);
        var member = await db.Set<CouncilMember>().SingleOrDefaultAsync(m => m.AreaPath == community.Path && m.PersonId == personId, ct) ?? throw new NotFoundException("council member");
        db.Remove(member);
        await db.SaveInTransactionAsync(ct);
        return await CouncilAsync(communityCode, ct);
    }

    public async Task<BudgetView> BudgetAsync(string communityCode, int? year, CancellationToken ct = default)
    {
        var scope = await projects.ScopeAsync(ct);
        var community = await projects.CommunityInScopeAsync(scope, communityCode, ct);
        var y = year ?? BeijingTime.Date(clock.GetUtcNow().UtcDateTime).Year;
        if (y is < MinYear or > MaxYear)
        {
            throw new InvalidInputException("year_out_of_range", $"年份应为 {MinYear}–{MaxYear}", $"The year is {MinYear}–{MaxYear}.");
        }

        var budget = await db.Set<MicroProjectBudget>().AsNoTracking().SingleOrDefaultAsync(b => b.AreaPath == community.Path && b.Year == y, ct);
        var count = await db.Set<MicroProject>().AsNoTracking().CountAsync(p => p.AreaPath == community.Path && p.Year == y, ct);
        return new BudgetView(community.Code, community.Name, y, budget?.CapYuan ?? 0, budget?.CommittedYuan ?? 0, budget?.LeftYuan ?? 0, count, scope.Administers(community.Path));
    }

    public async Task<BudgetView> SetBudgetAsync(string communityCode, SetBudget request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var community = await AdministeredAsync(communityCode, ct);
        if (request.Year is < MinYear or > MaxYear)
        {
            throw new InvalidInputException("year_out_of_range", $"年份应为 {MinYear}–{MaxYear}", $"The year is {MinYear}–{MaxYear}.");
        }

        await Races.SettleAsync(db, async () =>
        {
            var budget = await db.Set<MicroProjectBudget>().SingleOrDefaultAsync(b => b.AreaPath == community.Path && b.Year == request.Year, ct);
            if (budget is null)
            {
                budget = MicroProjectBudget.For(community.Path, request.Year, request.CapYuan);
                db.Add(budget);
            }
            else
            {
                budget.SetCap(request.CapYuan);
            }

            return budget.Id;
        }, ct);
        return await BudgetAsync(communityCode, request.Year, ct);
    }

    private async Task<CommunityRef> AdministeredAsync(string communityCode, CancellationToken ct)
    {
        var scope = await projects.ScopeAsync(ct);
        var community = await projects.CommunityInScopeAsync(scope, communityCode, ct);
        return scope.Administers(community.Path)
            ? community
            : throw new DomainRuleException("not_community_staff", "只有社区管理员可以办理", "Only the community's admins do this.", RuleKind.Forbidden);
    }

    private async Task<ResidentsCouncil> TrackedCouncilAsync(string communityPath, CancellationToken ct)
    {
        var council = await db.Set<ResidentsCouncil>().SingleOrDefaultAsync(c => c.AreaPath == communityPath, ct);
        if (council is null)
        {
            council = ResidentsCouncil.For(communityPath);
            db.Add(council);
        }

        return council;
    }
}
