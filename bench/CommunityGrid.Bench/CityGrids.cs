using CommunityGrid.Features.Areas;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Bench;

/// <summary>
/// A deterministic city of grids over Hohhot (111.5–111.9 E, 40.7–40.95 N): a lattice of cells whose
/// corners and edge midpoints are jittered and shared with the neighbours, so the polygons are
/// irregular octagon-ish shapes that tile the area without overlapping.
/// </summary>
internal static class CityGrids
{
    public const double West = 111.5;
    public const double East = 111.9;
    public const double South = 40.7;
    public const double North = 40.95;

    public static IReadOnlyList<GridIndex.Entry> Generate(int columns = 100, int rows = 60, int seed = 150100)
    {
        var random = new Random(seed);
        var w = (East - West) / columns;
        var h = (North - South) / rows;

        // Corners: jittered by up to 20% of a cell (the outer frame stays straight).
        var corners = new Coordinate[columns + 1, rows + 1];
        for (var i = 0; i <= columns; i++)
        {
            for (var j = 0; j <= rows; j++)
            {
                var dx = i is 0 || i == columns ? 0 : Jitter(random, 0.2) * w;
                var dy = j is 0 || j == rows ? 0 : Jitter(random, 0.2) * h;
                corners[i, j] = new Coordinate(West + (i * w) + dx, South + (j * h) + dy);
            }
        }

        // Edge midpoints, pushed sideways by up to 10% of a cell; each edge is shared by two cells.
        var horizontal = new Coordinate[columns, rows + 1];
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j <= rows; j++)
            {
                horizontal[i, j] = Mid(corners[i, j], corners[i + 1, j], 0, j is 0 || j == rows ? 0 : Jitter(random, 0.1) * h);
            }
        }

        var vertical = new Coordinate[columns + 1, rows];
        for (var i = 0; i <= columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                vertical[i, j] = Mid(corners[i, j], corners[i, j + 1], i is 0 || i == columns ? 0 : Jitter(random, 0.1) * w, 0);
            }
        }

        var grids = new List<GridIndex.Entry>(columns * rows);
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                var ring = new[]
                {
                    corners[i, j], horizontal[i, j], corners[i + 1, j], vertical[i + 1, j],
                    corners[i + 1, j + 1], horizontal[i, j + 1], corners[i, j + 1], vertical[i, j], corners[i, j],
                };
                var polygon = GeoJson.Factory.CreatePolygon([.. ring.Select(c => c.Copy())]);
                grids.Add(new GridIndex.Entry(new Guid(i * 1000 + j, 0, 0, new byte[8]), polygon));
            }
        }

        return grids;
    }

    /// <summary>Uniform points over the city and a margin around it (some fall outside every grid).</summary>
    public static (double Lat, double Lng)[] Points(int count, int seed = 12345)
    {
        var random = new Random(seed);
        var points = new (double, double)[count];
        for (var k = 0; k < count; k++)
        {
            points[k] = (South - 0.01 + (random.NextDouble() * (North - South + 0.02)), West - 0.01 + (random.NextDouble() * (East - West + 0.02)));
        }

        return points;
    }

    private static double Jitter(Random random, double share) => ((random.NextDouble() * 2) - 1) * share;

    private static Coordinate Mid(Coordinate a, Coordinate b, double dx, double dy) => new(((a.X + b.X) / 2) + dx, ((a.Y + b.Y) / 2) + dy);
}
