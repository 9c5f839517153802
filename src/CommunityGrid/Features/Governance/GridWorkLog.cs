using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Governance;

public sealed record StartPatrolRequest([property: MaxLength(Area.CodeMaxLength)] string? AreaCode);

public sealed record RoutePointRequest(double Latitude, double Longitude);

public sealed record EndPatrolRequest([property: MaxLength(Patrol.NoteMaxLength)] string? Note);

public sealed record FindingRequest(
    [property: Required, MaxLength(WorkOrderCategory.CodeMaxLength)] string CategoryCode,
    [property: Required, MaxLength(WorkOrder.TitleMaxLength)] string Title,
    [property: MaxLength(WorkOrder.DescriptionMaxLength)] string? Description,
    double? Latitude,
    double? Longitude,
    [property: MaxLength(Area.CodeMaxLength)] string? HouseCode,
    [property: Required] IReadOnlyList<Guid> PhotoIds);

public sealed record RoutePoint(double Latitude, double Longitude, DateTime At);

public sealed record FindingView(Guid WorkOrderId, string Number, string Title, string StatusName, DateTime At);

public sealed record PatrolView(Guid Id, string GridCode, string GridName, string WorkerName, DateTime StartedAt, DateTime? EndedAt, double Hours, string? Note,
    IReadOnlyList<RoutePoint> Route, IReadOnlyList<FindingView> Findings, bool CallerMayRecord);

public sealed record PatrolListItem(Guid Id, string GridCode, string WorkerName, DateTime StartedAt, DateTime? EndedAt, double Hours, int Points, int Findings);

public sealed record RecordVisitRequest(
    Guid HouseholdId,
    VisitOutcome Outcome,
    IReadOnlyList<CareTags>? CareTagsSeen,
    [property: MaxLength(HouseholdVisit.NoteMaxLength)] string? Note,
    DateOnly NextDueOn);

public sealed record VisitView(Guid Id, Guid HouseholdId, string Address, string WorkerName, DateTime VisitedAt, VisitOutcome Outcome, IReadOnlyList<CareTags> CareTagsSeen, string? Note, DateOnly NextDueOn);

/// <summary>A household on the worker's list: when it was last visited and when it is due; never visited → due today.</summary>
public sealed record DueVisit(Guid HouseholdId, string Address, string GridCode, DateTime? LastVisitedAt, DateOnly DueOn, bool Overdue, int DaysOverdue);

public sealed record DutyListView(string CommunityCode, string CommunityName, int MaxItems, IReadOnlyList<DutyItemView> Items, bool CallerMayEdit);

public sealed record DutyItemView(int Position, string Text, DateTime ApprovedAt);

public sealed record AddDutyRequest([property: Required, MaxLength(DutyItem.TextMaxLength)] string Text);

public sealed record ReplaceDutiesRequest([property: Required] IReadOnlyList<AddDutyRequest> Items);

public sealed record WorkerFigures(string WorkerName, int Patrols, double PatrolHours, int Findings, int Visits);

/// <summary>
/// Coverage of one grid in a period: <see cref="VisitedHouseholds"/> distinct households visited ÷
/// <see cref="Households"/> registered; <see cref="OverdueHouseholds"/>: households whose latest visit's
/// next-due date has passed (never visited ones are not counted overdue, they are simply not covered).
/// </summary>
public sealed record GridCoverage(string GridCode, string GridName, int Households, int VisitedHouseholds, double? CoveragePercent, int OverdueHouseholds,
    double PatrolHours, int Findings, IReadOnlyList<WorkerFigures> Workers);

public sealed record CoverageReport(string AreaCode, string AreaName, DateOnly From, DateOnly To, Page<GridCoverage> Grids);

/// <summary>The grid worker's day: patrols (民情日志) and their findings, household visits (入户走访), the duty list, and coverage for those above.</summary>
public sealed class GridWorkLog(AppDbContext db, CurrentUser current, TimeProvider clock, GovernanceOrders orders)
{
    public const int MaxCoverageDays = 366;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    // ---- patrols ------------------------------------------------------------------------------------

    public async Task<PatrolView> StartPatrolAsync(StartPatrolRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var grids = scope.Grants.Where(g => g.Role is Role.GridChief or Role.GridWorker).Select(g => AreaPath.Grid(g.AreaPath) ?? g.AreaPath).ToList();
        if (grids.Count == 0)
        {
            // Scope before role: a grid the caller has no part in is not there for them (404); in their areas, 403.
            if (!string.IsNullOrWhiteSpace(request.AreaCode))
            {
                var code = request.AreaCode.Trim();
                var path = await db.Areas.AsNoTracking().Where(a => a.Code == code).Select(a => a.Path).SingleOrDefaultAsync(ct);
                if (path is null || !scope.Grants.Any(g => AreaPath.IsUnder(path, g.AreaPath) || AreaPath.IsUnder(g.AreaPath, path)))
                {
                    throw new NotFoundException("grid");
                }
            }

            throw new DomainRuleException("grid_staff_only", "只有网格员（网格长）可以开始巡查", "Only grid workers start a patrol.", RuleKind.Forbidden);
        }

        var gridPath = grids[0];
        if (!string.IsNullOrWhiteSpace(request.AreaCode))
        {
            var code = request.AreaCode.Trim();
            gridPath = grids.FirstOrDefault(p => AreaPath.CodeOf(p) == code) ?? throw new NotFoundException("grid");
        }

        if (await db.Patrols.AnyAsync(p => p.WorkerUserId == scope.UserId && p.EndedAt == null, ct))
        {
            throw new DomainRuleException("patrol_in_progress", "您有一次巡查尚未结束，请先结束它", "You have a patrol in progress; end it first.");
        }

        var district = AreaPath.AncestorCode(gridPath, AreaLevel.District)!;
        var patrol = Patrol.Start(gridPath, district, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", Now);
        db.Patrols.Add(patrol);
        await db.SaveInTransactionAsync(ct);
        return await PatrolAsync(patrol.Id, ct);
    }

    public async Task<PatrolView> AddPointAsync(Guid id, RoutePointRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (scope, patrol) = await TrackedPatrolAsync(id, ct);
        patrol.AddPoint(scope.UserId!, request.Latitude, request.Longitude, Now);
        await db.SaveInTransactionAsync(ct);
        return await PatrolAsync(id, ct);
    }

    public async Task<PatrolView> EndPatrolAsync(Guid id, EndPatrolRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (scope, patrol) = await TrackedPatrolAsync(id, ct);
        patrol.End(scope.UserId!, request.Note, Now);
        await db.SaveInTransactionAsync(ct);
        return await PatrolAsync(id, ct);
    }

    /// <summary>A finding becomes a work order in one step, with its photo and place (a patrol order needs a photo).</summary>
    public async Task<PatrolView> ReportFindingAsync(Guid id, FindingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (scope, patrol) = await TrackedPatrolAsync(id, ct);
        patrol.OnlyTheWorkerWritesHerPatrol(scope.UserId!);
        patrol.EndedPatrolsNeverChange();
        var (orderId, _) = await orders.CreateAsync(new CreateWorkOrder(request.CategoryCode, request.Title, request.Description, request.Latitude, request.Longitude,
            request.HouseCode, null, null, null, null, request.PhotoIds), ct);
        db.PatrolFindings.Add(PatrolFinding.Of(patrol, orderId, Now));
        if (request.Latitude is { } lat && request.Longitude is { } lng && patrol.PointCount < Patrol.MaxPoints)
        {
            patrol.AddPoint(scope.UserId!, lat, lng, Now);
        }

        await db.SaveInTransactionAsync(ct);
        return await PatrolAsync(id, ct);
    }

    public async Task<PatrolView> PatrolAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var patrol = await db.Patrols.AsNoTracking().Under(scope.StaffPaths).SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("patrol");
        var grid = await db.Areas.AsNoTracking().Where(a => a.Path == patrol.AreaPath).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var findings = await db.PatrolFindings.AsNoTracking().Where(f => f.PatrolId == id)
            .Join(db.WorkOrders, f => f.WorkOrderId, o => o.Id, (f, o) => new { o.Id, o.Number, o.Title, o.Status, f.At }).OrderBy(f => f.At).ToListAsync(ct);
        return new PatrolView(patrol.Id, grid.Code, grid.Name, patrol.WorkerName, patrol.StartedAt, patrol.EndedAt, Math.Round(patrol.Hours(Now), 2), patrol.Note,
            [.. patrol.Route.Select(p => new RoutePoint(p.Lat, p.Lng, p.At))], [.. findings.Select(f => new FindingView(f.Id, f.Number, f.Title, StatusNames.Chinese(f.Status), f.At))],
            patrol.InProgress && patrol.WorkerUserId == scope.UserId);
    }

    /// <summary>Patrols the caller can see (her own grid's, or everything under an admin's area), latest first.</summary>
    public async Task<Page<PatrolListItem>> PatrolsAsync(bool mine, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var patrols = db.Patrols.AsNoTracking().Under(scope.StaffPaths);
        if (mine)
        {
            patrols = patrols.Where(p => p.WorkerUserId == scope.UserId);
        }

        var total = await patrols.CountAsync(ct);
        var rows = await patrols.OrderByDescending(p => p.StartedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var findings = await db.PatrolFindings.AsNoTracking().Where(f => ids.Contains(f.PatrolId)).GroupBy(f => f.PatrolId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new Page<PatrolListItem>([.. rows.Select(p => new PatrolListItem(p.Id, AreaPath.CodeOf(p.AreaPath), p.WorkerName, p.StartedAt, p.EndedAt,
            Math.Round(p.Hours(Now), 2), p.PointCount, findings.GetValueOrDefault(p.Id)))], number, size, total);
    }

    private async Task<(Scope Scope, Patrol Patrol)> TrackedPatrolAsync(Guid id, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var patrol = await db.Patrols.Under(scope.StaffPaths).SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("patrol");
        return (scope, patrol);
    }

    // ---- household visits ------------------------------------------------------------------------------

    public async Task<VisitView> RecordVisitAsync(RecordVisitRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var household = await db.Households.AsNoTracking().Under(scope.StaffPaths).SingleOrDefaultAsync(h => h.Id == request.HouseholdId, ct)
            ?? throw new NotFoundException("household");
        if (!scope.IsGridStaffOf(household.AreaPath) && !scope.Administers(household.AreaPath))
        {
            throw new DomainRuleException("grid_staff_only", "只有本网格的网格员可以登记入户走访", "Only the grid's workers record visits.", RuleKind.Forbidden);
        }

        var seen = (request.CareTagsSeen ?? []).Aggregate(CareTags.None, (all, t) => all | t);
        var visit = HouseholdVisit.Record(household, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", request.Outcome, seen, request.Note, request.NextDueOn, Now);
        db.HouseholdVisits.Add(visit);
        await db.SaveInTransactionAsync(ct);
        return new VisitView(visit.Id, household.Id, household.Address, visit.WorkerName, visit.VisitedAt, visit.Outcome, Split(seen), visit.Note, visit.NextDueOn);
    }

    /// <summary>The households of the caller's grids, overdue first (most overdue on top), then due soonest.</summary>
    public async Task<Page<DueVisit>> DueAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var grids = Scope.Outermost(scope.Grants.Where(g => g.Role is Role.GridChief or Role.GridWorker || g.Role.Administers()).Select(g => g.AreaPath));
        var households = await db.Households.AsNoTracking().Under(grids).Select(h => new { h.Id, h.Address, h.AreaPath }).ToListAsync(ct);
        var ids = households.Select(h => h.Id).ToList();
        var latest = (await db.HouseholdVisits.AsNoTracking().Under(grids).Select(v => new { v.HouseholdId, v.VisitedAt, v.NextDueOn }).ToListAsync(ct))
            .GroupBy(v => v.HouseholdId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.VisitedAt)!);
        var today = BeijingTime.Date(Now);
        var rows = households.Select(h =>
        {
            var last = latest.GetValueOrDefault(h.Id);
            var due = last?.NextDueOn ?? today;
            return new DueVisit(h.Id, h.Address, AreaPath.AncestorCode(h.AreaPath, AreaLevel.Grid) ?? "", last?.VisitedAt, due, due < today, Math.Max(0, today.DayNumber - due.DayNumber));
        }).OrderByDescending(d => d.DaysOverdue).ThenBy(d => d.DueOn).ThenBy(d => d.Address, StringComparer.Ordinal).ToList();
        return new Page<DueVisit>([.. rows.Skip((number - 1) * size).Take(size)], number, size, rows.Count);
    }

    private static IReadOnlyList<CareTags> Split(CareTags tags) => [.. Enum.GetValues<CareTags>().Where(t => t != CareTags.None && tags.HasFlag(t))];

    // ---- duty list --------------------------------------------------------------------------------------

    public async Task<DutyListView> DutiesAsync(string communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await CommunityAsync(scope, communityCode, ct);
        var items = await db.DutyItems.AsNoTracking().Where(d => d.AreaPath == community.Path).OrderBy(d => d.Position).ToListAsync(ct);
        return new DutyListView(community.Code, community.Name, DutyItem.MaxItems, [.. items.Select(i => new DutyItemView(i.Position, i.Text, i.ApprovedAt))], scope.Administers(community.Path));
    }

    public async Task<DutyListView> AddDutyAsync(string communityCode, AddDutyRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await EditableCommunityAsync(scope, communityCode, ct);
        var count = await db.DutyItems.CountAsync(d => d.AreaPath == community.Path, ct);
        db.DutyItems.Add(DutyItem.Approve(community.Path, count + 1, request.Text, scope.UserId!, Now));
        await db.SaveInTransactionAsync(ct);
        return await DutiesAsync(communityCode, ct);
    }

    public async Task<DutyListView> ReplaceDutiesAsync(string communityCode, ReplaceDutiesRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await EditableCommunityAsync(scope, communityCode, ct);
        DutyItem.TheListHoldsAtMostTen(request.Items.Count);
        var items = request.Items.Select((t, i) => DutyItem.Approve(community.Path, i + 1, t.Text, scope.UserId!, Now)).ToList();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.DutyItems.Where(d => d.AreaPath == community.Path).ExecuteDeleteAsync(ct);
            db.DutyItems.AddRange(items);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return await DutiesAsync(communityCode, ct);
    }

    private async Task<Area> CommunityAsync(Scope scope, string code, CancellationToken ct)
    {
        var community = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.Community, ct);
        return community is not null && (scope.BoundIn(community.Path) || scope.Administers(community.Path)) ? community : throw new NotFoundException("community");
    }

    private async Task<Area> EditableCommunityAsync(Scope scope, string code, CancellationToken ct)
    {
        var community = await CommunityAsync(scope, code, ct);
        return scope.Administers(community.Path)
            ? community
            : throw new DomainRuleException("only_admins_approve_duties", "职责清单由社区（或上级）审定", "The community's admins approve the duty list.", RuleKind.Forbidden);
    }

    // ---- coverage ---------------------------------------------------------------------------------------

    /// <summary>Coverage per grid under an area the caller administers (or her own grid), reproducible from the rows.</summary>
    public async Task<CoverageReport> CoverageAsync(string areaCode, DateOnly from, DateOnly to, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == areaCode, ct);
        // An admin sees every grid under the area; a grid worker her own grids inside it.
        var ownGrids = scope.Grants.Where(g => g.Role is Role.GridChief or Role.GridWorker).Select(g => AreaPath.Grid(g.AreaPath) ?? g.AreaPath).ToList();
        var visible = area is null ? [] : scope.Administers(area.Path) ? [area.Path]
            : ownGrids.Where(p => AreaPath.IsUnder(p, area.Path) || AreaPath.IsUnder(area.Path, p)).Distinct(StringComparer.Ordinal).ToList();
        if (area is null || visible.Count == 0 || area.Level > AreaLevel.Grid)
        {
            throw new NotFoundException("area");
        }

        if (to < from || to.DayNumber - from.DayNumber > MaxCoverageDays)
        {
            throw new InvalidInputException("period_invalid", $"统计区间须为 1–{MaxCoverageDays} 天，且结束不早于开始", $"The period runs forwards and spans at most {MaxCoverageDays} days.");
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var gridQuery = db.Areas.AsNoTracking().Under(visible).Where(a => a.Level == AreaLevel.Grid && !a.Retired);
        var totalGrids = await gridQuery.CountAsync(ct);
        var grids = await gridQuery.OrderBy(a => a.Code).Skip((number - 1) * size).Take(size).Select(a => new { a.Code, a.Name, a.Path }).ToListAsync(ct);
        var paths = grids.Select(g => g.Path).ToList();
        var start = BeijingTime.StartOfDayUtc(from);
        var end = BeijingTime.StartOfDayUtc(to.AddDays(1));
        var today = BeijingTime.Date(Now);
        var households = await db.Households.AsNoTracking().Under(paths).Select(h => h.AreaPath).ToListAsync(ct);
        var visits = await db.HouseholdVisits.AsNoTracking().Under(paths).Select(v => new { v.HouseholdId, v.AreaPath, v.VisitedAt, v.NextDueOn, v.WorkerName }).ToListAsync(ct);
        var patrols = await db.Patrols.AsNoTracking().Under(paths).Where(p => p.StartedAt >= start && p.StartedAt < end).ToListAsync(ct);
        var patrolIds = patrols.Select(p => p.Id).ToList();
        var findings = await db.PatrolFindings.AsNoTracking().Where(f => patrolIds.Contains(f.PatrolId)).Select(f => f.PatrolId).ToListAsync(ct);

        var rows = grids.Select(g =>
        {
            bool In(string path) => AreaPath.IsUnder(path, g.Path);
            var inPeriod = visits.Where(v => In(v.AreaPath) && v.VisitedAt >= start && v.VisitedAt < end).ToList();
            var overdue = visits.Where(v => In(v.AreaPath)).GroupBy(v => v.HouseholdId).Count(h => h.MaxBy(v => v.VisitedAt)!.NextDueOn < today);
            var own = patrols.Where(p => In(p.AreaPath)).ToList();
            var count = households.Count(In);
            var visited = inPeriod.Select(v => v.HouseholdId).Distinct().Count();
            var workers = own.Select(p => p.WorkerName).Concat(inPeriod.Select(v => v.WorkerName)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(w => new WorkerFigures(w, own.Count(p => p.WorkerName == w), Math.Round(own.Where(p => p.WorkerName == w).Sum(p => p.Hours(Now)), 2),
                    findings.Count(f => own.Any(p => p.Id == f && p.WorkerName == w)), inPeriod.Count(v => v.WorkerName == w))).ToList();
            return new GridCoverage(g.Code, g.Name, count, visited, AssessmentScoring.Percent(visited, count), overdue, Math.Round(own.Sum(p => p.Hours(Now)), 2),
                findings.Count(f => own.Any(p => p.Id == f)), workers);
        }).ToList();
        return new CoverageReport(area.Code, area.Name, from, to, new Page<GridCoverage>(rows, number, size, totalGrids));
    }
}
