using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Stations;

public sealed class StationOptions
{
    /// <summary>One check-in per rider per station within this many minutes.</summary>
    public int CheckInGapMinutes { get; set; } = 30;
}

/// <summary>
/// A station as the caller sees it. <see cref="CanCheckIn"/>: the caller may check in here now (the rule
/// <see cref="CheckInAtStation"/> enforces); <see cref="CheckedInAt"/>: the caller's own check-in
/// here within the gap, if any, which is why they may not check in again yet.
/// </summary>
public sealed record StationView(Guid Id, string Name, string Address, string CommunityCode, double Latitude, double Longitude, IReadOnlyList<Facilities> Facilities,
    string Hours, bool OpenNow, double? DistanceMetres, int CheckInsToday, bool IsStaff, bool CanCheckIn = false, DateTime? CheckedInAt = null);

public sealed record VisitorView(string Name, DateTime At);

public sealed record DayCount(DateOnly Day, int CheckIns, int Riders);

/// <summary>A station's use, for its staff: who stopped by today, and counts per day.</summary>
public sealed record StationUse(Guid StationId, string StationName, DateOnly Today, IReadOnlyList<VisitorView> TodayVisitors, IReadOnlyList<DayCount> Days);

/// <summary>What the form of a station shows: its values and what the caller may change.</summary>
public sealed record StationForm(Guid Id, string CommunityCode, string CommunityName, string OrganisationName, string Name, string Address, double Latitude, double Longitude,
    IReadOnlyList<Facilities> Facilities, string OpensAt, string ClosesAt, bool RoundTheClock, bool MayEditPlace);

public sealed record CommunityChoice(string Code, string Name);

public sealed record OrganisationChoice(Guid Id, string Name, string CommunityCode);

/// <summary>The read side of stations: lists, one station, its use, and what the station forms offer.</summary>
public sealed class StationQueries(AppDbContext db, CurrentUser current, TimeProvider clock, IOptions<StationOptions> options)
{
    public const int MaxDays = 60;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => BeijingTime.Date(Now);

    /// <summary>Every station (they are public places), nearest first when a point is given, else the caller's community first.</summary>
    public async Task<IReadOnlyList<StationView>> ListAsync(double? lat, double? lng, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var stations = await db.Stations.AsNoTracking().OrderBy(s => s.Name).Take(Paging.MaxSize).ToListAsync(ct);
        var today = Today;
        var ids = stations.Select(s => s.Id).ToList();
        var counts = await db.StationCheckIns.AsNoTracking().Where(c => ids.Contains(c.StationId) && c.Day == today)
            .GroupBy(c => c.StationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var recent = await RecentCheckInsAsync(scope, ids, ct);
        var home = scope.CommunityPaths;
        var views = stations.Select(s => View(s, scope, lat is { } la && lng is { } lo ? GreatCircle.Metres(la, lo, s.Latitude, s.Longitude) : null, counts.GetValueOrDefault(s.Id),
            recent.TryGetValue(s.Id, out var at) ? at : null));
        return lat is not null && lng is not null
            ? [.. views.OrderBy(v => v.DistanceMetres)]
            : [.. views.OrderByDescending(v => home.Any(h => stations.Single(s => s.Id == v.Id).AreaPath.StartsWith(h, StringComparison.Ordinal))).ThenBy(v => v.Name, StringComparer.Ordinal)];
    }

    public async Task<StationView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("station");
        var today = Today;
        var recent = await RecentCheckInsAsync(scope, [id], ct);
        return View(station, scope, null, await db.StationCheckIns.CountAsync(c => c.StationId == id && c.Day == today, ct), recent.TryGetValue(id, out var at) ? at : null);
    }

    /// <summary>The caller's latest check-in at each of <paramref name="stationIds"/> within the gap (riders only).</summary>
    private async Task<Dictionary<Guid, DateTime>> RecentCheckInsAsync(Scope scope, IReadOnlyList<Guid> stationIds, CancellationToken ct)
    {
        if (!scope.Has(Role.Rider) || scope.UserId is not { } uid)
        {
            return [];
        }

        var since = Now.AddMinutes(-options.Value.CheckInGapMinutes);
        return await db.StationCheckIns.AsNoTracking().Where(c => c.UserId == uid && c.At > since && stationIds.Contains(c.StationId))
            .GroupBy(c => c.StationId).Select(g => new { g.Key, At = g.Max(c => c.At) }).ToDictionaryAsync(g => g.Key, g => g.At, ct);
    }

    /// <summary>Today's visitors and the counts of the last <paramref name="days"/> days: the station's staff and the admins above it.</summary>
    public async Task<StationUse> UseAsync(Guid id, int? days, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (station is null || !(Station.RunBy(scope, station) || scope.Administers(station.AreaPath)))
        {
            throw new NotFoundException("station");
        }

        var today = Today;
        var from = today.AddDays(1 - Math.Clamp(days ?? 14, 1, MaxDays));
        var visitors = await db.StationCheckIns.AsNoTracking().Where(c => c.StationId == id && c.Day == today).OrderByDescending(c => c.At)
            .Take(Paging.MaxSize).Select(c => new VisitorView(c.Name, c.At)).ToListAsync(ct);
        var counts = await db.StationCheckIns.AsNoTracking().Where(c => c.StationId == id && c.Day >= from)
            .GroupBy(c => c.Day).Select(g => new DayCount(g.Key, g.Count(), g.Select(c => c.UserId).Distinct().Count())).ToListAsync(ct);
        var series = Enumerable.Range(0, today.DayNumber - from.DayNumber + 1).Select(i => today.AddDays(-i))
            .Select(d => counts.SingleOrDefault(c => c.Day == d) ?? new DayCount(d, 0, 0)).ToList();
        return new StationUse(station.Id, station.Name, today, visitors, series);
    }

    /// <summary>The station's values for its form; 404 to anyone who may not edit it.</summary>
    public async Task<StationForm> FormAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var admin = station is not null && scope.Administers(station.AreaPath);
        if (station is null || !(admin || Station.RunBy(scope, station)))
        {
            throw new NotFoundException("station");
        }

        var community = await Communities.OfPathAsync(db, station.AreaPath, ct);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == station.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        var allDay = station.OpensAt == station.ClosesAt;
        return new StationForm(station.Id, community.Code, community.Name, organisation, station.Name, station.Address, station.Latitude, station.Longitude,
            FacilityLabels.Split(station.Facilities), allDay ? "" : $"{station.OpensAt:HH\\:mm}", allDay ? "" : $"{station.ClosesAt:HH\\:mm}", allDay, admin);
    }

    /// <summary>Communities the caller may open a station in (none: not an admin).</summary>
    public async Task<IReadOnlyList<CommunityChoice>> CommunitiesAsync(CancellationToken ct = default)
    {
        var communities = await AreaDirectory.AdministeredCommunitiesAsync(db, await current.ScopeAsync(ct), ct);
        return [.. communities.Select(c => new CommunityChoice(c.Code, c.Name))];
    }

    /// <summary>Station-kind organisations in the caller's communities that run no station yet.</summary>
    public async Task<IReadOnlyList<OrganisationChoice>> FreeOrganisationsAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var rows = await db.Organisations.AsNoTracking().Under(scope.AdminPaths)
            .Where(o => o.Kind == OrganisationKind.Station && !db.Stations.Any(s => s.OrganisationId == o.Id))
            .OrderBy(o => o.Name).Take(Paging.MaxSize).Select(o => new { o.Id, o.Name, o.AreaPath }).ToListAsync(ct);
        return [.. rows.Select(o => new OrganisationChoice(o.Id, o.Name, AreaPath.Ancestor(o.AreaPath, AreaLevel.Community) is { } c ? AreaPath.CodeOf(c) : ""))];
    }

    private StationView View(Station s, Scope scope, double? distance, int today, DateTime? recentCheckIn)
    {
        var local = BeijingTime.TimeOfDay(Now);
        var hours = s.OpensAt == s.ClosesAt ? "24h" : $"{s.OpensAt:HH\\:mm}–{s.ClosesAt:HH\\:mm}";
        var community = AreaPath.Ancestor(s.AreaPath, AreaLevel.Community);
        return new StationView(s.Id, s.Name, s.Address, community is null ? "" : AreaPath.CodeOf(community), s.Latitude, s.Longitude, FacilityLabels.Split(s.Facilities),
            hours, Station.IsOpenAt(s.OpensAt, s.ClosesAt, local), distance, today, Station.RunBy(scope, s) || scope.Administers(s.AreaPath),
            CheckInAtStation.Refusal(scope, recentCheckIn, options.Value.CheckInGapMinutes) is null, recentCheckIn);
    }
}
