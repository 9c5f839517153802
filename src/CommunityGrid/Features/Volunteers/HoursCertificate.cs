using System.Globalization;
using System.Text;
using CommunityGrid.Data;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Pdf;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace CommunityGrid.Features.Volunteers;

/// <summary>
/// The CJK font the certificate embeds: <c>Volunteers:CertificateFont</c> (default Debian's fonts-noto-cjk) and
/// <c>Volunteers:CertificateFontIndex</c> (2 = Noto Sans CJK SC); missing → 503 <c>certificate_font_missing</c>.
/// </summary>
public sealed class CertificateFont(IConfiguration configuration) : CjkTypeface(
    First(configuration?["Volunteers:CertificateFont"]) ?? DefaultPath,
    configuration?.GetValue("Volunteers:CertificateFontIndex", DefaultIndex) ?? DefaultIndex,
    HoursCertificate.Heading, "certificate_font_missing", "服务器缺少中文字体，暂时无法生成证明", "Volunteers:CertificateFont");

public sealed record CertificateLine(DateTime StartsAt, string Title, string TypeName, int Minutes);

public sealed record CertificateContent(string Name, string? MaskedIdNumber, DateOnly From, DateOnly To, int TotalMinutes, IReadOnlyList<CertificateLine> Lines, string IssuedBy, DateOnly IssuedOn, DateTime IssuedAtUtc);

/// <summary>志愿服务时长证明: the verified hours of one person over a period, as a PDF with Chinese text.</summary>
public sealed class HoursCertificate(AppDbContext db, CertificateFont font, TimeProvider clock)
{
    public const string Heading = "志愿服务时长证明";

    /// <summary>Beijing dates to a UTC range [from, to+1 day); defaults to everything up to today.</summary>
    public static (DateTime? FromUtc, DateTime? ToUtc) Period(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t && t < f)
        {
            throw new InvalidInputException("invalid_period", "结束日期不能早于开始日期", "The period ends before it starts.");
        }

        return (from is { } a ? StartUtc(a) : null, to is { } b ? StartUtc(b.AddDays(1)) : null);
    }

    private static DateTime StartUtc(DateOnly day) => BeijingTime.StartOfDayUtc(day);

    private static DateOnly Beijing(DateTime utc) => BeijingTime.Date(utc);

    public async Task<CertificateContent> ContentAsync(Guid personId, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var (fromUtc, toUtc) = Period(from, to);
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Name, p.IdNumber, p.AreaPath }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("person");
        var query = from s in db.SignUps.AsNoTracking()
                    where s.PersonId == personId && s.VerifiedMinutes != null && s.Status == SignUpStatus.Confirmed
                    join a in db.VolunteerActivities.AsNoTracking() on s.ActivityId equals a.Id
                    join sh in db.ActivityShifts.AsNoTracking() on s.ShiftId equals sh.Id
                    select new { sh.StartsAt, a.Title, a.Type, a.AreaPath, Minutes = s.VerifiedMinutes!.Value };
        if (fromUtc is { } f)
        {
            query = query.Where(x => x.StartsAt >= f);
        }

        if (toUtc is { } t)
        {
            query = query.Where(x => x.StartsAt < t);
        }

        var rows = (await query.ToListAsync(ct)).OrderBy(r => r.StartsAt).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Beijing(now);
        var communityPath = AreaPath.Ancestor(person.AreaPath, AreaLevel.Community) ?? rows.Select(r => AreaPath.Ancestor(r.AreaPath, AreaLevel.Community)).FirstOrDefault();
        var issuer = communityPath is null ? null : await db.Areas.AsNoTracking().Where(a => a.Path == communityPath).Select(a => a.Name).SingleOrDefaultAsync(ct);
        return new CertificateContent(person.Name, IdNumbers.Mask(person.IdNumber),
            from ?? (rows.Count > 0 ? Beijing(rows[0].StartsAt) : today), to ?? today,
            rows.Sum(r => r.Minutes),
            rows.Select(r => new CertificateLine(r.StartsAt, r.Title, r.Type.ChineseName(), r.Minutes)).ToList(),
            issuer ?? "社区", today, now);
    }

    public async Task<byte[]> RenderAsync(Guid personId, DateOnly? from, DateOnly? to, CancellationToken ct = default) =>
        Render(await ContentAsync(personId, from, to, ct), font.Typeface);

    /// <summary>A4 pages, 72 points to the inch; the table continues on further pages when long.</summary>
    public static byte[] Render(CertificateContent c, SKTypeface typeface)
    {
        ArgumentNullException.ThrowIfNull(c);
        const float Width = 595, Height = 842, Margin = 56, RowHeight = 22;
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata { Title = Heading, Creator = "CommunityGrid", Producer = "CommunityGrid", Creation = c.IssuedAtUtc };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            using var title = new SKFont(typeface, 26);
            using var body = new SKFont(typeface, 12);
            using var small = new SKFont(typeface, 10);
            using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var grey = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
            using var red = new SKPaint { Color = new SKColor(0xC0, 0x1E, 0x2E), IsAntialias = true, IsStroke = true, StrokeWidth = 2 };
            using var rule = new SKPaint { Color = new SKColor(0xCC, 0xCC, 0xCC), IsStroke = true, StrokeWidth = 0.8f };
            var hours = (c.TotalMinutes / 60m).ToString("0.#", CultureInfo.InvariantCulture);

            var canvas = document.BeginPage(Width, Height);
            canvas.DrawRect(Margin - 20, Margin - 20, Width - (2 * (Margin - 20)), Height - (2 * (Margin - 20)), red);
            Write(canvas, Heading, Width / 2, Margin + 40, SKTextAlign.Center, title, ink);
            var y = Margin + 90;
            var lines = new[]
            {
                $"兹证明 {c.Name}" + (c.MaskedIdNumber is null ? "" : $"（身份证号 {c.MaskedIdNumber}）"),
                $"于 {c.From:yyyy年M月d日} 至 {c.To:yyyy年M月d日} 期间参加志愿服务活动 {c.Lines.Count} 次，",
                $"经活动组织者核定，累计志愿服务时长 {hours} 小时（{c.TotalMinutes} 分钟）。",
                "特此证明。",
            };
            foreach (var line in lines)
            {
                Write(canvas, line, Margin, y, SKTextAlign.Left, body, ink);
                y += 24;
            }

            y += 12;
            float[] columns = [Margin, Margin + 90, Margin + 330, Width - Margin];
            void Header(SKCanvas k, ref float yy)
            {
                Write(k, "日期", columns[0], yy, SKTextAlign.Left, body, grey);
                Write(k, "活动", columns[1], yy, SKTextAlign.Left, body, grey);
                Write(k, "类型", columns[2], yy, SKTextAlign.Left, body, grey);
                Write(k, "时长（小时）", columns[3], yy, SKTextAlign.Right, body, grey);
                k.DrawLine(Margin, yy + 7, Width - Margin, yy + 7, rule);
                yy += RowHeight;
            }

            Header(canvas, ref y);
            foreach (var line in c.Lines)
            {
                if (y > Height - Margin - 120)
                {
                    document.EndPage();
                    canvas = document.BeginPage(Width, Height);
                    y = Margin + 20;
                    Header(canvas, ref y);
                }

                Write(canvas, Beijing(line.StartsAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), columns[0], y, SKTextAlign.Left, body, ink);
                Write(canvas, Fit(line.Title, 18), columns[1], y, SKTextAlign.Left, body, ink);
                Write(canvas, line.TypeName, columns[2], y, SKTextAlign.Left, body, ink);
                Write(canvas, (line.Minutes / 60m).ToString("0.0#", CultureInfo.InvariantCulture), columns[3], y, SKTextAlign.Right, body, ink);
                y += RowHeight;
            }

            canvas.DrawLine(Margin, y - 14, Width - Margin, y - 14, rule);
            Write(canvas, $"合计 {hours} 小时", columns[3], y + 4, SKTextAlign.Right, body, ink);
            y = Math.Max(y + 60, Height - Margin - 90);
            Write(canvas, $"出具单位：{c.IssuedBy}", Width - Margin, y, SKTextAlign.Right, body, ink);
            Write(canvas, $"出具日期：{c.IssuedOn:yyyy年M月d日}", Width - Margin, y + 24, SKTextAlign.Right, body, ink);
            Write(canvas, "本证明依据志愿服务记录出具，服务时长为组织者核定的实际服务时间。", Margin, Height - Margin, SKTextAlign.Left, small, grey);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Draws a line of text as a blob that carries its UTF-8 text and clusters. Skia's PDF writer maps
    /// each glyph back to the lowest code point the font gives it, and Noto CJK shares glyphs between
    /// radicals and ideographs (长 → ⻓, 田 → ⽥); with the text attached it writes /ActualText where the
    /// two differ, so copying and searching the PDF give the characters that were drawn.
    /// </summary>
    private static void Write(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint paint)
    {
        var glyphs = font.GetGlyphs(text);
        var width = font.MeasureText(glyphs, paint);
        var origin = new SKPoint(align switch { SKTextAlign.Center => x - (width / 2), SKTextAlign.Right => x - width, _ => x }, y);
        var positions = font.GetGlyphPositions(glyphs, origin);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var clusters = new uint[glyphs.Length];
        var glyph = 0;
        var offset = 0;
        for (var i = 0; i < text.Length && glyph < clusters.Length;)
        {
            var length = char.IsSurrogatePair(text, i) ? 2 : 1;
            clusters[glyph++] = (uint)offset;
            offset += Encoding.UTF8.GetByteCount(text.AsSpan(i, length));
            i += length;
        }

        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocatePositionedTextRun(font, glyphs.Length, utf8.Length, null);
        run.SetGlyphs(glyphs);
        run.SetPositions(positions);
        run.SetText(utf8);
        run.SetClusters(clusters);
        using var blob = builder.Build();
        canvas.DrawText(blob, 0, 0, paint);
    }

    private static string Fit(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
