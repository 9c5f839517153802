using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People;

/// <summary>The standard address of a house as people read it: community, building, unit, room (仕奇社区3号楼2单元301室), as the demo writes them.</summary>
public static class HouseAddresses
{
    /// <summary>Addresses of the given houses, keyed by house id, from the names of their ancestors in one query.</summary>
    public static async Task<Dictionary<Guid, string>> BuildAsync(AppDbContext db, IReadOnlyCollection<Area> houses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(houses);
        var codes = houses.SelectMany(AddressCodes).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code))
            .Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code, a => a.Name, StringComparer.Ordinal, ct);
        return houses.ToDictionary(
            h => h.Id,
            h => Truncate(string.Concat(AddressCodes(h).Select(c => names.GetValueOrDefault(c, c)))));
    }

    /// <summary>Codes of the community, building, unit and the house itself (the grid is not part of an address).</summary>
    private static IEnumerable<string> AddressCodes(Area house)
    {
        var codes = AreaPath.Codes(house.Path);
        // City, district, street, community, grid, building, unit, house.
        return codes.Length == 8 ? [codes[3], codes[5], codes[6], codes[7]] : [house.Code];
    }

    private static string Truncate(string address) =>
        address.Length > Household.AddressMaxLength ? address[..Household.AddressMaxLength] : address;
}
