using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;

namespace CommunityGrid.Features.Areas.Pages;

/// <summary>One grid ready to draw: SVG path data in view units and where its label goes.</summary>
public sealed record MapShape(string Code, string Name, string PathData, double LabelX, double LabelY, double FontSize, string Label);

/// <summary>
/// Equirectangular projection of WGS-84 outlines into an SVG view box: longitudes are shrunk by
/// cos(latitude) of the middle of the map so that shapes keep their proportions at Hohhot's 40°N.
/// </summary>
public sealed class MapProjection
{
    private const double Padding = 8;
    /// <summary>Labels scale with the view box, so the cap is a share of its width (45 of 1000).</summary>
    private const double MaxLabelFont = 45;

    private readonly double minLng;
    private readonly double maxLat;
    private readonly double top;
    private readonly double lngFactor;
    private readonly double scale;

    private MapProjection(double minLng, double maxLat, double lngFactor, double scale, string viewBox, double top = Padding)
    {
        this.top = top;
        this.minLng = minLng;
        this.maxLat = maxLat;
        this.lngFactor = lngFactor;
        this.scale = scale;
        ViewBox = viewBox;
    }

    public string ViewBox { get; }

    /// <param name="headroom">Extra room above the shapes, for labels drawn over the top row.</param>
    public static MapProjection Fit(IReadOnlyCollection<Geometry> geometries, double width, double headroom = 0)
    {
        ArgumentNullException.ThrowIfNull(geometries);
        var envelope = new Envelope();
        foreach (var g in geometries)
        {
            envelope.ExpandToInclude(g.EnvelopeInternal);
        }

        if (envelope.IsNull)
        {
            return new MapProjection(0, 0, 1, 1, $"0 0 {width.ToString(CultureInfo.InvariantCulture)} 1");
        }

        var lngFactor = Math.Cos((envelope.MinY + envelope.MaxY) / 2 * Math.PI / 180);
        var spanX = Math.Max(envelope.Width * lngFactor, 1e-9);
        var spanY = Math.Max(envelope.Height, 1e-9);
        var inner = width - (2 * Padding);
        var scale = inner / spanX;
        // A tall area (one grid cell) would make a page-long map on a phone: cap the height at
        // 0.8 × the width and centre the shape instead.
        if (spanY * scale > 0.8 * inner)
        {
            scale = 0.8 * inner / spanY;
        }

        var height = (spanY * scale) + (2 * Padding) + headroom;
        var viewBox = string.Create(CultureInfo.InvariantCulture, $"0 0 {width:0.#} {height:0.#}");
        var offsetX = (inner - (spanX * scale)) / 2;
        return new MapProjection(envelope.MinX - (offsetX / scale / lngFactor), envelope.MaxY, lngFactor, scale, viewBox, Padding + headroom);
    }

    public (double X, double Y) Project(double lng, double lat) =>
        (Padding + ((lng - minLng) * lngFactor * scale), top + ((maxLat - lat) * scale));

    /// <param name="numbered">Label with the grid's sequence number (maps of several communities) instead of its name.</param>
    public MapShape Shape(GridShape grid, bool numbered)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var path = new StringBuilder();
        for (var i = 0; i < grid.Boundary.NumGeometries; i++)
        {
            if (grid.Boundary.GetGeometryN(i) is Polygon polygon)
            {
                Ring(path, polygon.ExteriorRing);
                foreach (var hole in polygon.InteriorRings)
                {
                    Ring(path, hole);
                }
            }
        }

        var anchor = grid.Boundary.InteriorPoint.Coordinate;
        var (x, y) = Project(anchor.X, anchor.Y);
        var env = grid.Boundary.EnvelopeInternal;
        var w = env.Width * lngFactor * scale;
        var h = env.Height * scale;
        var label = numbered ? SequenceOf(grid.Code) : ShortName(grid.Name);
        var font = numbered ? Math.Min(w * 0.5, h * 0.5) : Math.Min(w * 0.85 / Math.Max(label.Length, 1), h * 0.4);
        return new MapShape(grid.Code, grid.Name, path.ToString(), x, y, Math.Clamp(font, 3, MaxLabelFont), label);
    }

    /// <summary>A label over the top edge of a block of grids (a community on a district or city map).</summary>
    public (double X, double Y, double FontSize) LabelAbove(Envelope block, string label)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(label);
        var (x, y) = Project(block.Centre.X, block.MaxY);
        var width = block.Width * lngFactor * scale;
        return (x, y - 4, Math.Clamp(width * 1.1 / Math.Max(label.Length, 1), 3, MaxLabelFont));
    }

    /// <summary>"150105001001003" → "3".</summary>
    public static string SequenceOf(string gridCode)
    {
        ArgumentNullException.ThrowIfNull(gridCode);
        return gridCode.Length > 3 ? gridCode[^3..].TrimStart('0') : gridCode;
    }

    /// <summary>"仕奇社区第一网格" → "仕奇社区".</summary>
    public static string CommunityPartOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var i = name.LastIndexOf("社区", StringComparison.Ordinal);
        return i >= 0 ? name[..(i + 2)] : name;
    }

    /// <summary>"仕奇社区第一网格" → "第一网格": the map already says which community it shows.</summary>
    public static string ShortName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var i = name.LastIndexOf("社区", StringComparison.Ordinal);
        return i >= 0 && i + 2 < name.Length ? name[(i + 2)..] : name;
    }

    private void Ring(StringBuilder path, LineString ring)
    {
        var coordinates = ring.Coordinates;
        for (var i = 0; i < coordinates.Length; i++)
        {
            var (x, y) = Project(coordinates[i].X, coordinates[i].Y);
            path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{x:0.##} {y:0.##} ");
        }

        path.Append("Z ");
    }
}
