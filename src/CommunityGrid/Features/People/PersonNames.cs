using System.Diagnostics.CodeAnalysis;

namespace CommunityGrid.Features.People;

/// <summary>
/// Names as shown where the person is not the reader's business (the public wish wall, a follower of an
/// order): the surname and the last character, the rest starred — 王小明 → 王*明, 张三 → 张*, 李 → *.
/// </summary>
public static class PersonNames
{
    [return: NotNullIfNotNull(nameof(name))]
    public static string? Mask(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var n = name.Trim();
        var chars = System.Globalization.StringInfo.ParseCombiningCharacters(n);
        return chars.Length switch
        {
            0 => "",
            1 => "*",
            2 => string.Concat(n.AsSpan(0, chars[1]), "*"),
            _ => string.Concat(n.AsSpan(0, chars[1]), new string('*', chars.Length - 2), n.AsSpan(chars[^1])),
        };
    }
}
