using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Governance;

public sealed record CriterionInput(
    [property: Required, MaxLength(AssessmentTemplate.CodeMaxLength)] string Code,
    [property: Required, MaxLength(AssessmentTemplate.NameMaxLength)] string Name,
    int Weight,
    [property: MaxLength(AssessmentTemplate.GuidanceMaxLength)] string? Guidance,
    CriterionSource Source);

public sealed record DefineTemplateRequest(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    [property: Required, MaxLength(AssessmentTemplate.NameMaxLength)] string Name,
    [property: Required] IReadOnlyList<CriterionInput> Criteria,
    double RedBelow = 60,
    double YellowBelow = 75);

public sealed record TemplateView(Guid Id, string Name, string AreaPath, double RedBelow, double YellowBelow, IReadOnlyList<CriterionSpec> Criteria);

public sealed record OpenRoundRequest(
    [property: Required, MaxLength(Area.CodeMaxLength)] string CommunityCode,
    Guid TemplateId,
    int Year,
    int Quarter,
    DateTime ScoringDeadline);

public sealed record MarkInput([property: Required, MaxLength(AssessmentTemplate.CodeMaxLength)] string Code, double Value);

public sealed record ScoreRequest(Guid EstateId, [property: Required] IReadOnlyList<MarkInput> Marks, [property: MaxLength(AssessmentScore.CommentMaxLength)] string? Comment);

public sealed record SetCommitteeRequest(Guid OrganisationId);

public sealed record RoundListItem(Guid Id, string Name, string CommunityCode, string Period, RoundStatus Status, DateTime ScoringDeadline, int Scores, DateTime? ClosedAt);

/// <summary>One estate in a round: who has scored it so far, and whether the caller may score it now (and as whom).</summary>
public sealed record RoundEstate(Guid EstateId, string EstateName, string ManagerName, int CommunityScores, int CommitteeScores, int ResidentScores, AssessmentParty? CallerMayScoreAs, bool CallerHasScored);

public sealed record ResultView(Guid EstateId, string EstateName, Guid ManagerOrganisationId, string ManagerName, double? Total, bool Incomplete, int? Rank, ListColour Colour,
    IReadOnlyList<CriterionValue> Values, int Scores);

public sealed record CriterionValue(string Code, string Name, int Weight, CriterionSource Source, double? Value);

public sealed record RoundView(Guid Id, string Name, string CommunityCode, string CommunityName, string Period, DateOnly PeriodFrom, DateOnly PeriodTo, DateTime ScoringDeadline,
    RoundStatus Status, double RedBelow, double YellowBelow, IReadOnlyList<CriterionSpec> Criteria, IReadOnlyList<RoundEstate> Estates, IReadOnlyList<ResultView> Results,
    bool CallerMayClose);

public sealed record RankingEntry(int? Rank, string EstateName, string CommunityName, string ManagerName, Guid ManagerOrganisationId, double? Total, ListColour Colour, bool Incomplete, Guid RoundId);

public sealed record StreetRanking(string StreetCode, string StreetName, string Period, IReadOnlyList<RankingEntry> Entries);

public sealed record HistoryEntry(string Period, string RoundName, string EstateName, double? Total, int? Rank, ListColour Colour, double? Change);

public sealed record CompanyHistory(Guid OrganisationId, string Name, IReadOnlyList<HistoryEntry> Rounds);

/// <summary>
/// 考核评价 for the API and the pages: templates, rounds, who scores what (the community, the estate's
/// owners' committee, its residents), closing with the computed criteria, and what a closed round shows.
/// </summary>
public sealed class Assessments(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<TemplateView>> TemplatesAsync(string communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(communityCode, ct);
        if (!scope.IsStaffOf(community.Path))
        {
            throw new NotFoundException("community");
        }

        var ancestors = AreaPath.SelfAndAncestors(community.Path).ToList();
        var templates = await db.AssessmentTemplates.AsNoTracking().Where(t => ancestors.Contains(t.AreaPath)).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return [.. templates.Select(View)];
    }

    public async Task<TemplateView> DefineTemplateAsync(DefineTemplateRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var community = await AdministeredCommunityAsync(request.CommunityCode, ct);
        var template = AssessmentTemplate.Define(request.Name, community.Path,
            [.. request.Criteria.Select(c => new CriterionSpec(c.Code, c.Name, c.Weight, c.Guidance ?? "", c.Source))], request.RedBelow, request.YellowBelow, Now);
        db.AssessmentTemplates.Add(template);
        await db.SaveInTransactionAsync(ct);
        return View(template);
    }

    /// <summary>Names the owners' committee that scores an estate (a committee registered in its community).</summary>
    public async Task SetCommitteeAsync(Guid estateId, SetCommitteeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var estate = await db.Estates.AsNoTracking().SingleOrDefaultAsync(e => e.Id == estateId, ct);
        if (estate is null || !scope.Administers(estate.AreaPath))
        {
            throw new NotFoundException("estate");
        }

        var committee = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrganisationId, ct);
        if (committee is null || !AreaPath.IsUnder(committee.AreaPath, estate.AreaPath))
        {
            throw new NotFoundException("organisation");
        }

        if (committee.Kind is not (OrganisationKind.OwnersCommittee or OrganisationKind.PropertyManagementCommittee))
        {
            throw new InvalidInputException("not_a_committee", "只能指定业委会或物管会", "Only an owners' or property management committee can be named.");
        }

        var link = await db.EstateCommittees.SingleOrDefaultAsync(c => c.EstateId == estateId, ct);
        if (link is null)
        {
            db.EstateCommittees.Add(EstateCommittee.Of(estateId, committee.Id));
        }
        else
        {
            link.Replace(committee.Id);
        }

        await db.SaveInTransactionAsync(ct);
    }

    public async Task<RoundView> OpenAsync(OpenRoundRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await AdministeredCommunityAsync(request.CommunityCode, ct);
        var template = await db.AssessmentTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == request.TemplateId, ct);
        if (template is null || !AreaPath.IsUnder(community.Path, template.AreaPath))
        {
            throw new NotFoundException("template");
        }

        var round = AssessmentRound.Open(template, community.Path, community.DistrictCode, request.Year, request.Quarter, BeijingTime.ToUtc(request.ScoringDeadline), scope.UserId!, Now);
        if (await db.AssessmentRounds.AnyAsync(r => r.AreaPath == community.Path && r.Period == round.Period, ct))
        {
            throw new DomainRuleException("round_exists", "本社区该季度已有考核", "The community already has a round for this quarter.");
        }

        db.AssessmentRounds.Add(round);
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(round.Id, ct);
    }

    public async Task<Page<RoundListItem>> ListAsync(string? communityCode, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var rounds = db.AssessmentRounds.AsNoTracking().Under(scope.CommunityPaths);
        if (!string.IsNullOrWhiteSpace(communityCode))
        {
            var community = await CommunityAsync(communityCode, ct);
            // A community the caller has no part in is not there for them (404), like any object out of scope.
            if (!scope.CommunityPaths.Any(p => AreaPath.IsUnder(community.Path, p) || AreaPath.IsUnder(p, community.Path)))
            {
                throw new NotFoundException("community");
            }

            rounds = rounds.Where(r => r.AreaPath == community.Path);
        }

        var total = await rounds.CountAsync(ct);
        var items = await rounds.OrderByDescending(r => r.OpenedAt).Skip((number - 1) * size).Take(size)
            .Select(r => new { r.Id, r.Name, r.AreaPath, r.Period, r.Status, r.ScoringDeadline, r.ClosedAt, Scores = db.AssessmentScores.Count(s => s.RoundId == r.Id) })
            .ToListAsync(ct);
        return new Page<RoundListItem>([.. items.Select(r => new RoundListItem(r.Id, r.Name, AreaPath.CodeOf(r.AreaPath), r.Period, r.Status, r.ScoringDeadline, r.Scores, r.ClosedAt))], number, size, total);
    }

    public async Task<RoundView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var round = await VisibleRoundAsync(scope, id, ct);
        var communityName = await db.Areas.AsNoTracking().Where(a => a.Path == round.AreaPath).Select(a => a.Name).SingleAsync(ct);
        var estates = await EstatesOfAsync(round, ct);
        var scores = await db.AssessmentScores.AsNoTracking().Where(s => s.RoundId == id).Select(s => new { s.EstateId, s.Party, s.ScorerUserId }).ToListAsync(ct);
        var parties = await PartiesAsync(scope, estates.Select(e => e.Id).ToList(), ct);
        var criteria = round.Criteria;
        var rows = estates.Select(e => new RoundEstate(e.Id, e.Name, e.ManagerName,
            scores.Count(s => s.EstateId == e.Id && s.Party == AssessmentParty.Community),
            scores.Count(s => s.EstateId == e.Id && s.Party == AssessmentParty.OwnersCommittee),
            scores.Count(s => s.EstateId == e.Id && s.Party == AssessmentParty.Residents),
            round.Status == RoundStatus.Open && Now <= round.ScoringDeadline && !scores.Any(s => s.EstateId == e.Id && s.ScorerUserId == scope.UserId) ? parties.GetValueOrDefault(e.Id) : null,
            scores.Any(s => s.EstateId == e.Id && s.ScorerUserId == scope.UserId))).ToList();
        var results = round.Status == RoundStatus.Closed
            ? (await db.AssessmentResults.AsNoTracking().Where(r => r.RoundId == id).ToListAsync(ct))
                .OrderBy(r => r.Rank ?? int.MaxValue).ThenBy(r => r.EstateName, StringComparer.Ordinal).Select(r => ResultOf(r, criteria)).ToList()
            : [];
        return new RoundView(round.Id, round.Name, AreaPath.CodeOf(round.AreaPath), communityName, round.Period, round.PeriodFrom, round.PeriodTo, round.ScoringDeadline, round.Status,
            round.RedBelow, round.YellowBelow, criteria, rows, results, round.Status == RoundStatus.Open && scope.Administers(round.AreaPath));
    }

    /// <summary>
    /// Scores an estate as the one party the caller is for it: the community's admin, a member of the estate's
    /// owners' committee, or a resident living in it. Once per scorer and estate; not after the deadline or close.
    /// </summary>
    public async Task<RoundView> ScoreAsync(Guid id, ScoreRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var round = await VisibleRoundAsync(scope, id, ct);
        var estate = await db.Estates.AsNoTracking().SingleOrDefaultAsync(e => e.Id == request.EstateId && e.AreaPath == round.AreaPath, ct)
            ?? throw new NotFoundException("estate");
        round.ScoresComeByTheDeadline(Now);
        var party = (await PartiesAsync(scope, [estate.Id], ct)).GetValueOrDefault(estate.Id)
            ?? throw new DomainRuleException("not_your_estate", "您只能为自己所在（或负责）的小区评分", "You score only the estate you live in or speak for.", RuleKind.Forbidden);
        if (await db.AssessmentScores.AnyAsync(s => s.RoundId == id && s.EstateId == estate.Id && s.ScorerUserId == scope.UserId, ct))
        {
            throw new DomainRuleException("already_scored", "您已为该小区评过分，每人每轮只能评一次", "You have already scored this estate in this round.");
        }

        if (request.Marks.GroupBy(m => m.Code, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw new InvalidInputException("criterion_code_repeated", "同一指标只能评一次", "Each criterion is scored once.");
        }

        db.AssessmentScores.Add(AssessmentScore.Give(round, estate.Id, estate.AreaPath, party, scope.UserId!, request.Marks.ToDictionary(m => m.Code, m => m.Value, StringComparer.Ordinal), request.Comment, Now));
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Closes the round: computes the data criteria from the orders of the period, writes every estate's result once.</summary>
    public async Task<RoundView> CloseAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var round = await db.AssessmentRounds.Under(scope.CommunityPaths).SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("round");
        if (!scope.Administers(round.AreaPath))
        {
            throw new DomainRuleException("only_the_community_closes", "只有社区（或上级）管理员可以结束考核", "Only the community's admins close a round.", RuleKind.Forbidden);
        }

        round.Close(Now);
        var estates = await EstatesOfAsync(round, ct);
        var scores = await db.AssessmentScores.AsNoTracking().Where(s => s.RoundId == id).ToListAsync(ct);
        db.AssessmentResults.AddRange(ResultsOf(round, estates, scores, await ComputedAsync(round, estates, ct), Now));
        await db.SaveInTransactionAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Every estate's result of a round being closed: typed criteria from the scores, data criteria as computed, total, colour, rank.</summary>
    public static IReadOnlyList<AssessmentResult> ResultsOf(AssessmentRound round, IReadOnlyList<EstateRow> estates, IReadOnlyList<AssessmentScore> scores,
        IReadOnlyDictionary<Guid, Dictionary<CriterionSource, double?>> computed, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(estates);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(computed);
        var criteria = round.Criteria;
        var rows = estates.Select(e =>
        {
            var own = scores.Where(s => s.EstateId == e.Id).ToList();
            var values = criteria.Select(c => (c.Code, Value: c.Source == CriterionSource.Scored
                ? Rounded(AssessmentScoring.Typed(own.Where(s => s.Marks.ContainsKey(c.Code)).Select(s => (s.Party, s.Marks[c.Code]))))
                : computed.GetValueOrDefault(e.Id)?.GetValueOrDefault(c.Source))).ToList();
            var (total, incomplete) = AssessmentScoring.Total(criteria.Zip(values, (c, v) => (c.Weight, v.Value)));
            return (Estate: e, Values: values, Total: total, Incomplete: incomplete, Scores: own.Count);
        }).ToList();
        var ranks = AssessmentScoring.Ranks([.. rows.Select(r => r.Total)]);
        return [.. rows.Select((r, i) => AssessmentResult.Of(round, r.Estate.Id, r.Estate.Name, r.Estate.ManagerId, r.Estate.ManagerName, r.Estate.AreaPath,
            r.Values, r.Total, r.Incomplete, ranks[i], r.Scores, now))];
    }

    /// <summary>The ranking of every estate of a street in a period, from the closed rounds of its communities.</summary>
    public async Task<StreetRanking> RankingAsync(string areaCode, string period, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var street = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == areaCode && a.Level == AreaLevel.Street, ct);
        if (street is null || !(scope.Administers(street.Path) || scope.StaffPaths.Any(p => AreaPath.IsUnder(p, street.Path))))
        {
            throw new NotFoundException("street");
        }

        var results = await db.AssessmentResults.AsNoTracking().Under([street.Path]).Where(r => r.Period == period).ToListAsync(ct);
        var communities = await db.Areas.AsNoTracking().Under([street.Path]).Where(a => a.Level == AreaLevel.Community).ToDictionaryAsync(a => a.Path, a => a.Name, ct);
        var ranks = AssessmentScoring.Ranks([.. results.Select(r => r.Total)]);
        var entries = results.Select((r, i) => new RankingEntry(ranks[i], r.EstateName, communities.GetValueOrDefault(r.AreaPath, ""), r.ManagerName, r.ManagerOrganisationId, r.Total, r.Colour, r.Incomplete, r.RoundId))
            .OrderBy(e => e.Rank ?? int.MaxValue).ThenBy(e => e.EstateName, StringComparer.Ordinal).ToList();
        return new StreetRanking(street.Code, street.Name, period, entries);
    }

    /// <summary>A property company's (or committee's) results across closed rounds, oldest first, with the change from the one before.</summary>
    public async Task<CompanyHistory> HistoryAsync(Guid organisationId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null || !(scope.OrganisationId == organisationId || scope.StaffPaths.Any(p => AreaPath.IsUnder(organisation.AreaPath, p) || AreaPath.IsUnder(p, organisation.AreaPath))))
        {
            throw new NotFoundException("organisation");
        }

        var results = await db.AssessmentResults.AsNoTracking().Where(r => r.ManagerOrganisationId == organisationId)
            .Join(db.AssessmentRounds, r => r.RoundId, o => o.Id, (r, o) => new { r.Period, o.Name, r.EstateName, r.Total, r.Rank, r.Colour, o.ClosedAt })
            .ToListAsync(ct);
        var ordered = results.OrderBy(r => r.Period, StringComparer.Ordinal).ThenBy(r => r.EstateName, StringComparer.Ordinal).ToList();
        var entries = ordered.Select(r =>
        {
            var before = ordered.LastOrDefault(p => p.EstateName == r.EstateName && string.CompareOrdinal(p.Period, r.Period) < 0);
            return new HistoryEntry(r.Period, r.Name, r.EstateName, r.Total, r.Rank, r.Colour, r.Total is { } t && before?.Total is { } b ? Math.Round(t - b, 1) : null);
        }).ToList();
        return new CompanyHistory(organisation.Id, organisation.Name, entries);
    }

    // ---- computed criteria ----------------------------------------------------------------------

    public sealed record EstateRow(Guid Id, string Name, string AreaPath, Guid ManagerId, string ManagerName);

    /// <summary>
    /// The data criteria of each estate from the orders its manager handled in the period (created in it,
    /// Beijing dates): rates as 0–100, null when there was nothing to count; escalations that reached the street.
    /// </summary>
    public async Task<Dictionary<Guid, Dictionary<CriterionSource, double?>>> ComputedAsync(AssessmentRound round, IReadOnlyList<EstateRow> estates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(estates);
        var from = BeijingTime.StartOfDayUtc(round.PeriodFrom);
        var to = BeijingTime.StartOfDayUtc(round.PeriodTo.AddDays(1));
        var ids = estates.Select(e => e.Id).ToList();
        var orders = await db.WorkOrders.AsNoTracking()
            .Where(o => o.EstateId != null && ids.Contains(o.EstateId.Value) && o.CreatedAt >= from && o.CreatedAt < to)
            .Select(o => new OrderFacts(o.EstateId!.Value, o.PropertyOrganisationId, o.Satisfaction, o.AcceptedAt, o.AcceptDeadline, o.ResolvedAt, o.ResolveDeadline, o.RedoCount, o.EscalationLevel, o.RoutedTo))
            .ToListAsync(ct);
        return estates.ToDictionary(e => e.Id, e => Compute(orders.Where(o => o.EstateId == e.Id && o.ManagerId == e.ManagerId)));
    }

    public sealed record OrderFacts(Guid EstateId, Guid? ManagerId, Satisfaction? Satisfaction, DateTime? AcceptedAt, DateTime? AcceptDeadline, DateTime? ResolvedAt, DateTime? ResolveDeadline,
        int RedoCount, int EscalationLevel, RouteTarget RoutedTo);

    /// <summary>The street's place in each chain (EscalationSweep's): level 5 of the property chain, level 3 of the grid chain.</summary>
    public static bool ReachedTheStreet(OrderFacts o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.RoutedTo == RouteTarget.Property
            ? o.EscalationLevel >= Array.IndexOf(EscalationSweep.PropertyChain, "街道红色物业服务中心") + 1
            : o.EscalationLevel >= Array.IndexOf(EscalationSweep.GridChain, "街道") + 1;
    }

    public static Dictionary<CriterionSource, double?> Compute(IEnumerable<OrderFacts> facts)
    {
        var orders = facts.ToList();
        var rated = orders.Where(o => o.Satisfaction is not null).ToList();
        var resolved = orders.Where(o => o.ResolvedAt is not null && o.ResolveDeadline is not null).ToList();
        var accepted = orders.Where(o => o.AcceptedAt is not null && o.AcceptDeadline is not null).ToList();
        var handled = orders.Where(o => o.ResolvedAt is not null).ToList();
        return new Dictionary<CriterionSource, double?>
        {
            [CriterionSource.SatisfactionRate] = AssessmentScoring.Percent(rated.Count(o => o.Satisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied), rated.Count),
            [CriterionSource.OnTimeRate] = AssessmentScoring.Percent(resolved.Count(o => o.ResolvedAt <= o.ResolveDeadline), resolved.Count),
            [CriterionSource.ResponseRate] = AssessmentScoring.Percent(accepted.Count(o => o.AcceptedAt <= o.AcceptDeadline), accepted.Count),
            [CriterionSource.FirstTimeFixRate] = AssessmentScoring.Percent(handled.Count(o => o.RedoCount == 0), handled.Count),
            [CriterionSource.StreetEscalations] = orders.Count == 0 ? null : AssessmentScoring.EscalationScore(orders.Count(ReachedTheStreet)),
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static double? Rounded(double? v) => v is { } x ? Math.Round(x, 1, MidpointRounding.AwayFromZero) : null;

    private async Task<IReadOnlyList<EstateRow>> EstatesOfAsync(AssessmentRound round, CancellationToken ct)
    {
        var rows = await db.Estates.AsNoTracking().Where(e => e.AreaPath == round.AreaPath)
            .Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => new { e.Id, e.Name, e.AreaPath, ManagerId = o.Id, ManagerName = o.Name })
            .ToListAsync(ct);
        return [.. rows.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => new EstateRow(e.Id, e.Name, e.AreaPath, e.ManagerId, e.ManagerName))];
    }

    /// <summary>For each estate, the party the caller scores it as, if any (community admin first, then committee, then resident).</summary>
    private async Task<Dictionary<Guid, AssessmentParty?>> PartiesAsync(Scope scope, IReadOnlyList<Guid> estateIds, CancellationToken ct)
    {
        var estates = await db.Estates.AsNoTracking().Where(e => estateIds.Contains(e.Id)).Select(e => new { e.Id, e.AreaPath }).ToListAsync(ct);
        var committees = scope.OrganisationId is { } org
            ? await db.EstateCommittees.AsNoTracking().Where(c => c.OrganisationId == org && estateIds.Contains(c.EstateId)).Select(c => c.EstateId).ToListAsync(ct)
            : [];
        Guid? homeEstate = null;
        // Anyone registered as living in the estate answers the residents' survey, whatever else their role is.
        if (scope.PersonId is { } pid)
        {
            var houseId = await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.HouseId).SingleOrDefaultAsync(ct);
            var housePath = houseId is null ? null : await db.Areas.AsNoTracking().Where(a => a.Id == houseId).Select(a => a.Path).SingleOrDefaultAsync(ct);
            var buildingCode = housePath is null ? null : AreaPath.AncestorCode(housePath, AreaLevel.Building);
            homeEstate = buildingCode is null ? null : await db.Areas.AsNoTracking().Where(a => a.Code == buildingCode).Select(a => a.EstateId).SingleOrDefaultAsync(ct);
        }

        return estates.ToDictionary(e => e.Id, e =>
            scope.Grants.Any(g => g.Role == Role.CommunityAdmin && AreaPath.IsUnder(e.AreaPath, g.AreaPath)) ? AssessmentParty.Community
            : committees.Contains(e.Id) ? AssessmentParty.OwnersCommittee
            : homeEstate == e.Id ? AssessmentParty.Residents
            : (AssessmentParty?)null);
    }

    private async Task<AssessmentRound> VisibleRoundAsync(Scope scope, Guid id, CancellationToken ct) =>
        await db.AssessmentRounds.AsNoTracking().Under(scope.CommunityPaths).SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("round");

    private async Task<Area> CommunityAsync(string code, CancellationToken ct) =>
        await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Community, ct) ?? throw new NotFoundException("community");

    private async Task<Area> AdministeredCommunityAsync(string code, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(code, ct);
        if (!scope.IsStaffOf(community.Path))
        {
            throw new NotFoundException("community");
        }

        return scope.Administers(community.Path)
            ? community
            : throw new DomainRuleException("only_admins_run_assessments", "只有社区（或上级）管理员可以设置和发起考核", "Only admins define templates and open rounds.", RuleKind.Forbidden);
    }

    private static TemplateView View(AssessmentTemplate t) => new(t.Id, t.Name, t.AreaPath, t.RedBelow, t.YellowBelow, t.Criteria);

    private static ResultView ResultOf(AssessmentResult r, IReadOnlyList<CriterionSpec> criteria)
    {
        var values = r.Values;
        return new ResultView(r.EstateId, r.EstateName, r.ManagerOrganisationId, r.ManagerName, r.Total, r.Incomplete, r.Rank, r.Colour,
            [.. criteria.Select(c => new CriterionValue(c.Code, c.Name, c.Weight, c.Source, values.GetValueOrDefault(c.Code)))], r.ScoreCount);
    }
}
