using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Features.Areas;

/// <summary>
/// Point → grid lookup held in memory, rebuilt (and swapped atomically) whenever grids change.
/// Grids are bucketed by a uniform lattice over their common extent; a lookup reads one bucket,
/// tests envelopes, then runs a robust ray-crossing test over flat coordinate arrays. A lookup
/// allocates nothing (docs/benchmarks.md has the figures that made us leave the STR-tree).
/// </summary>
public sealed class GridIndex
{
    private volatile Snapshot current = Snapshot.Empty;
    private volatile IReadOnlyDictionary<Guid, GridInfo> infos = new Dictionary<Guid, GridInfo>();

    public int Count => current.Count;

    public sealed record Entry(Guid AreaId, Geometry Boundary);

    /// <summary>What intake needs of a grid, kept with the index so a located order costs no grid query.</summary>
    public sealed record GridInfo(Guid Id, string Code, string Name, string Path, string DistrictCode);

    public async Task LoadAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await ReloadAsync(db, ct);
    }

    public async Task ReloadAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var grids = await db.Areas.AsNoTracking()
            .Where(a => a.Level == AreaLevel.Grid && !a.Retired && a.BoundaryGeoJson != null)
            .Select(a => new { a.Id, a.BoundaryGeoJson, a.Code, a.Name, a.Path, a.DistrictCode })
            .ToListAsync(ct);
        Rebuild(grids.Select(g => new Entry(g.Id, GeoJson.ReadGeometry(g.BoundaryGeoJson!))));
        infos = grids.ToDictionary(g => g.Id, g => new GridInfo(g.Id, g.Code, g.Name, g.Path, g.DistrictCode));
    }

    /// <summary>The grid's identity as of the last reload (every area edit at grid level or above reloads).</summary>
    public GridInfo? Info(Guid gridId) => infos.GetValueOrDefault(gridId);

    public void Rebuild(IEnumerable<Entry> grids) => current = Snapshot.Build(grids);

    /// <summary>
    /// The grid containing the point, or null. A point on a boundary belongs to the grid; on an edge
    /// two grids share, a grid holding it in its interior wins, else the first grid found.
    /// </summary>
    public Guid? Locate(double latitude, double longitude) => current.Locate(longitude, latitude);

    /// <summary>Baseline for the benchmark: tests every grid in turn.</summary>
    internal Guid? LocateLinear(double latitude, double longitude) => current.LocateLinear(longitude, latitude);

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build([]);

        /// <summary>Above this many vertices a grid gets NTS's indexed locator instead of a full ring scan.</summary>
        private const int MaxScannedVertices = 256;

        private readonly Item[] items;
        private readonly double minX, minY, cellWidth, cellHeight;
        private readonly int columns, rows;
        // Bucket b holds items[bucketItems[bucketStart[b] .. bucketStart[b + 1]]].
        private readonly int[] bucketStart;
        private readonly int[] bucketItems;

        private Snapshot(Item[] items)
        {
            this.items = items;
            if (items.Length == 0)
            {
                columns = rows = 1;
                cellWidth = cellHeight = 1;
                bucketStart = [0, 0];
                bucketItems = [];
                return;
            }

            minX = items.Min(i => i.MinX);
            minY = items.Min(i => i.MinY);
            var width = Math.Max(items.Max(i => i.MaxX) - minX, 1e-9);
            var height = Math.Max(items.Max(i => i.MaxY) - minY, 1e-9);
            // About two buckets per grid: most lookups then see one to four candidates.
            var target = Math.Max(1, items.Length * 2);
            var aspect = width / height;
            columns = Math.Clamp((int)Math.Ceiling(Math.Sqrt(target * aspect)), 1, 4096);
            rows = Math.Clamp((int)Math.Ceiling((double)target / columns), 1, 4096);
            cellWidth = width / columns;
            cellHeight = height / rows;

            var counts = new int[(columns * rows) + 1];
            ForEachBucket((_, b) => counts[b]++);
            bucketStart = new int[counts.Length];
            for (var b = 1; b < counts.Length; b++)
            {
                bucketStart[b] = bucketStart[b - 1] + counts[b - 1];
            }

            bucketItems = new int[bucketStart[^1]];
            var fill = (int[])bucketStart.Clone();
            ForEachBucket((i, b) => bucketItems[fill[b]++] = i);
        }

        public int Count => items.Length;

        public static Snapshot Build(IEnumerable<Entry> entries) => new([.. entries.Select(e => new Item(e.AreaId, e.Boundary))]);

        public Guid? Locate(double x, double y)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                return null;
            }

            var column = (int)Math.Floor((x - minX) / cellWidth);
            var row = (int)Math.Floor((y - minY) / cellHeight);
            // A point on the extent's far edge falls just past the last bucket.
            if (column == columns)
            {
                column--;
            }

            if (row == rows)
            {
                row--;
            }

            if ((uint)column >= (uint)columns || (uint)row >= (uint)rows)
            {
                return null;
            }

            var bucket = (row * columns) + column;
            var onBoundary = -1;
            for (var k = bucketStart[bucket]; k < bucketStart[bucket + 1]; k++)
            {
                var index = bucketItems[k];
                switch (items[index].Locate(x, y))
                {
                    case Location.Interior:
                        return items[index].AreaId;
                    case Location.Boundary when onBoundary < 0:
                        onBoundary = index;
                        break;
                }
            }

            return onBoundary < 0 ? null : items[onBoundary].AreaId;
        }

        public Guid? LocateLinear(double x, double y)
        {
            Guid? onBoundary = null;
            foreach (var item in items)
            {
                switch (item.Locate(x, y))
                {
                    case Location.Interior:
                        return item.AreaId;
                    case Location.Boundary:
                        onBoundary ??= item.AreaId;
                        break;
                }
            }

            return onBoundary;
        }

        private void ForEachBucket(Action<int, int> visit)
        {
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                var c0 = Math.Clamp((int)Math.Floor((item.MinX - minX) / cellWidth), 0, columns - 1);
                var c1 = Math.Clamp((int)Math.Floor((item.MaxX - minX) / cellWidth), 0, columns - 1);
                var r0 = Math.Clamp((int)Math.Floor((item.MinY - minY) / cellHeight), 0, rows - 1);
                var r1 = Math.Clamp((int)Math.Floor((item.MaxY - minY) / cellHeight), 0, rows - 1);
                for (var r = r0; r <= r1; r++)
                {
                    for (var c = c0; c <= c1; c++)
                    {
                        visit(i, (r * columns) + c);
                    }
                }
            }
        }

        /// <summary>One grid: its envelope and its rings as flat arrays (shell first, then holes, per polygon).</summary>
        private sealed class Item
        {
            private readonly Ring[][] polygons;
            private readonly IndexedPointInAreaLocator? locator;

            public Item(Guid areaId, Geometry boundary)
            {
                AreaId = areaId;
                var envelope = boundary.EnvelopeInternal;
                (MinX, MinY, MaxX, MaxY) = (envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
                if (boundary.NumPoints > MaxScannedVertices)
                {
                    locator = new IndexedPointInAreaLocator(boundary);
                    // Builds the locator's lazy index now, not on a request thread.
                    locator.Locate(boundary.Coordinate);
                    polygons = [];
                    return;
                }

                polygons = [.. Enumerable.Range(0, boundary.NumGeometries)
                    .Select(i => (Polygon)boundary.GetGeometryN(i))
                    .Select(p => new[] { new Ring(p.Shell) }.Concat(p.Holes.Select(h => new Ring(h))).ToArray())];
            }

            public Guid AreaId { get; }
            public double MinX { get; }
            public double MinY { get; }
            public double MaxX { get; }
            public double MaxY { get; }

            public Location Locate(double x, double y)
            {
                if (x < MinX || x > MaxX || y < MinY || y > MaxY)
                {
                    return Location.Exterior;
                }

                if (locator is not null)
                {
                    return locator.Locate(new Coordinate(x, y));
                }

                foreach (var rings in polygons)
                {
                    var shell = rings[0].Locate(x, y);
                    if (shell == Location.Exterior)
                    {
                        continue;
                    }

                    if (shell == Location.Boundary)
                    {
                        return Location.Boundary;
                    }

                    var inHole = Location.Exterior;
                    for (var h = 1; h < rings.Length && inHole == Location.Exterior; h++)
                    {
                        inHole = rings[h].Locate(x, y);
                    }

                    return inHole switch
                    {
                        Location.Exterior => Location.Interior,
                        Location.Boundary => Location.Boundary,
                        _ => Location.Exterior,
                    };
                }

                return Location.Exterior;
            }
        }

        /// <summary>A closed ring as flat coordinates, with NTS's robust ray-crossing rule.</summary>
        private sealed class Ring(LineString ring)
        {
            private readonly double[] xs = [.. ring.Coordinates.Select(c => c.X)];
            private readonly double[] ys = [.. ring.Coordinates.Select(c => c.Y)];

            /// <summary>Interior, Boundary or Exterior of the area the ring encloses (after NTS RayCrossingCounter).</summary>
            public Location Locate(double px, double py)
            {
                var crossings = 0;
                for (var i = 1; i < xs.Length; i++)
                {
                    double x1 = xs[i - 1], y1 = ys[i - 1], x2 = xs[i], y2 = ys[i];
                    if (x1 < px && x2 < px)
                    {
                        continue;
                    }

                    if (px == x2 && py == y2)
                    {
                        return Location.Boundary;
                    }

                    if (y1 == py && y2 == py)
                    {
                        if (Math.Min(x1, x2) <= px && px <= Math.Max(x1, x2))
                        {
                            return Location.Boundary;
                        }

                        continue;
                    }

                    if ((y1 > py && y2 <= py) || (y2 > py && y1 <= py))
                    {
                        var orientation = CGAlgorithmsDD.OrientationIndex(x1, y1, x2, y2, px, py);
                        if (orientation == 0)
                        {
                            return Location.Boundary;
                        }

                        if (y2 < y1)
                        {
                            orientation = -orientation;
                        }

                        if (orientation > 0)
                        {
                            crossings++;
                        }
                    }
                }

                return (crossings & 1) == 1 ? Location.Interior : Location.Exterior;
            }
        }
    }
}
