using BenchmarkDotNet.Attributes;
using CommunityGrid.Features.Areas;

namespace CommunityGrid.Bench;

/// <summary>Point → grid over 6,000 grids: the STR-tree index against a linear scan, single thread.</summary>
[Config(typeof(LocateConfig))]
public class LocateBenchmark
{
    public const int Lookups = 4_096;

    private readonly GridIndex index = new();
    private (double Lat, double Lng)[] points = [];

    [GlobalSetup]
    public void Setup()
    {
        index.Rebuild(CityGrids.Generate());
        points = CityGrids.Points(Lookups);
        // Build each grid's lazy point-in-polygon structure before measuring.
        foreach (var (lat, lng) in CityGrids.Points(200_000, seed: 1))
        {
            index.Locate(lat, lng);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int Index()
    {
        var found = 0;
        foreach (var (lat, lng) in points)
        {
            if (index.Locate(lat, lng) is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int LinearScan()
    {
        var found = 0;
        foreach (var (lat, lng) in points)
        {
            if (index.LocateLinear(lat, lng) is not null)
            {
                found++;
            }
        }

        return found;
    }
}
