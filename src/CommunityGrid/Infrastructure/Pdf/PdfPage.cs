using System.Globalization;
using SkiaSharp;

namespace CommunityGrid.Infrastructure.Pdf;

/// <summary>A labelled value for a chart.</summary>
public sealed record ChartBar(string Label, double Value, string? Text = null);

/// <summary>
/// Drawing on an A4 PDF page with one CJK typeface: text, key figures, bar and column charts, tables. Points
/// (72 to the inch); <see cref="Y"/> is the running baseline that each call moves down, and a new page starts
/// when the next block would not fit.
/// </summary>
public sealed class PdfPage : IDisposable
{
    public const float Width = 595, Height = 842, Margin = 48;

    public static readonly SKColor Ink = new(0x1F, 0x29, 0x37);
    public static readonly SKColor Muted = new(0x6B, 0x72, 0x80);
    public static readonly SKColor Accent = new(0xC0, 0x1E, 0x2E);
    public static readonly SKColor[] Palette = [new(0xC0, 0x1E, 0x2E), new(0x25, 0x63, 0xEB), new(0x05, 0x96, 0x69), new(0xD9, 0x77, 0x06), new(0x7C, 0x3A, 0xED), new(0x0E, 0x74, 0x90)];

    private readonly SKDocument document;
    private readonly SKTypeface typeface;
    private readonly string footer;
    private SKCanvas canvas;
    private int page = 1;

    public PdfPage(SKDocument document, SKTypeface typeface, string footer)
    {
        ArgumentNullException.ThrowIfNull(document);
        this.document = document;
        this.typeface = typeface;
        this.footer = footer;
        canvas = document.BeginPage(Width, Height);
        Y = Margin;
    }

    public float Y { get; set; }

    public static SKDocument Create(Stream output, string title, DateTime createdUtc) =>
        SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "CommunityGrid", Producer = "CommunityGrid", Creation = createdUtc });

    /// <summary>Starts a new page when fewer than <paramref name="height"/> points are left.</summary>
    public void Need(float height)
    {
        if (Y + height <= Height - Margin)
        {
            return;
        }

        Footer();
        document.EndPage();
        canvas = document.BeginPage(Width, Height);
        page++;
        Y = Margin;
    }

    public void Text(string text, float size, SKColor color, float x = Margin, SKTextAlign align = SKTextAlign.Left, float lineHeight = 0)
    {
        var height = lineHeight > 0 ? lineHeight : size * 1.6f;
        Need(height);
        Y += height;
        Draw(text, x, Y - (height - size) / 2, size, color, align);
    }

    public void Rule(SKColor color, float width = 0.8f)
    {
        using var paint = new SKPaint { Color = color, IsStroke = true, StrokeWidth = width };
        Y += 6;
        canvas.DrawLine(Margin, Y, Width - Margin, Y, paint);
        Y += 6;
    }

    /// <summary>A row of figure tiles: a caption over a large value, with a small note under it.</summary>
    public void Tiles(IReadOnlyList<(string Caption, string Value, string Note)> tiles, int perRow = 4)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var w = (Width - (2 * Margin) - ((perRow - 1) * 8)) / perRow;
        const float h = 64;
        using var fill = new SKPaint { Color = new SKColor(0xF6, 0xF7, 0xF9), IsAntialias = true };
        for (var i = 0; i < tiles.Count; i += perRow)
        {
            Need(h + 8);
            for (var j = 0; j < perRow && i + j < tiles.Count; j++)
            {
                var (caption, value, note) = tiles[i + j];
                var x = Margin + (j * (w + 8));
                canvas.DrawRoundRect(x, Y, w, h, 6, 6, fill);
                Draw(caption, x + 10, Y + 17, 9, Muted);
                Draw(value, x + 10, Y + 42, 20, Ink);
                Draw(note, x + 10, Y + 57, 8, Muted);
            }

            Y += h + 8;
        }
    }

    /// <summary>Horizontal bars, one per label, scaled to the largest value (or to <paramref name="max"/>).</summary>
    public void Bars(IReadOnlyList<ChartBar> bars, double? max = null, SKColor? color = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const float row = 18, labelWidth = 120, valueWidth = 60;
        var top = bars.Count == 0 ? 1 : Math.Max(max ?? bars.Max(b => b.Value), 1e-9);
        using var paint = new SKPaint { Color = color ?? Palette[1], IsAntialias = true };
        using var track = new SKPaint { Color = new SKColor(0xEE, 0xF0, 0xF3), IsAntialias = true };
        var span = Width - (2 * Margin) - labelWidth - valueWidth - 8;
        foreach (var b in bars)
        {
            Need(row);
            Draw(Clip(b.Label, 10), Margin + labelWidth - 6, Y + 12, 9, Ink, SKTextAlign.Right);
            canvas.DrawRoundRect(Margin + labelWidth, Y + 3, span, row - 6, 3, 3, track);
            canvas.DrawRoundRect(Margin + labelWidth, Y + 3, (float)(span * Math.Clamp(b.Value / top, 0, 1)), row - 6, 3, 3, paint);
            Draw(b.Text ?? b.Value.ToString("0.##", CultureInfo.InvariantCulture), Margin + labelWidth + span + 6, Y + 12, 9, Ink);
            Y += row;
        }
    }

    /// <summary>Columns over a run of labels (days), two series side by side, with the first and last labels under them.</summary>
    public void Columns(IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, float height = 120)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        Need(height + 34);
        var plotLeft = Margin + 28;
        var plotWidth = Width - Margin - plotLeft;
        var top = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        using var axis = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), IsStroke = true, StrokeWidth = 0.6f };
        var baseLine = Y + height;
        canvas.DrawLine(plotLeft, baseLine, Width - Margin, baseLine, axis);
        canvas.DrawLine(plotLeft, Y, Width - Margin, Y, axis);
        Draw(top.ToString("0", CultureInfo.InvariantCulture), plotLeft - 4, Y + 4, 8, Muted, SKTextAlign.Right);
        Draw("0", plotLeft - 4, baseLine + 3, 8, Muted, SKTextAlign.Right);
        var slot = labels.Count == 0 ? plotWidth : plotWidth / labels.Count;
        var barWidth = Math.Max(1, (slot * 0.8f) / Math.Max(1, series.Count));
        for (var s = 0; s < series.Count; s++)
        {
            using var paint = new SKPaint { Color = Palette[s % Palette.Length], IsAntialias = true };
            var values = series[s].Values;
            for (var i = 0; i < values.Count && i < labels.Count; i++)
            {
                var h = (float)(height * values[i] / top);
                canvas.DrawRect(plotLeft + (i * slot) + (slot * 0.1f) + (s * barWidth), baseLine - h, barWidth, h, paint);
            }

            canvas.DrawRect(plotLeft + (s * 90), baseLine + 22, 8, 8, paint);
            Draw(series[s].Name, plotLeft + (s * 90) + 12, baseLine + 30, 9, Ink);
        }

        if (labels.Count > 0)
        {
            Draw(labels[0], plotLeft, baseLine + 12, 8, Muted);
            Draw(labels[^1], Width - Margin, baseLine + 12, 8, Muted, SKTextAlign.Right);
        }

        Y = baseLine + 36;
    }

    /// <summary>A table with a shaded header; columns by relative width, text clipped to its column.</summary>
    public void Table(IReadOnlyList<(string Header, float Share)> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        const float row = 18;
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => (Width - (2 * Margin)) * c.Share / total).ToArray();
        using var shade = new SKPaint { Color = new SKColor(0xF2, 0xF2, 0xF2) };
        using var line = new SKPaint { Color = new SKColor(0xE5, 0xE7, 0xEB), IsStroke = true, StrokeWidth = 0.5f };
        void Header()
        {
            canvas.DrawRect(Margin, Y, Width - (2 * Margin), row, shade);
            var x = Margin;
            for (var c = 0; c < columns.Count; c++)
            {
                Draw(columns[c].Header, x + 4, Y + 12.5f, 9, Ink);
                x += widths[c];
            }

            Y += row;
        }

        Need(row * 2);
        Header();
        foreach (var r in rows)
        {
            if (Y + row > Height - Margin)
            {
                Need(row * 2);
                Header();
            }

            var x = Margin;
            for (var c = 0; c < columns.Count && c < r.Count; c++)
            {
                Draw(Clip(r[c], (int)(widths[c] / 9)), x + 4, Y + 12.5f, 9, Ink);
                x += widths[c];
            }

            Y += row;
            canvas.DrawLine(Margin, Y, Width - Margin, Y, line);
        }
    }

    public void Gap(float points) => Y += points;

    public void Dispose()
    {
        Footer();
        document.EndPage();
    }

    private void Footer() => Draw($"{footer}    第 {page} 页", Width / 2, Height - 24, 8, Muted, SKTextAlign.Center);

    private void Draw(string text, float x, float y, float size, SKColor color, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..Math.Max(1, max - 1)] + "…";
}
