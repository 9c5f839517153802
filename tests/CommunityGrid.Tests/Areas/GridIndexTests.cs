using CommunityGrid.Features.Areas;

namespace CommunityGrid.Tests.Areas;

public class GridIndexTests
{
    private static readonly Guid West = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid East = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Triangle = Guid.Parse("00000000-0000-0000-0000-000000000003");

    // Two cells of 0.004° side by side (lng 111.700–111.704 and 111.704–111.708, lat 40.809–40.813)
    // and a triangle whose envelope covers ground the triangle itself does not.
    private static GridIndex Index()
    {
        var index = new GridIndex();
        index.Rebuild(
        [
            new(West, Cell(111.700, 40.809, 111.704, 40.813)),
            new(East, Cell(111.704, 40.809, 111.708, 40.813)),
            new(Triangle, GeoJson.Factory.CreatePolygon([new(111.720, 40.800), new(111.730, 40.800), new(111.720, 40.810), new(111.720, 40.800)])),
        ]);
        return index;
    }

    [Fact]
    public void A_point_inside_a_grid_resolves_to_it()
    {
        var index = Index();

        index.Locate(40.811, 111.702).ShouldBe(West);
        index.Locate(40.811, 111.706).ShouldBe(East);
        index.Count.ShouldBe(3);
    }

    [Fact]
    public void A_point_on_the_outer_edge_belongs_to_the_grid()
    {
        var index = Index();

        index.Locate(40.813, 111.702).ShouldBe(West);
        index.Locate(40.811, 111.700).ShouldBe(West);
        index.Locate(40.809, 111.700).ShouldBe(West);
    }

    [Fact]
    public void A_point_on_a_shared_edge_resolves_to_one_of_the_two_grids()
    {
        var found = Index().Locate(40.811, 111.704);

        found.ShouldNotBeNull();
        new[] { West, East }.ShouldContain(found!.Value);
    }

    [Fact]
    public void A_point_outside_every_grid_is_not_located()
    {
        var index = Index();

        index.Locate(40.700, 111.500).ShouldBeNull();
        index.Locate(40.8145, 111.702).ShouldBeNull();
    }

    [Fact]
    public void A_point_inside_an_envelope_but_outside_the_polygon_is_not_located()
    {
        // Upper right of the triangle's bounding box, beyond its hypotenuse.
        Index().Locate(40.809, 111.729).ShouldBeNull();
        Index().Locate(40.801, 111.721).ShouldBe(Triangle);
    }

    [Fact]
    public void After_a_rebuild_the_index_answers_with_the_new_grids()
    {
        var index = Index();
        var moved = Guid.Parse("00000000-0000-0000-0000-000000000009");

        index.Rebuild([new(moved, Cell(111.500, 40.700, 111.504, 40.704))]);

        index.Locate(40.702, 111.502).ShouldBe(moved);
        index.Locate(40.811, 111.702).ShouldBeNull();
        index.Count.ShouldBe(1);
    }

    [Fact]
    public void The_index_and_the_linear_scan_agree()
    {
        var index = Index();
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var lat = 40.798 + (random.NextDouble() * 0.018);
            var lng = 111.698 + (random.NextDouble() * 0.034);
            index.Locate(lat, lng).ShouldBe(index.LocateLinear(lat, lng), $"at {lat}, {lng}");
        }
    }

    [Theory]
    [InlineData(double.NaN, 111.702)]
    [InlineData(40.811, double.NaN)]
    [InlineData(double.PositiveInfinity, 111.702)]
    public void A_point_that_is_not_a_number_is_not_located(double lat, double lng) => Index().Locate(lat, lng).ShouldBeNull();

    [Fact]
    public void A_point_in_a_hole_is_outside_and_on_the_hole_edge_is_on_the_grid()
    {
        var donut = Guid.Parse("00000000-0000-0000-0000-000000000004");
        var shell = GeoJson.Factory.CreateLinearRing([new(0, 0), new(10, 0), new(10, 10), new(0, 10), new(0, 0)]);
        var hole = GeoJson.Factory.CreateLinearRing([new(4, 4), new(6, 4), new(6, 6), new(4, 6), new(4, 4)]);
        var index = new GridIndex();
        index.Rebuild([new(donut, GeoJson.Factory.CreatePolygon(shell, [hole]))]);

        index.Locate(5, 5).ShouldBeNull();
        index.Locate(4, 5).ShouldBe(donut);
        index.Locate(2, 2).ShouldBe(donut);
    }

    [Fact]
    public void A_grid_drawn_with_many_vertices_is_located_too()
    {
        var circle = Guid.Parse("00000000-0000-0000-0000-000000000005");
        var index = new GridIndex();
        index.Rebuild([new(circle, GeoJson.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(111.7, 40.8)).Buffer(0.01, 200))]);

        index.Locate(40.8, 111.7).ShouldBe(circle);
        index.Locate(40.8, 111.709).ShouldBe(circle);
        index.Locate(40.809, 111.709).ShouldBeNull();
    }

    [Fact]
    public void An_empty_index_locates_nothing()
    {
        new GridIndex().Locate(40.81, 111.70).ShouldBeNull();
    }

    private static NetTopologySuite.Geometries.Polygon Cell(double west, double south, double east, double north) =>
        GeoJson.Factory.CreatePolygon([new(west, south), new(east, south), new(east, north), new(west, north), new(west, south)]);
}
