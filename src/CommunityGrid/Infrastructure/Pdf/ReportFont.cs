using SkiaSharp;

namespace CommunityGrid.Infrastructure.Pdf;

/// <summary>
/// A CJK face a PDF embeds, loaded once from a font file (a .ttf/.otf/.ttc and the face in a collection). A file
/// that is missing, or a face without the document's characters, is a clear 503 with the document's own code —
/// never a PDF of empty boxes.
/// </summary>
public abstract class CjkTypeface(string path, int index, string sample, string code, string message, string setting) : IDisposable
{
    /// <summary>Debian's fonts-noto-cjk; face 2 is Noto Sans CJK SC.</summary>
    public const string DefaultPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    public const int DefaultIndex = 2;

    private readonly Lock gate = new();
    private SKTypeface? typeface;

    public string Path { get; } = path;

    public int Index { get; } = index;

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
                if (loaded is null || loaded.GetGlyphs(sample).Any(g => g == 0))
                {
                    loaded?.Dispose();
                    throw new DomainRuleException(code, message,
                        $"The CJK font is missing ({Path}, face {Index}); install fonts-noto-cjk or set {setting}.", RuleKind.Unavailable);
                }

                return typeface = loaded;
            }
        }
    }

    public void Dispose()
    {
        typeface?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>
/// The face PDF reports embed: <c>Reports:Font</c> / <c>Reports:FontIndex</c>, falling back to the certificate's
/// settings and then to fonts-noto-cjk; missing → 503 <c>report_font_missing</c>.
/// </summary>
public sealed class ReportFont(IConfiguration configuration) : CjkTypeface(
    First(configuration?["Reports:Font"], configuration?["Volunteers:CertificateFont"]) ?? DefaultPath,
    configuration?.GetValue<int?>("Reports:FontIndex") ?? configuration?.GetValue<int?>("Volunteers:CertificateFontIndex") ?? DefaultIndex,
    "社区网格月度报告", "report_font_missing", "服务器缺少中文字体，暂时无法生成报告", "Reports:Font");
