namespace CommunityGrid.Features.Dashboards;

/// <summary>
/// 高频事项: orders of one category that come back at one place. The place is the building when the order
/// names one (its area path reaches building level); otherwise orders with a location are grouped when they
/// lie within <see cref="RadiusMetres"/> of the group's first order. A group of <see cref="Threshold"/> or
/// more is a hotspot.
/// </summary>
public static class Hotspots
{
    public const double RadiusMetres = 100;
    public const int Threshold = 3;

    public sealed record Filed(string Number, string CategoryCode, string CategoryName, DateTime CreatedAt, string? BuildingPath, string? BuildingName, double? Latitude, double? Longitude);

    public static IReadOnlyList<Hotspot> Find(IEnumerable<Filed> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var result = new List<Hotspot>();
        foreach (var category in orders.GroupBy(o => o.CategoryCode))
        {
            var list = category.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number, StringComparer.Ordinal).ToList();
            foreach (var building in list.Where(o => o.BuildingPath is not null).GroupBy(o => o.BuildingPath))
            {
                Add(result, [.. building], building.First().BuildingName ?? "");
            }

            var loose = list.Where(o => o.BuildingPath is null && o.Latitude is not null && o.Longitude is not null).ToList();
            var taken = new bool[loose.Count];
            for (var i = 0; i < loose.Count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var group = new List<Filed> { loose[i] };
                taken[i] = true;
                for (var j = i + 1; j < loose.Count; j++)
                {
                    if (!taken[j] && Metres(loose[i], loose[j]) <= RadiusMetres)
                    {
                        group.Add(loose[j]);
                        taken[j] = true;
                    }
                }

                Add(result, group, "");
            }
        }

        return [.. result.OrderByDescending(h => h.Count).ThenByDescending(h => h.LastAt)];
    }

    private static void Add(List<Hotspot> result, List<Filed> group, string place)
    {
        if (group.Count < Threshold)
        {
            return;
        }

        var first = group[0];
        var located = group.Where(o => o.Latitude is not null).ToList();
        double? lat = located.Count == 0 ? null : Math.Round(located.Average(o => o.Latitude!.Value), 6);
        double? lng = located.Count == 0 ? null : Math.Round(located.Average(o => o.Longitude!.Value), 6);
        var name = place.Length > 0 ? place : FormattableString.Invariant($"{lat:0.0000}, {lng:0.0000} 周边 {RadiusMetres:0} 米");
        result.Add(new Hotspot(first.CategoryCode, first.CategoryName, name, group.Count, group.Min(o => o.CreatedAt), group.Max(o => o.CreatedAt), lat, lng,
            [.. group.Select(o => o.Number)]));
    }

    /// <summary>Great-circle distance in metres (haversine, mean earth radius).</summary>
    public static double Metres(double lat1, double lng1, double lat2, double lng2)
    {
        const double R = 6_371_008.8;
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Metres(Filed a, Filed b) => Metres(a.Latitude!.Value, a.Longitude!.Value, b.Latitude!.Value, b.Longitude!.Value);
}
