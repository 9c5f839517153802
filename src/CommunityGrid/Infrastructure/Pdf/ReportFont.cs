using SkiaSharp;

namespace CommunityGrid.Infrastructure.Pdf;

/// <summary>
/// The CJK face that PDF reports embed: <c>Reports:Font</c> / <c>Reports:FontIndex</c>, falling back to the
/// certificate's settings and then to Debian's fonts-noto-cjk (face 2 = Noto Sans CJK SC). Loaded once; a
/// missing font is a clear 503 (<c>report_font_missing</c>), never a PDF of empty boxes.
/// </summary>
public sealed class ReportFont(IConfiguration configuration) : IDisposable
{
    public const string DefaultPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    public const int DefaultIndex = 2;

    private readonly Lock gate = new();
    private SKTypeface? typeface;

    public string Path { get; } = First(configuration?["Reports:Font"], configuration?["Volunteers:CertificateFont"]) ?? DefaultPath;

    public int Index { get; } = configuration?.GetValue<int?>("Reports:FontIndex") ?? configuration?.GetValue<int?>("Volunteers:CertificateFontIndex") ?? DefaultIndex;

    public SKTypeface Typeface
    {
        get
        {
            lock (gate)
            {
                if (typeface is not null)
                {
                    return typeface;
                }

                var loaded = File.Exists(Path) ? SKTypeface.FromFile(Path, Index) : null;
                if (loaded is null || loaded.GetGlyphs("社区网格月度报告").Any(g => g == 0))
                {
                    loaded?.Dispose();
                    throw new DomainRuleException("report_font_missing", "服务器缺少中文字体，暂时无法生成报告",
                        $"The CJK font for reports is missing ({Path}, face {Index}); install fonts-noto-cjk or set Reports:Font.", RuleKind.Unavailable);
                }

                return typeface = loaded;
            }
        }
    }

    public void Dispose() => typeface?.Dispose();

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
