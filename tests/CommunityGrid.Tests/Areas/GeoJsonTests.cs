using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Tests.Areas;

public class GeoJsonTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[111.70,40.80],[111.71,40.80],[111.71,40.81],[111.70,40.81],[111.70,40.80]]]}""";

    [Fact]
    public void A_valid_polygon_is_accepted_and_normalised()
    {
        var (geometry, json) = GeoJson.ParseBoundary(Square);

        geometry.ShouldBeOfType<Polygon>();
        geometry.SRID.ShouldBe(4326);
        geometry.Area.ShouldBe(0.0001, 1e-12);
        GeoJson.ReadGeometry(json).EqualsExact(geometry).ShouldBeTrue();
    }

    [Fact]
    public void A_multipolygon_is_accepted()
    {
        const string two = """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}""";

        GeoJson.ParseBoundary(two).Geometry.ShouldBeOfType<MultiPolygon>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"type":"Polygon","coordinates":[[[111.70,40.80],[111.71,40.80]""")]
    [InlineData("""{"type":"Polygon","coordinates":"here"}""")]
    [InlineData("""{"type":"Triangle","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""")] // ring not closed
    [InlineData("""{"type":"Polygon","coordinates":[[["a","b"],[1,0],[1,1],[0,0]]]}""")]
    [InlineData("42")]
    [InlineData("null")]
    public void Malformed_geojson_is_rejected_as_malformed(string json) =>
        Should.Throw<InvalidInputException>(() => GeoJson.ParseBoundary(json)).Code.ShouldBe("boundary_malformed");

    [Fact]
    public void A_self_intersecting_bow_tie_is_rejected_as_invalid()
    {
        const string bowTie = """{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}""";

        var e = Should.Throw<InvalidInputException>(() => GeoJson.ParseBoundary(bowTie));

        e.Code.ShouldBe("boundary_invalid");
        e.Kind.ShouldBe(RuleKind.Invalid);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[181,40],[182,40],[182,41],[181,40]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[111,89],[112,89],[112,91],[111,89]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[-181,0],[0,0],[0,1],[-181,0]]]}""")]
    public void Coordinates_outside_wgs84_ranges_are_rejected(string json) =>
        Should.Throw<InvalidInputException>(() => GeoJson.ParseBoundary(json)).Code.ShouldBe("boundary_out_of_range");

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[111.7,40.8]}""")]
    [InlineData("""{"type":"LineString","coordinates":[[111.7,40.8],[111.8,40.9]]}""")]
    public void Geometry_that_is_not_an_area_is_rejected(string json) =>
        Should.Throw<InvalidInputException>(() => GeoJson.ParseBoundary(json)).Code.ShouldBe("boundary_not_polygon");

    [Fact]
    public void A_request_member_may_hold_the_geometry_as_an_object_or_a_string_and_null_means_none()
    {
        using var doc = System.Text.Json.JsonDocument.Parse($$"""{"a":{{Square}},"b":{{System.Text.Json.JsonSerializer.Serialize(Square)}},"c":null}""");
        var root = doc.RootElement;

        GeoJson.ParseBoundary(root.GetProperty("a"))!.Value.Geometry.ShouldBeOfType<Polygon>();
        GeoJson.ParseBoundary(root.GetProperty("b"))!.Value.Geometry.ShouldBeOfType<Polygon>();
        GeoJson.ParseBoundary(root.GetProperty("c")).ShouldBeNull();
        GeoJson.ParseBoundary((System.Text.Json.JsonElement?)null).ShouldBeNull();
    }

    [Fact]
    public void A_feature_collection_carries_each_grid_with_its_properties()
    {
        var geometry = GeoJson.ReadGeometry(Square);

        var json = GeoJson.WriteFeatureCollection([(geometry, new Dictionary<string, object?> { ["code"] = "150105001001001", ["name"] = "第一网格", ["id"] = "x" })]);

        using var doc = System.Text.Json.JsonDocument.Parse(json);
        doc.RootElement.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var feature = doc.RootElement.GetProperty("features")[0];
        feature.GetProperty("type").GetString().ShouldBe("Feature");
        feature.GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Polygon");
        feature.GetProperty("properties").GetProperty("code").GetString().ShouldBe("150105001001001");
        feature.GetProperty("properties").GetProperty("name").GetString().ShouldBe("第一网格");
    }
}
