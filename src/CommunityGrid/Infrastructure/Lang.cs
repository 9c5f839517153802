using System.Globalization;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// Chinese first, English second: every UI text is written as a pair where it is used, so the
/// two never drift apart. The culture comes from the request (cookie, then zh-CN).
/// </summary>
public sealed class Lang
{
    public bool IsChinese => !CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    public string HtmlLang => IsChinese ? "zh-CN" : "en";

    public string T(string zh, string en) => IsChinese ? zh : en;
}
