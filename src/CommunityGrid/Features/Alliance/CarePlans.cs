using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Wishes;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

/// <summary>One visit (关爱走访) to a resident with care tags: who, when, what was found. A record: never edited.</summary>
public sealed class CareVisit : IAreaScoped, IAppendOnly
{
    public const int NoteMaxLength = 500;

    private CareVisit() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string VisitorUserId { get; private set; } = "";
    public string VisitorName { get; private set; } = "";
    public DateTime VisitedAt { get; private set; }
    public string Note { get; private set; } = "";
    public string? Findings { get; private set; }
    public bool NeedsFollowUp { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public static CareVisit Record(Person person, string visitorUserId, string visitorName, DateTime visitedAt, string note, string? findings, bool needsFollowUp, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(person);
        note = (note ?? "").Trim();
        if (note.Length is 0 or > NoteMaxLength || (findings?.Length ?? 0) > NoteMaxLength)
        {
            throw new InvalidInputException("note_required", $"请填写走访情况（不超过 {NoteMaxLength} 字）", $"Describe the visit (at most {NoteMaxLength} characters).");
        }

        if (visitedAt > now.AddMinutes(5) || visitedAt < now.AddDays(-30))
        {
            throw new InvalidInputException("visited_at_invalid", "走访时间应在近 30 天内且不晚于现在", "The visit must be within the last 30 days and not in the future.");
        }

        return new CareVisit
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            AreaPath = person.AreaPath,
            VisitorUserId = visitorUserId,
            VisitorName = visitorName,
            VisitedAt = visitedAt,
            Note = note,
            Findings = string.IsNullOrWhiteSpace(findings) ? null : findings.Trim(),
            NeedsFollowUp = needsFollowUp,
            RecordedAt = now,
        };
    }
}

/// <summary>A community's own visit interval for one care tag; tags without a row use <see cref="CarePlan.DefaultDays"/>.</summary>
public sealed class CareVisitInterval : IAreaScoped
{
    public const int MaxDays = 365;

    private CareVisitInterval() { }

    public Guid Id { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public CareTags Tag { get; private set; }
    public int Days { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static CareVisitInterval For(string communityPath, CareTags tag, int days, DateTime now)
    {
        var interval = new CareVisitInterval { Id = Guid.CreateVersion7(), AreaPath = communityPath, Tag = tag };
        interval.Change(days, now);
        return interval;
    }

    public void Change(int days, DateTime now)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new InvalidInputException("interval_invalid", $"走访间隔应为 1–{MaxDays} 天", $"An interval is 1–{MaxDays} days.");
        }

        Days = days;
        UpdatedAt = now;
    }
}

/// <summary>How often each care tag is visited. A resident with several tags is visited as often as the most demanding one asks.</summary>
public static class CarePlan
{
    public static int DefaultDays(CareTags tag) => tag switch
    {
        CareTags.LivingAlone => 7,
        CareTags.Elderly80Plus => 14,
        CareTags.Disabled => 14,
        CareTags.LeftBehindChild => 14,
        CareTags.Hardship => 30,
        _ => 30,
    };

    public static int IntervalDays(CareTags tags, IReadOnlyDictionary<CareTags, int> custom)
    {
        ArgumentNullException.ThrowIfNull(custom);
        var split = CareTagLabels.Split(tags);
        return split.Count == 0 ? 0 : split.Min(t => custom.TryGetValue(t, out var d) ? d : DefaultDays(t));
    }

    /// <summary>Due one interval after the last visit; never visited means due now.</summary>
    public static DateTime? DueAt(DateTime? lastVisit, int intervalDays) => lastVisit?.AddDays(intervalDays);
}

public sealed record RecordVisit(Guid PersonId, DateTime? VisitedAt, [property: MaxLength(CareVisit.NoteMaxLength)] string Note, [property: MaxLength(CareVisit.NoteMaxLength)] string? Findings, bool NeedsFollowUp = false);

public sealed record VisitView(Guid Id, Guid PersonId, string PersonName, string VisitorName, DateTime VisitedAt, string Note, string? Findings, bool NeedsFollowUp);

/// <summary>One resident on the visits-due list: never visited, or overdue, or when next due.</summary>
public sealed record VisitDue(Guid PersonId, string Name, string? Address, string GridCode, IReadOnlyList<CareTags> CareTags, int IntervalDays, DateTime? LastVisitAt, DateTime? DueAt, bool Overdue, int DaysOverdue);

public sealed record IntervalView(CareTags Tag, int Days, bool IsDefault);

public sealed record ChangeIntervals(IReadOnlyDictionary<CareTags, int> Days);

/// <summary>
/// Care visits. What is due is computed on read from the last visit and the interval, so it is
/// always right and needs no sweep: change a tag or an interval and the list follows at once.
/// </summary>
public sealed class CareVisitDesk(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<VisitView> RecordAsync(RecordVisit request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PersonId, ct);
        if (person is null || !scope.KeepsRegistryOf(person.AreaPath))
        {
            throw new NotFoundException("person");
        }

        var visitedAt = request.VisitedAt is { } at ? BeijingTime.ToUtc(at) : Now;
        var visit = CareVisit.Record(person, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", visitedAt, request.Note, request.Findings, request.NeedsFollowUp, Now);
        db.CareVisits.Add(visit);
        await db.SaveInTransactionAsync(ct);
        return new VisitView(visit.Id, person.Id, person.Name, visit.VisitorName, visit.VisitedAt, visit.Note, visit.Findings, visit.NeedsFollowUp);
    }

    /// <summary>Visits of one resident the caller keeps, newest first.</summary>
    public async Task<Page<VisitView>> HistoryAsync(Guid personId, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Name, p.AreaPath }).SingleOrDefaultAsync(ct);
        if (person is null || !scope.KeepsRegistryOf(person.AreaPath))
        {
            throw new NotFoundException("person");
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.CareVisits.AsNoTracking().Where(v => v.PersonId == personId);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(v => v.VisitedAt).Skip((number - 1) * size).Take(size)
            .Select(v => new VisitView(v.Id, v.PersonId, person.Name, v.VisitorName, v.VisitedAt, v.Note, v.Findings, v.NeedsFollowUp)).ToListAsync(ct);
        return new Page<VisitView>(items, number, size, total);
    }

    /// <summary>
    /// Residents with care tags in the caller's registry scope (a grid worker: their grid), the
    /// never-visited and most overdue first, then by due date.
    /// </summary>
    public async Task<Page<VisitDue>> DueAsync(bool overdueOnly, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var people = await (from p in db.People.AsNoTracking().InRegistryScope(scope)
                            where p.CareTags != CareTags.None
                            join h in db.Households on p.HouseholdId equals h.Id into hs
                            from h in hs.DefaultIfEmpty()
                            select new { p.Id, p.Name, p.AreaPath, p.CareTags, Address = h == null ? null : h.Address }).ToListAsync(ct);
        var last = await db.CareVisits.AsNoTracking().InRegistryScope(scope).GroupBy(v => v.PersonId)
            .Select(g => new { PersonId = g.Key, At = g.Max(v => v.VisitedAt) }).ToDictionaryAsync(g => g.PersonId, g => g.At, ct);
        var intervals = await db.CareVisitIntervals.AsNoTracking().ToListAsync(ct);
        var now = Now;
        var due = people.Select(p =>
        {
            var community = AreaPath.Ancestor(p.AreaPath, AreaLevel.Community) ?? "";
            var custom = intervals.Where(i => i.AreaPath == community).ToDictionary(i => i.Tag, i => i.Days);
            var days = CarePlan.IntervalDays(p.CareTags, custom);
            DateTime? lastAt = last.TryGetValue(p.Id, out var l) ? l : null;
            var dueAt = CarePlan.DueAt(lastAt, days);
            var overdue = dueAt is null || dueAt < now;
            var daysOverdue = dueAt is { } d && d < now ? (int)(now - d).TotalDays : 0;
            var grid = AreaPath.Ancestor(p.AreaPath, AreaLevel.Grid);
            return new VisitDue(p.Id, p.Name, p.Address, grid is null ? "" : AreaPath.CodeOf(grid), CareTagLabels.Split(p.CareTags), days, lastAt, dueAt, overdue, daysOverdue);
        })
        .Where(v => !overdueOnly || v.Overdue)
        .OrderBy(v => v.DueAt.HasValue).ThenBy(v => v.DueAt).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        var (number, size) = Paging.Normalise(page, pageSize);
        return new Page<VisitDue>([.. due.Skip((number - 1) * size).Take(size)], number, size, due.Count);
    }

    public async Task<IReadOnlyList<IntervalView>> IntervalsAsync(string communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        if (!scope.IsStaffOf(community.Path))
        {
            throw new NotFoundException("community");
        }

        var custom = await db.CareVisitIntervals.AsNoTracking().Where(i => i.AreaPath == community.Path).ToDictionaryAsync(i => i.Tag, i => i.Days, ct);
        return [.. CareTagLabels.All.Select(t => custom.TryGetValue(t, out var d) ? new IntervalView(t, d, false) : new IntervalView(t, CarePlan.DefaultDays(t), true))];
    }

    /// <summary>A community admin sets intervals for some tags; the others keep theirs.</summary>
    public async Task<IReadOnlyList<IntervalView>> ChangeIntervalsAsync(string communityCode, ChangeIntervals request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        if (!scope.Administers(community.Path))
        {
            throw new NotFoundException("community");
        }

        var rows = await db.CareVisitIntervals.Where(i => i.AreaPath == community.Path).ToListAsync(ct);
        foreach (var (tag, days) in request.Days ?? new Dictionary<CareTags, int>())
        {
            if (!CareTagLabels.All.Contains(tag))
            {
                throw new InvalidInputException("tag_invalid", "请逐个设置单项关爱标签", "Set one care tag at a time.");
            }

            if (rows.SingleOrDefault(r => r.Tag == tag) is { } row)
            {
                row.Change(days, Now);
            }
            else
            {
                db.CareVisitIntervals.Add(CareVisitInterval.For(community.Path, tag, days, Now));
            }
        }

        await db.SaveInTransactionAsync(ct);
        return await IntervalsAsync(communityCode, ct);
    }
}
