using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record VisitView(Guid Id, Guid PersonId, string PersonName, string VisitorName, DateTime VisitedAt, string Note, string? Findings, bool NeedsFollowUp);

/// <summary>One resident on the visits-due list: never visited, or overdue, or when next due.</summary>
public sealed record VisitDue(Guid PersonId, string Name, string? Address, string GridCode, IReadOnlyList<CareTags> CareTags, int IntervalDays, DateTime? LastVisitAt, DateTime? DueAt, bool Overdue, int DaysOverdue);

public sealed record IntervalView(CareTags Tag, int Days, bool IsDefault);

/// <summary>
/// Care visits. What is due is computed on read from the last visit and the interval, so it is
/// always right and needs no sweep: change a tag or an interval and the list follows at once.
/// </summary>
public sealed class CareVisitQueries(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

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
}
