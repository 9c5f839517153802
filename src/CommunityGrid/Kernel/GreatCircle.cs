namespace CommunityGrid.Kernel;

/// <summary>Distances on the earth's surface, for "near me" lists and check-in radii.</summary>
public static class GreatCircle
{
    private const double EarthRadiusMetres = 6_371_000;

    /// <summary>Great-circle distance in metres (haversine), good to a metre at city scale.</summary>
    public static double Metres(double lat1, double lng1, double lat2, double lng2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return EarthRadiusMetres * 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
    }
}
