using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

internal sealed record HistoryAccount(Actor Actor, string? Phone, Guid? HouseId);

internal sealed record HistoryHouse(Guid Id, string Code, string BuildingCode, string Address);

internal sealed record HistoryResident(Guid Id, string Name, string? Phone);

internal sealed record OrganisationStaff(Actor Actor, string OrganisationName);

/// <summary>One grid of the demo as the history needs it: its houses, residents, staff and the levels above it.</summary>
internal sealed class HistoryGrid
{
    public required Guid Id { get; init; }
    public required string Code { get; init; }
    public required string Path { get; init; }
    public required string DistrictCode { get; init; }
    /// <summary>How busy the grid is, relative to the four communities of the report.</summary>
    public required double Activity { get; init; }
    public required List<HistoryHouse> Houses { get; init; }
    public required List<HistoryResident> Residents { get; init; }
    public required List<Actor> Staff { get; init; }
    public required List<HistoryAccount> ResidentAccounts { get; init; }
    public required List<Actor> PoolMembers { get; init; }
    public required Dictionary<string, (Guid EstateId, Guid ManagerId)> Estates { get; init; }
    public required bool HasRider { get; init; }
    /// <summary>The community admin (or the nearest admin above): approves extensions.</summary>
    public required Actor Supervisor { get; init; }
    /// <summary>The street admin (or the nearest admin above): presses red orders.</summary>
    public required Actor StreetSupervisor { get; init; }
    public required (double West, double South, double East, double North) Bounds { get; init; }

    public (double Lat, double Lng) PointInside(Random rng)
    {
        var (w, s, e, n) = Bounds;
        return (Math.Round(s + ((n - s) * (0.1 + (0.8 * rng.NextDouble()))), 6), Math.Round(w + ((e - w) * (0.1 + (0.8 * rng.NextDouble()))), 6));
    }
}

/// <summary>The demo city read back from the database once, for <see cref="DemoHistory"/>.</summary>
internal sealed class HistoryCity
{
    private static readonly string[] BusyCommunities = ["150105001001", "150103001001", "150104001001", "150102001001"];

    /// <summary>The grids the demo accounts work in (仕奇社区 1 and 2, 三顺店社区 1): the busiest, so their worklists are full.</summary>
    private static readonly string[] ShowcaseGrids = ["150105001001001", "150105001001002", "150103001001001"];

    private readonly Dictionary<string, HistoryAccount> accounts = new(StringComparer.Ordinal);

    public required Dictionary<string, WorkOrderCategory> Categories { get; init; }
    public required List<HistoryGrid> Grids { get; init; }
    public required HistoryAccount? Rider { get; init; }
    public required Actor Open311 { get; init; }
    public required Dictionary<Guid, OrganisationStaff> OrganisationStaff { get; init; }

    public HistoryAccount? AccountOf(string? userId) => userId is not null && accounts.TryGetValue(userId, out var a) ? a : null;

    public Actor Handler(string userId) => accounts[userId].Actor;

    public static async Task<HistoryCity> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var categories = await db.WorkOrderCategories.AsNoTracking().Where(c => c.ParentId != null && c.Active).ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
        var areas = await db.Areas.AsNoTracking().Where(a => !a.Retired)
            .Select(a => new { a.Id, a.Code, a.Name, a.Level, a.Path, a.DistrictCode, a.BoundaryGeoJson, a.EstateId }).ToListAsync(ct);
        var names = areas.ToDictionary(a => a.Code, a => a.Name, StringComparer.Ordinal);
        var managers = await db.Estates.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.ManagerOrganisationId, ct);
        var estateOfBuilding = areas.Where(a => a.Level == AreaLevel.Building && a.EstateId is not null)
            .ToDictionary(a => a.Code, a => (a.EstateId!.Value, managers[a.EstateId!.Value]), StringComparer.Ordinal);

        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.DisplayName, u.PhoneNumber, u.PersonId, u.OrganisationId }).ToListAsync(ct);
        var grants = (await db.RoleAssignments.AsNoTracking().Select(r => new { r.UserId, r.Role, r.AreaId, r.AreaPath, r.Title }).ToListAsync(ct))
            .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => new Grant(r.Role, r.AreaId, r.AreaPath, r.Title)).ToList(), StringComparer.Ordinal);
        var houseOfPerson = await db.People.AsNoTracking().Where(p => users.Select(u => u.PersonId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.HouseId, ct);
        var orgNames = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var accounts = new Dictionary<string, HistoryAccount>(StringComparer.Ordinal);
        foreach (var u in users.OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var actor = new Actor(u.Id, u.DisplayName, u.OrganisationId, u.PersonId, grants.GetValueOrDefault(u.Id) ?? []);
            accounts[u.Id] = new HistoryAccount(actor, u.PhoneNumber, u.PersonId is { } p ? houseOfPerson.GetValueOrDefault(p) : null);
        }

        List<HistoryAccount> Holding(Func<Grant, bool> predicate) =>
            [.. accounts.Values.Where(a => a.Actor.Grants.Any(predicate)).OrderBy(a => a.Actor.Name, StringComparer.Ordinal).ThenBy(a => a.Actor.UserId, StringComparer.Ordinal)];

        var admin = Holding(g => g.Role == Role.CityAdmin).First().Actor;
        Actor Above(string path, params Role[] roles)
        {
            foreach (var role in roles)
            {
                var holder = Holding(g => g.Role == role && path.StartsWith(g.AreaPath, StringComparison.Ordinal)).FirstOrDefault();
                if (holder is not null)
                {
                    return holder.Actor;
                }
            }

            return admin;
        }

        var residents = (await db.People.AsNoTracking().Where(p => p.HouseId != null).OrderBy(p => p.IdNumber)
                .Select(p => new { p.Id, p.Name, p.Phone, p.AreaPath }).ToListAsync(ct))
            .Where(p => p.Phone is not null)
            .GroupBy(p => AreaPath.Ancestor(p.AreaPath, AreaLevel.Grid) ?? "")
            .ToDictionary(g => g.Key, g => g.Take(40).Select(p => new HistoryResident(p.Id, p.Name, p.Phone)).ToList(), StringComparer.Ordinal);
        var rider = Holding(g => g.Role == Role.Rider).FirstOrDefault();
        var houses = areas.Where(a => a.Level == AreaLevel.House).ToList();
        var grids = new List<HistoryGrid>();
        foreach (var grid in areas.Where(a => a.Level == AreaLevel.Grid).OrderBy(a => a.Code, StringComparer.Ordinal))
        {
            var community = AreaPath.Parent(grid.Path);
            var staff = Holding(g => g.Role is Role.GridChief or Role.GridWorker && g.AreaPath == grid.Path).Select(a => a.Actor).ToList();
            if (staff.Count == 0)
            {
                staff.Add(Above(grid.Path, Role.CommunityAdmin, Role.StreetAdmin, Role.DistrictAdmin));
            }

            var gridHouses = houses.Where(h => h.Path.StartsWith(grid.Path, StringComparison.Ordinal)).OrderBy(h => h.Code, StringComparer.Ordinal)
                .Select(h =>
                {
                    var building = h.Code[..(grid.Code.Length + 3)];
                    var unit = h.Code[..(grid.Code.Length + 5)];
                    return new HistoryHouse(h.Id, h.Code, building, $"{names[grid.Code[..12]]}{names[building]}{names[unit]}{h.Name}");
                }).ToList();
            var numbers = DemoHistory.Coordinate().Matches(grid.BoundaryGeoJson ?? "").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var lngs = numbers.Where((_, i) => i % 2 == 0).ToList();
            var lats = numbers.Where((_, i) => i % 2 == 1).ToList();
            grids.Add(new HistoryGrid
            {
                Id = grid.Id,
                Code = grid.Code,
                Path = grid.Path,
                DistrictCode = grid.DistrictCode,
                Activity = ShowcaseGrids.Contains(grid.Code) ? 3.0 : BusyCommunities.Contains(grid.Code[..12]) ? 1.0 : 0.45,
                Houses = gridHouses,
                Residents = residents.GetValueOrDefault(grid.Path) ?? [],
                Staff = staff,
                ResidentAccounts = Holding(g => g.Role == Role.Resident && g.AreaPath.StartsWith(grid.Path, StringComparison.Ordinal)).Where(a => a.HouseId is not null).ToList(),
                PoolMembers = Holding(g => g.Role is Role.PartyMember or Role.Volunteer && g.AreaPath.StartsWith(grid.Path, StringComparison.Ordinal)).Where(a => a.Actor.PersonId is not null).Select(a => a.Actor).ToList(),
                Estates = estateOfBuilding.Where(e => e.Key.StartsWith(grid.Code, StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
                HasRider = rider is not null && rider.Actor.Grants.Any(g => grid.Path.StartsWith(g.AreaPath, StringComparison.Ordinal)),
                Supervisor = Above(community, Role.CommunityAdmin, Role.StreetAdmin, Role.DistrictAdmin),
                StreetSupervisor = Above(community, Role.StreetAdmin, Role.DistrictAdmin),
                Bounds = lngs.Count == 0 ? (111.6, 40.8, 111.61, 40.81) : (lngs.Min(), lats.Min(), lngs.Max(), lats.Max()),
            });
        }

        var orgStaff = Holding(g => g.Role == Role.PropertyStaff).Where(a => a.Actor.OrganisationId is not null)
            .GroupBy(a => a.Actor.OrganisationId!.Value).ToDictionary(g => g.Key, g => new OrganisationStaff(g.First().Actor, orgNames[g.Key]));
        var client = await db.Open311Clients.AsNoTracking().Select(c => c.Name).OrderBy(n => n).FirstOrDefaultAsync(ct) ?? "Open311";
        var city = new HistoryCity
        {
            Categories = categories,
            Grids = grids,
            Rider = rider,
            Open311 = new Actor($"open311:{client}", $"Open311 · {client}", null, null, []),
            OrganisationStaff = orgStaff,
        };
        foreach (var (id, account) in accounts)
        {
            city.accounts[id] = account;
        }

        return city;
    }
}
