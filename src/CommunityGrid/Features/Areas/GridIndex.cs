using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace CommunityGrid.Features.Areas;

/// <summary>
/// Point → grid lookup held in memory: an STR-tree of grid envelopes, then an indexed
/// point-in-area test of each candidate. Rebuilt (and swapped atomically) whenever grids change.
/// </summary>
public sealed class GridIndex
{
    private volatile Snapshot current = Snapshot.Empty;

    public int Count => current.Count;

    public sealed record Entry(Guid AreaId, Geometry Boundary);

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
            .Select(a => new { a.Id, a.BoundaryGeoJson })
            .ToListAsync(ct);
        Rebuild(grids.Select(g => new Entry(g.Id, GeoJson.ReadGeometry(g.BoundaryGeoJson!))));
    }

    public void Rebuild(IEnumerable<Entry> grids) => current = Snapshot.Build(grids);

    /// <summary>The grid containing the point (boundary included), or null.</summary>
    public Guid? Locate(double latitude, double longitude) => current.Locate(longitude, latitude);

    /// <summary>Baseline for the benchmark: tests every grid in turn.</summary>
    internal Guid? LocateLinear(double latitude, double longitude) => current.LocateLinear(longitude, latitude);

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build([]);

        private readonly STRtree<Item> tree = new();
        private readonly Item[] items;

        private Snapshot(Item[] items)
        {
            this.items = items;
            foreach (var item in items)
            {
                tree.Insert(item.Envelope, item);
            }

            tree.Build();
        }

        public int Count => items.Length;

        public static Snapshot Build(IEnumerable<Entry> entries) =>
            new([.. entries.Select(e => new Item(e.AreaId, e.Boundary.EnvelopeInternal, new IndexedPointInAreaLocator(e.Boundary)))]);

        public Guid? Locate(double x, double y)
        {
            var c = new Coordinate(x, y);
            Guid? found = null;
            tree.Query(new Envelope(c), new Visitor(c, id => found ??= id));
            return found;
        }

        public Guid? LocateLinear(double x, double y)
        {
            var c = new Coordinate(x, y);
            foreach (var item in items)
            {
                if (item.Envelope.Contains(c) && item.Locator.Locate(c) != Location.Exterior)
                {
                    return item.AreaId;
                }
            }

            return null;
        }

        private sealed record Item(Guid AreaId, Envelope Envelope, IndexedPointInAreaLocator Locator);

        private sealed class Visitor(Coordinate point, Action<Guid> found) : NetTopologySuite.Index.IItemVisitor<Item>
        {
            public void VisitItem(Item item)
            {
                if (item.Locator.Locate(point) != Location.Exterior)
                {
                    found(item.AreaId);
                }
            }
        }
    }
}
