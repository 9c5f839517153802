using BenchmarkDotNet.Running;
using CommunityGrid.Bench;
using CommunityGrid.Features.Areas;
using NetTopologySuite.Operation.Valid;

// dotnet run -c Release --project bench/CommunityGrid.Bench -- locate   (the benchmark)
// dotnet run -c Release --project bench/CommunityGrid.Bench -- check    (the generated city is sound)
// dotnet run -c Release --project bench/CommunityGrid.Bench -- intake --db sqlite|postgres [--pg …]   (see bench/intake.sh)
// dotnet run -c Release --project bench/CommunityGrid.Bench -- triage [--seconds 5]   (the triage classifier: accuracy, latency, rate)
// dotnet run -c Release --project bench/CommunityGrid.Bench -- ledger --db sqlite|postgres [--pg …] [--clients 16] [--seconds 5]   (see bench/ledger.sh)
var command = args.FirstOrDefault() ?? "locate";
switch (command)
{
    case "check":
        Check();
        break;
    case "locate":
        Check();
        BenchmarkRunner.Run<LocateBenchmark>(args: [.. args.Skip(1)]);
        break;
    case "intake":
        return await IntakeBenchmark.RunAsync([.. args.Skip(1)]);
    case "ledger":
        return await LedgerBenchmark.RunAsync([.. args.Skip(1)]);
    case "triage":
        return TriageBenchmark.Run([.. args.Skip(1)]);
    case "serve":
        return IntakeBenchmark.Serve([.. args.Skip(1)]);
    default:
        Console.Error.WriteLine("usage: CommunityGrid.Bench [locate|check] [BenchmarkDotNet options]");
        Console.Error.WriteLine("       CommunityGrid.Bench triage [--seconds 5] [--no-jieba]");
        Console.Error.WriteLine("       CommunityGrid.Bench ledger --db sqlite|postgres [--pg <server connection>] [--clients 16] [--seconds 5] [--warmup 2]");
        Console.Error.WriteLine("       CommunityGrid.Bench intake --db sqlite|postgres [--pg <server connection>] [--connections 1,8,32] [--seconds 8] [--warmup 3] [--steps [--step-orders 6000]]");
        return 2;
}

return 0;

static void Check()
{
    var grids = CityGrids.Generate();
    var invalid = grids.Count(g => !new IsValidOp(g.Boundary).IsValid);
    var index = new GridIndex();
    index.Rebuild(grids);
    var points = CityGrids.Points(20_000, seed: 7);
    var disagree = points.Count(p => index.Locate(p.Lat, p.Lng) != index.LocateLinear(p.Lat, p.Lng));
    var inside = points.Count(p => index.Locate(p.Lat, p.Lng) is not null);
    var area = grids.Sum(g => g.Boundary.Area);
    var expected = (CityGrids.East - CityGrids.West) * (CityGrids.North - CityGrids.South);
    Console.WriteLine($"{grids.Count} grids, {invalid} invalid; total area {area:F6} of {expected:F6} (tiles without overlap when equal); " +
        $"{inside} of {points.Length} random points inside a grid; index and linear scan disagree on {disagree}.");
    if (invalid > 0 || disagree > 0 || Math.Abs(area - expected) > 1e-9)
    {
        throw new InvalidOperationException("The generated city is not sound.");
    }
}
