namespace CommunityGrid.Features.People;

/// <summary>Names as shown where the person is not the reader's business: 王小明 → 王*明, 张三 → 张*.</summary>
public static class PersonNames
{
    public static string? Mask(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        var text = name.Trim();
        var chars = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        return chars.Length switch
        {
            1 => text,
            2 => string.Concat(text.AsSpan(0, chars[1]), "*"),
            _ => string.Concat(text.AsSpan(0, chars[1]), new string('*', chars.Length - 2), text.AsSpan(chars[^1])),
        };
    }
}
