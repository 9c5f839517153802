using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Features;

namespace CommunityGrid.Tests.Dashboards;

/// <summary>The demo's grids lie inside the real outline of their district, as vendored for the map.</summary>
[Collection(SharedApp.Name)]
public sealed class DemoGeometryTests(AppFactory app)
{
    [Fact]
    public async Task Every_demo_grid_lies_inside_its_districts_real_outline()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CommunityGrid.slnx")))
        {
            root = root.Parent;
        }

        var file = Path.Combine(root!.FullName, "src", "CommunityGrid", "wwwroot", "lib", "echarts", "hohhot.geojson");
        var outlines = JsonSerializer.Deserialize<FeatureCollection>(await File.ReadAllTextAsync(file), GeoJson.Options)!;
        outlines.Count.ShouldBe(9);
        var districts = outlines.ToDictionary(f => (string)f.Attributes["code"], f => f.Geometry);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var grids = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Grid && a.BoundaryGeoJson != null)
            .Select(a => new { a.Name, a.DistrictCode, a.BoundaryGeoJson }).ToListAsync();
        grids.Count.ShouldBe(48);
        foreach (var grid in grids)
        {
            districts[grid.DistrictCode].Contains(GeoJson.ReadGeometry(grid.BoundaryGeoJson!)).ShouldBeTrue($"{grid.Name} lies outside district {grid.DistrictCode}");
        }
    }
}
