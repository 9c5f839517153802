namespace CommunityGrid.Kernel;

/// <summary>Levels of the area tree, city down to house; a node's level is its depth in the path.</summary>
public enum AreaLevel
{
    City = 1,
    District = 2,
    Street = 3,
    Community = 4,
    Grid = 5,
    Building = 6,
    Unit = 7,
    House = 8,
}

/// <summary>
/// The one place that knows an area path's shape: the chain of codes from the city down to a node, each
/// followed by a slash ("150100/150105/150105001/150105001001/"). Rows carry their node's path as a string
/// so that "everything under X" is one indexed prefix range; this type reads and cuts such strings.
/// </summary>
public readonly record struct AreaPath
{
    public AreaPath(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (value[^1] != '/')
        {
            throw new ArgumentException("An area path ends with '/'.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>The node's level: how many codes the path holds.</summary>
    public AreaLevel Level => LevelOf(Value);

    /// <summary>The node's own code, the last one of the path.</summary>
    public string Code => CodeOf(Value);

    /// <summary>Codes from the city down to the node.</summary>
    public static string[] Codes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Codes of the node's ancestors, the city first, without the node itself.</summary>
    public static string[] AncestorCodes(string path) => Codes(path)[..^1];

    public static AreaLevel LevelOf(string path) => (AreaLevel)Codes(path).Length;

    /// <summary>The code of the last node of a path ("…/150105001001/" → "150105001001").</summary>
    public static string CodeOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = path.Length - 1;
        var start = path.LastIndexOf('/', Math.Max(end - 1, 0));
        return path[(start + 1)..end];
    }

    /// <summary>The path of the ancestor at <paramref name="level"/> ("150100/150105/150105001/…" → its community), or null when the path is shallower.</summary>
    public static string? Ancestor(string path, AreaLevel level)
    {
        ArgumentNullException.ThrowIfNull(path);
        var end = -1;
        for (var i = 0; i < (int)level; i++)
        {
            end = path.IndexOf('/', end + 1);
            if (end < 0)
            {
                return null;
            }
        }

        return path[..(end + 1)];
    }

    /// <summary>The code of the ancestor at <paramref name="level"/>, or null when the path is shallower.</summary>
    public static string? AncestorCode(string path, AreaLevel level) => Ancestor(path, level) is { } p ? CodeOf(p) : null;

    /// <summary>The community a path lies in, or null above community level.</summary>
    public static string? Community(string path) => Ancestor(path, AreaLevel.Community);

    /// <summary>The grid a path lies in, or null above grid level.</summary>
    public static string? Grid(string path) => Ancestor(path, AreaLevel.Grid);

    /// <summary>Path of the parent node ("" for the city).</summary>
    public static string Parent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var cut = path.Length < 2 ? -1 : path.LastIndexOf('/', path.Length - 2);
        return cut < 0 ? "" : path[..(cut + 1)];
    }

    /// <summary>The paths of the node and every ancestor, the city first ("150100/150105/" → "150100/", "150100/150105/").</summary>
    public static IEnumerable<string> SelfAndAncestors(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i >= 0; i = path.IndexOf('/', i + 1))
        {
            yield return path[..(i + 1)];
        }
    }

    /// <summary>The paths of the node's ancestors, the city first, without the node itself.</summary>
    public static IEnumerable<string> Ancestors(string path) => SelfAndAncestors(path).SkipLast(1);

    /// <summary>Whether <paramref name="path"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static bool IsUnder(string path, string ancestor) => path.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>
    /// [path, path with its final '/' raised to '0'): every extension of "…/" sorts inside it because
    /// paths hold only digits and '/', and '0' follows '/'. Both databases compare byte-wise here
    /// (SQLite BINARY, PostgreSQL collation "C").
    /// </summary>
    public static (string Lo, string Hi) PrefixRange(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[^1] != '/')
        {
            throw new ArgumentException("An area path ends with '/'.", nameof(path));
        }

        return (path, string.Concat(path.AsSpan(0, path.Length - 1), "0"));
    }
}
