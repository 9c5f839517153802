using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Stations;

public sealed class StationOptions
{
    /// <summary>One check-in per rider per station within this many minutes.</summary>
    public int CheckInGapMinutes { get; set; } = 30;
}

/// <summary>
/// A station as the caller sees it. <see cref="CanCheckIn"/>: the caller may check in here now (the rule
/// <see cref="StationDesk.CheckInAsync"/> enforces); <see cref="CheckedInAt"/>: the caller's own check-in
/// here within the gap, if any, which is why they may not check in again yet.
/// </summary>
public sealed record StationView(Guid Id, string Name, string Address, string CommunityCode, double Latitude, double Longitude, IReadOnlyList<Facilities> Facilities,
    string Hours, bool OpenNow, double? DistanceMetres, int CheckInsToday, bool IsStaff, bool CanCheckIn = false, DateTime? CheckedInAt = null);

public sealed record CheckInView(Guid Id, Guid StationId, string StationName, DateTime At, int CheckInsToday);

public sealed record VisitorView(string Name, DateTime At);

public sealed record DayCount(DateOnly Day, int CheckIns, int Riders);

/// <summary>A station's use, for its staff: who stopped by today, and counts per day.</summary>
public sealed record StationUse(Guid StationId, string StationName, DateOnly Today, IReadOnlyList<VisitorView> TodayVisitors, IReadOnlyList<DayCount> Days);

/// <summary>Stations, check-ins and their counts, for the API and the pages.</summary>
public sealed class StationDesk(AppDbContext db, CurrentUser current, TimeProvider clock, IOptions<StationOptions> options)
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
        var views = stations.Select(s => View(s, scope, lat is { } la && lng is { } lo ? Metres(la, lo, s.Latitude, s.Longitude) : null, counts.GetValueOrDefault(s.Id),
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

    /// <summary>
    /// Why the caller may not check in at a station now, or null when they may: riders only, and once per
    /// station per gap (<paramref name="recentCheckIn"/>: their latest check-in there within the gap). The
    /// check-in enforces it and the pages ask it before they offer 到站签到.
    /// </summary>
    public DomainRuleException? CheckInRefusal(Scope scope, DateTime? recentCheckIn)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.Has(Role.Rider))
        {
            return new DomainRuleException("riders_only", "驿站签到仅限骑手（红蜂团）", "Check-in is for riders.");
        }

        return recentCheckIn is not null
            ? new DomainRuleException("checked_in_recently", $"{options.Value.CheckInGapMinutes} 分钟内已在本驿站签到过", $"You checked in here within the last {options.Value.CheckInGapMinutes} minutes.")
            : null;
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

    /// <summary>A rider checks in; again at the same station within the gap is refused (checked_in_recently).</summary>
    public async Task<CheckInView> CheckInAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("station");
        if (CheckInRefusal(scope, null) is { } notARider)
        {
            throw notARider;
        }

        var now = Now;
        var since = now.AddMinutes(-options.Value.CheckInGapMinutes);
        var uid = scope.UserId!;
        var name = scope.PersonId is { } pid ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(ct) : null;
        var checkIn = StationCheckIn.Of(station, uid, scope.PersonId, name ?? scope.DisplayName ?? "", now, Today);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Lock the station's row: one rider's two taps at once are checked one after the other.
            await db.Stations.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version), ct);
            var recent = await db.StationCheckIns.Where(c => c.StationId == id && c.UserId == uid && c.At > since).MaxAsync(c => (DateTime?)c.At, ct);
            if (CheckInRefusal(scope, recent) is { } refusal)
            {
                throw refusal;
            }

            db.StationCheckIns.Add(checkIn);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        var today = Today;
        return new CheckInView(checkIn.Id, station.Id, station.Name, now, await db.StationCheckIns.CountAsync(c => c.StationId == id && c.Day == today, ct));
    }

    /// <summary>Today's visitors and the counts of the last <paramref name="days"/> days: the station's staff and the admins above it.</summary>
    public async Task<StationUse> UseAsync(Guid id, int? days, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var station = await db.Stations.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (station is null || !Staffs(scope, station.OrganisationId, station.AreaPath))
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

    private static bool Staffs(Scope scope, Guid organisationId, string areaPath) =>
        (scope.Has(Role.StationStaff) && scope.OrganisationId == organisationId) || scope.Administers(areaPath);

    private StationView View(Station s, Scope scope, double? distance, int today, DateTime? recentCheckIn)
    {
        var local = BeijingTime.TimeOfDay(Now);
        var hours = s.OpensAt == s.ClosesAt ? "24h" : $"{s.OpensAt:HH\\:mm}–{s.ClosesAt:HH\\:mm}";
        var community = AreaPath.Ancestor(s.AreaPath, AreaLevel.Community);
        return new StationView(s.Id, s.Name, s.Address, community is null ? "" : AreaPath.CodeOf(community), s.Latitude, s.Longitude, FacilityLabels.Split(s.Facilities),
            hours, Station.IsOpenAt(s.OpensAt, s.ClosesAt, local), distance, today, Staffs(scope, s.OrganisationId, s.AreaPath),
            CheckInRefusal(scope, recentCheckIn) is null, recentCheckIn);
    }

    /// <summary>Great-circle distance (haversine), in metres.</summary>
    public static double Metres(double lat1, double lng1, double lat2, double lng2)
    {
        const double R = 6_371_000;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

internal static class StationEndpoints
{
    public static IServiceCollection AddStations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StationOptions>(configuration.GetSection("Stations"));
        return services.AddScoped<StationDesk>().AddScoped<StationEdits>();
    }

    public static RouteGroupBuilder MapStations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stations").WithTags("Stations");
        group.MapGet("/", async (StationDesk desk, double? lat, double? lng, CancellationToken ct) => TypedResults.Ok(await desk.ListAsync(lat, lng, ct)))
            .WithSummary("红蜂驿站: facilities, hours, location; nearest first when lat/lng are given.");
        group.MapGet("/{id:guid}", async (Guid id, StationDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.GetAsync(id, ct)));
        group.MapPost("/", async (CreateStation r, StationEdits edits, CancellationToken ct) =>
        {
            var s = await edits.CreateAsync(r, ct);
            return TypedResults.Created($"/api/stations/{s.Id}", s);
        }).WithSummary("The community's admin opens a station: place inside the community, facilities, hours, its Station-kind organisation (named or registered with it).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id:guid}", async (Guid id, EditStation r, StationEdits edits, CancellationToken ct) => TypedResults.Ok(await edits.EditAsync(id, r, ct)))
            .WithSummary("Admins change everything; the station's staff its facilities and hours only (staff_edit_facilities_and_hours_only).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/check-in", async (Guid id, StationDesk desk, CancellationToken ct) =>
        {
            var c = await desk.CheckInAsync(id, ct);
            return TypedResults.Created($"/api/stations/{id}/use", c);
        }).WithSummary("A rider checks in; once per station per 30 minutes (checked_in_recently).");
        group.MapGet("/{id:guid}/use", async (Guid id, StationDesk desk, int? days, CancellationToken ct) => TypedResults.Ok(await desk.UseAsync(id, days, ct)))
            .WithSummary("Who used the station today and check-ins per day: its staff and the admins above it.");
        return api;
    }
}
