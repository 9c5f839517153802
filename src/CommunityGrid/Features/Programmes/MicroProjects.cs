using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Programmes;

public sealed record ProposeMicroProject(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    [property: Required, MaxLength(MicroProject.TitleMaxLength)] string Title,
    [property: MaxLength(MicroProject.DescriptionMaxLength)] string? Description,
    long CostYuan);

/// <summary>筛选: <see cref="Passes"/> commits the estimate to the year's budget and opens the council vote; otherwise the note says why not.</summary>
public sealed record ScreenMicroProject(bool Passes, [property: MaxLength(MicroProject.NoteMaxLength)] string? Note);

public sealed record CastVote(VoteChoice Choice);

public sealed record ObjectToMicroProject([property: Required, MaxLength(MicroProject.NoteMaxLength)] string Reason);

public sealed record ReportProgress([property: Required, MaxLength(MicroProject.NoteMaxLength)] string Note, IReadOnlyList<Guid>? PhotoIds);

public sealed record EvaluateMicroProject(int Rating, [property: MaxLength(MicroProject.NoteMaxLength)] string? Comment);

public sealed record MicroProjectItem(Guid Id, string CommunityCode, string Title, long CostYuan, int Year, MicroProjectStatus Status, string ProposedByName,
    DateTime ProposedAt, DateTime? VoteClosesAt, DateTime? PublicityEndsAt);

/// <summary>What the caller may do with a project now: the same rules the actions enforce.</summary>
public sealed record MicroProjectActions(bool Screen, bool Vote, bool CloseVote, bool RaiseObjection, bool Start, bool Report, bool Complete, bool Evaluate);

/// <summary>The council's count. While the vote is open only the number of votes cast shows; the split shows once it has closed.</summary>
public sealed record VoteCount(int Members, int Cast, int? For, int? Against, int? Abstain);

public sealed record ObjectionView(string MaskedName, string Reason, DateTime At);

public sealed record UpdateView(string AuthorName, string Note, IReadOnlyList<Guid> PhotoIds, DateTime At);

public sealed record EvaluationView(string MaskedName, int Rating, string Comment, DateTime At);

public sealed record MicroProjectView(
    Guid Id, string CommunityCode, string CommunityName, string Title, string Description, long CostYuan, int Year, MicroProjectStatus Status,
    string ProposedByName, DateTime ProposedAt, string? ScreeningNote, DateTime? VoteOpenedAt, DateTime? VoteClosesAt, DateTime? VoteClosedAt,
    CouncilDecision? Decision, VoteCount Votes, VoteChoice? MyVote, DateTime? PublicityEndsAt, DateTime? StartedAt, DateTime? CompletedAt,
    IReadOnlyList<ObjectionView> Objections, IReadOnlyList<UpdateView> Updates, IReadOnlyList<EvaluationView> Evaluations, double? AverageRating,
    MicroProjectActions Can);

/// <summary>
/// The 民生微实事 use cases, shared by the API and the pages: load what the caller may see (else 404), let
/// <see cref="MicroProject"/> apply its rules, save with <see cref="Races"/>, answer the fresh view.
/// Community admins (and above) screen, close votes and run the implementation; council members vote;
/// residents of the community propose, object during publicity and evaluate.
/// </summary>
public sealed class MicroProjects(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    public async Task<MicroProjectView> ProposeAsync(ProposeMicroProject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityInScopeAsync(scope, request.CommunityCode, ct);
        var residence = await ResidenceAsync(scope, ct);
        var staff = scope.IsStaffOf(community.Path);
        if (!staff && (residence is null || !AreaPath.IsUnder(residence, community.Path)))
        {
            throw new DomainRuleException("not_a_resident_here", "只有本社区居民或社区工作人员可以提议", "Only residents and staff of the community propose projects.", RuleKind.Forbidden);
        }

        var name = staff ? scope.DisplayName ?? scope.UserName ?? "" : PersonNames.Mask(scope.DisplayName ?? scope.UserName ?? "");
        var project = MicroProject.Propose(community.Path, request.Title, request.Description, request.CostYuan, scope.UserId!, name, Now);
        db.Add(project);
        await db.SaveInTransactionAsync(ct);
        return await ViewAsync(project.Id, ct);
    }

    public async Task<Page<MicroProjectItem>> ListAsync(string? communityCode, MicroProjectStatus? status, int? year, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var query = db.Set<MicroProject>().AsNoTracking().Under(scope.CommunityPaths);
        if (communityCode is not null)
        {
            var community = await CommunityInScopeAsync(scope, communityCode, ct);
            query = query.Where(p => p.AreaPath == community.Path);
        }

        if (status is { } s)
        {
            query = query.Where(p => p.Status == s);
        }

        if (year is { } y)
        {
            query = query.Where(p => p.Year == y);
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.ProposedAt).ThenBy(p => p.Id).Skip((number - 1) * size).Take(size)
            .Select(p => new { p.Id, p.AreaPath, p.Title, p.CostYuan, p.Year, p.Status, p.ProposedByName, p.ProposedAt, p.VoteClosesAt, p.PublicityEndsAt })
            .ToListAsync(ct);
        var items = rows.Select(p => new MicroProjectItem(p.Id, AreaPath.CodeOf(p.AreaPath), p.Title, p.CostYuan, p.Year, p.Status, p.ProposedByName, p.ProposedAt,
            p.VoteClosesAt, p.PublicityEndsAt)).ToList();
        return new Page<MicroProjectItem>(items, number, size, total);
    }

    public async Task<MicroProjectView> ViewAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var project = await db.Set<MicroProject>().AsNoTracking().AsSplitQuery()
            .Include(p => p.Votes).Include(p => p.Objections).Include(p => p.Updates).Include(p => p.Evaluations)
            .SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !scope.BoundIn(project.AreaPath))
        {
            throw new NotFoundException("micro-project");
        }

        var community = await Communities.OfPathAsync(db, project.AreaPath, ct);
        var members = await MemberIdsAsync(project.AreaPath, ct);
        var residence = await ResidenceAsync(scope, ct);
        var closed = project.VoteClosedAt is not null;
        var cast = closed ? project.VotesFor + project.VotesAgainst + project.VotesAbstain : project.Votes.Count(v => members.Contains(v.PersonId));
        var votes = new VoteCount(closed ? project.CouncilSize : members.Count, cast, closed ? project.VotesFor : null, closed ? project.VotesAgainst : null,
            closed ? project.VotesAbstain : null);
        var mine = scope.PersonId is { } me ? project.Votes.SingleOrDefault(v => v.PersonId == me)?.Choice : null;
        return new MicroProjectView(project.Id, community.Code, community.Name, project.Title, project.Description, project.CostYuan, project.Year, project.Status,
            project.ProposedByName, project.ProposedAt, project.ScreeningNote, project.VoteOpenedAt, project.VoteClosesAt, project.VoteClosedAt, project.Decision, votes, mine,
            project.PublicityEndsAt, project.StartedAt, project.CompletedAt,
            [.. project.Objections.OrderBy(o => o.At).Select(o => new ObjectionView(o.MaskedName, o.Reason, o.At))],
            [.. project.Updates.OrderBy(u => u.At).Select(u => new UpdateView(u.AuthorName, u.Note, u.PhotoIds, u.At))],
            [.. project.Evaluations.OrderBy(e => e.At).Select(e => new EvaluationView(e.MaskedName, e.Rating, e.Comment, e.At))],
            project.Evaluations.Count == 0 ? null : Math.Round(project.Evaluations.Average(e => e.Rating), 1),
            Actions(scope, project, members, residence));
    }

    public Task<MicroProjectView> ScreenAsync(Guid id, ScreenMicroProject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, MustAdminister, async (p, _) =>
        {
            if (!request.Passes)
            {
                p.ScreenOut(request.Note ?? "", Now);
                return;
            }

            var budget = await db.Set<MicroProjectBudget>().SingleOrDefaultAsync(b => b.AreaPath == p.AreaPath && b.Year == p.Year, ct)
                ?? throw MicroProjectBudget.BudgetCapExceeded(0, p.CostYuan);
            p.ScreenIn(budget, await CouncilAsync(p.AreaPath, ct), request.Note, Now);
        }, ct);
    }

    public Task<MicroProjectView> VoteAsync(Guid id, CastVote request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, null, async (p, s) =>
        {
            var members = await MemberIdsAsync(p.AreaPath, ct);
            if (s.PersonId is not { } me || !members.Contains(me))
            {
                throw new DomainRuleException("not_a_council_member", "只有居民议事会成员可以表决", "Only members of the residents' council vote.", RuleKind.Forbidden);
            }

            p.Vote(me, request.Choice, Now);
        }, ct);
    }

    public Task<MicroProjectView> CloseVoteAsync(Guid id, CancellationToken ct = default) =>
        ActAsync(id, MustAdminister, async (p, _) =>
        {
            var budget = await db.Set<MicroProjectBudget>().SingleAsync(b => b.AreaPath == p.AreaPath && b.Year == p.Year, ct);
            p.CloseVote(await CouncilAsync(p.AreaPath, ct), await MemberIdsAsync(p.AreaPath, ct), budget, Now);
        }, ct);

    public Task<MicroProjectView> ObjectAsync(Guid id, ObjectToMicroProject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, null, async (p, s) =>
        {
            var (personId, name) = await ResidentOfAsync(s, p.AreaPath, ct);
            p.RaiseObjection(personId, PersonNames.Mask(name), request.Reason, Now);
        }, ct);
    }

    public Task<MicroProjectView> StartAsync(Guid id, CancellationToken ct = default) =>
        ActAsync(id, MustAdminister, (p, _) => { p.Start(Now); return Task.CompletedTask; }, ct);

    public Task<MicroProjectView> ReportAsync(Guid id, ReportProgress request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, MustAdminister, async (p, s) =>
        {
            var photos = request.PhotoIds?.Distinct().ToList() ?? [];
            var own = await db.Photos.AsNoTracking().Where(ph => photos.Contains(ph.Id) && ph.UploaderUserId == s.UserId && ph.WorkOrderId == null).CountAsync(ct);
            if (own != photos.Count)
            {
                throw new InvalidInputException("photo_unknown", "照片不存在，请重新上传", "A photo was not found; upload it again.");
            }

            p.Report(s.DisplayName ?? s.UserName ?? "", request.Note, photos, Now);
        }, ct);
    }

    public Task<MicroProjectView> CompleteAsync(Guid id, CancellationToken ct = default) =>
        ActAsync(id, MustAdminister, (p, _) => { p.Complete(Now); return Task.CompletedTask; }, ct);

    public Task<MicroProjectView> EvaluateAsync(Guid id, EvaluateMicroProject request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ActAsync(id, null, async (p, s) =>
        {
            var (personId, name) = await ResidentOfAsync(s, p.AreaPath, ct);
            p.Evaluate(personId, PersonNames.Mask(name), request.Rating, request.Comment, Now);
        }, ct);
    }

    /// <summary>A progress photo, to whoever may see the project.</summary>
    public async Task<Guid> PhotoAsync(Guid id, Guid photoId, CancellationToken ct = default)
    {
        var view = await ViewAsync(id, ct);
        return view.Updates.Any(u => u.PhotoIds.Contains(photoId)) ? photoId : throw new NotFoundException("photo");
    }

    private async Task<MicroProjectView> ActAsync(Guid id, Action<Scope, MicroProject>? guard, Func<MicroProject, Scope, Task> act, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        await Races.SettleAsync(db, async () =>
        {
            var project = await db.Set<MicroProject>().AsSplitQuery()
                .Include(p => p.Votes).Include(p => p.Objections).Include(p => p.Updates).Include(p => p.Evaluations)
                .SingleOrDefaultAsync(p => p.Id == id, ct);
            if (project is null || !scope.BoundIn(project.AreaPath))
            {
                throw new NotFoundException("micro-project");
            }

            guard?.Invoke(scope, project);
            await act(project, scope);
            return project.Id;
        }, ct);
        db.ChangeTracker.Clear();
        return await ViewAsync(id, ct);
    }

    private static void MustAdminister(Scope scope, MicroProject project)
    {
        if (!scope.Administers(project.AreaPath))
        {
            throw new DomainRuleException("not_community_staff", "只有社区管理员可以办理", "Only the community's admins do this.", RuleKind.Forbidden);
        }
    }

    private MicroProjectActions Actions(Scope scope, MicroProject p, IReadOnlySet<Guid> members, string? residence)
    {
        var admin = scope.Administers(p.AreaPath);
        var now = Now;
        var resident = scope.PersonId is { } me && residence is not null && AreaPath.IsUnder(residence, p.AreaPath);
        var member = scope.PersonId is { } m && members.Contains(m);
        return new MicroProjectActions(
            Screen: admin && p.Status == MicroProjectStatus.Proposed,
            Vote: member && p.VoteIsOpen(now),
            CloseVote: admin && p.Status == MicroProjectStatus.Voting,
            RaiseObjection: resident && p.PublicityIsRunning(now) && p.Objections.All(o => o.PersonId != scope.PersonId),
            Start: admin && p.Status == MicroProjectStatus.Publicised && !p.PublicityIsRunning(now),
            Report: admin && p.Status == MicroProjectStatus.Implementing,
            Complete: admin && p.Status == MicroProjectStatus.Implementing,
            Evaluate: resident && p.Status == MicroProjectStatus.Completed && p.Evaluations.All(e => e.PersonId != scope.PersonId));
    }

    internal async Task<CommunityRef> CommunityInScopeAsync(Scope scope, string code, CancellationToken ct)
    {
        var community = await Communities.ByCodeAsync(db, code, ct);
        return scope.BoundIn(community.Path) ? community : throw new NotFoundException("community");
    }

    /// <summary>Where the caller lives (their resident record's house path), or null.</summary>
    internal async Task<string?> ResidenceAsync(Scope scope, CancellationToken ct) =>
        scope.PersonId is { } id ? await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => p.AreaPath).SingleOrDefaultAsync(ct) : null;

    private async Task<(Guid PersonId, string Name)> ResidentOfAsync(Scope scope, string communityPath, CancellationToken ct)
    {
        var id = scope.PersonId;
        var person = id is null ? null : await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Id, p.Name, p.AreaPath }).SingleOrDefaultAsync(ct);
        return person is not null && AreaPath.IsUnder(person.AreaPath, communityPath)
            ? (person.Id, person.Name)
            : throw new DomainRuleException("not_a_resident_here", "只有本社区登记在册的居民可以这样做", "Only registered residents of the community can do this.", RuleKind.Forbidden);
    }

    internal async Task<ResidentsCouncil> CouncilAsync(string communityPath, CancellationToken ct) =>
        await db.Set<ResidentsCouncil>().AsNoTracking().SingleOrDefaultAsync(c => c.AreaPath == communityPath, ct) ?? ResidentsCouncil.For(communityPath);

    internal async Task<IReadOnlySet<Guid>> MemberIdsAsync(string communityPath, CancellationToken ct) =>
        (await db.Set<CouncilMember>().AsNoTracking().Where(m => m.AreaPath == communityPath).Select(m => m.PersonId).ToListAsync(ct)).ToHashSet();
}
