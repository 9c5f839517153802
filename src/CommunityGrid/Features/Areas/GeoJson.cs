using System.Text.Json;
using CommunityGrid.Infrastructure;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace CommunityGrid.Features.Areas;

/// <summary>Reads and writes GeoJSON geometry (WGS-84, x = longitude, y = latitude) and checks boundaries.</summary>
public static class GeoJson
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions();
        o.Converters.Add(new GeoJsonConverterFactory(Factory));
        return o;
    }

    public static Geometry ReadGeometry(string json) =>
        JsonSerializer.Deserialize<Geometry>(json, Options) ?? throw new JsonException("empty geometry");

    public static string Write(Geometry geometry) => JsonSerializer.Serialize(geometry, Options);

    /// <summary>A FeatureCollection whose features carry the given properties.</summary>
    public static string WriteFeatureCollection(IEnumerable<(Geometry Geometry, IReadOnlyDictionary<string, object?> Properties)> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var collection = new FeatureCollection();
        foreach (var (geometry, properties) in features)
        {
            var attributes = new AttributesTable();
            foreach (var (name, value) in properties)
            {
                attributes.Add(name, value);
            }

            collection.Add(new Feature(geometry, attributes));
        }

        return JsonSerializer.Serialize(collection, Options);
    }

    /// <summary>
    /// <see cref="ParseBoundary(string)"/> for a request body member: a GeoJSON object, or a string
    /// holding one. Null (absent) stays null.
    /// </summary>
    public static (Geometry Geometry, string Json)? ParseBoundary(JsonElement? boundary) => boundary switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } s => ParseBoundary(s.GetString() ?? ""),
        { } e => ParseBoundary(e.GetRawText()),
    };

    /// <summary>
    /// Parses a boundary and checks it is a valid WGS-84 polygon; throws a 400 with a stable code
    /// otherwise. Returns the normalised GeoJSON to store.
    /// </summary>
    public static (Geometry Geometry, string Json) ParseBoundary(string json)
    {
        Geometry geometry;
        try
        {
            geometry = ReadGeometry(json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new InvalidInputException("boundary_malformed", "边界不是有效的 GeoJSON 几何对象", "The boundary is not valid GeoJSON geometry.");
        }

        if (geometry is not (Polygon or MultiPolygon) || geometry.IsEmpty)
        {
            throw new InvalidInputException("boundary_not_polygon", "边界必须是多边形（Polygon 或 MultiPolygon）", "The boundary must be a Polygon or MultiPolygon.");
        }

        if (geometry.NumPoints > Area.MaxBoundaryVertices)
        {
            throw new InvalidInputException(
                "boundary_too_detailed", $"边界顶点过多（上限 {Area.MaxBoundaryVertices} 个）", $"The boundary has too many vertices (at most {Area.MaxBoundaryVertices}).");
        }

        foreach (var c in geometry.Coordinates)
        {
            if (c.X is < -180 or > 180 || c.Y is < -90 or > 90 || double.IsNaN(c.X) || double.IsNaN(c.Y))
            {
                throw new InvalidInputException("boundary_out_of_range", "坐标超出经纬度范围（WGS-84）", "A coordinate is outside WGS-84 longitude/latitude ranges.");
            }
        }

        var validity = new IsValidOp(geometry).ValidationError;
        if (validity is not null)
        {
            throw new InvalidInputException(
                "boundary_invalid",
                $"边界多边形无效（如自相交）：{validity.Message}",
                $"The boundary polygon is invalid ({validity.ErrorType}): {validity.Message}");
        }

        geometry.SRID = 4326;
        return (geometry, Write(geometry));
    }
}
