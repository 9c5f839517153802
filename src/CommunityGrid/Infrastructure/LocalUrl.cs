namespace CommunityGrid.Infrastructure;

/// <summary>
/// The one check for a redirect target a caller supplies (returnUrl): only a path of this site is
/// followed, anything else goes home. Every redirect to a caller's target goes through it.
/// </summary>
public static class LocalUrl
{
    public const string Home = "/";

    /// <summary>
    /// <paramref name="url"/> when it is a local path, with non-ASCII characters percent-encoded so
    /// it fits a Location header; otherwise "/". The check looks at the percent-decoded text, so
    /// <c>/%09/evil.example</c> or <c>/%2F/evil.example</c> cannot pass as a path.
    /// </summary>
    public static string OrHome(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048)
        {
            return Home;
        }

        var decoded = url;
        // Decoding repeats until nothing changes (a few rounds): %2509 is %09 the second time round.
        for (var i = 0; i < 3; i++)
        {
            string next;
            try
            {
                next = Uri.UnescapeDataString(decoded);
            }
            catch (UriFormatException)
            {
                return Home;
            }

            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        return IsLocalPath(url) && IsLocalPath(decoded) ? EncodeNonAscii(url) : Home;
    }

    /// <summary>A single leading '/', then no second '/' or '\', no backslash, control or white space anywhere.</summary>
    /// <summary>
    /// As <see cref="OrHome"/>, for a target that may come without its leading '/' (pages pass
    /// <c>NavigationManager.ToBaseRelativePath</c>): one is put in front.
    /// </summary>
    public static string PathOrHome(string? pathOrRelative) =>
        string.IsNullOrEmpty(pathOrRelative) || NamesScheme(pathOrRelative) ? Home
            : OrHome(pathOrRelative.StartsWith('/') ? pathOrRelative : "/" + pathOrRelative);

    /// <summary>"https:", "javascript:", also percent-encoded: an address elsewhere, never made a path here.</summary>
    private static bool NamesScheme(string url)
    {
        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(url);
        }
        catch (UriFormatException)
        {
            return true;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var slash = decoded.IndexOfAny(['/', '\\', '?', '#']);
        return colon >= 0 && (slash < 0 || colon < slash);
    }

    private static bool IsLocalPath(string path)
    {
        if (path.Length == 0 || path[0] != '/' || (path.Length > 1 && path[1] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in path)
        {
            if (c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF')
            {
                return false;
            }
        }

        return true;
    }

    private static string EncodeNonAscii(string url)
    {
        if (url.All(char.IsAscii))
        {
            return url;
        }

        var sb = new System.Text.StringBuilder(url.Length * 2);
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                sb.Append((char)rune.Value);
            }
            else
            {
                sb.Append(Uri.EscapeDataString(rune.ToString()));
            }
        }

        return sb.ToString();
    }
}
