using System.Text;
using System.Text.RegularExpressions;

namespace CommunityGrid.Features.Triage;

/// <summary>
/// The place a complaint names, as written: building (号楼/栋/幢), unit (单元), room (室/户, or 3-2-501), and the
/// span of text that says so (<see cref="Written"/>, kept as the resident wrote it). Estate names are matched
/// later against the reporter's community, which knows them.
/// </summary>
public sealed partial record WrittenPlace(int? Building, int? Unit, int? Room, string Written)
{
    /// <summary>Reads the first place a text names, or null when it names none.</summary>
    public static WrittenPlace? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = text.Normalize(NormalizationForm.FormKC);
        var dashed = Dashed().Match(normal);
        if (dashed.Success)
        {
            return new WrittenPlace(Number(dashed.Groups["b"].Value), Number(dashed.Groups["u"].Value), Number(dashed.Groups["r"].Value), dashed.Value.Trim());
        }

        var building = BuildingPattern().Match(normal);
        var unit = UnitPattern().Match(normal, building.Success ? building.Index + building.Length : 0);
        if (!unit.Success && !building.Success)
        {
            unit = UnitPattern().Match(normal);
        }

        var after = unit.Success ? unit.Index + unit.Length : building.Success ? building.Index + building.Length : 0;
        var room = RoomPattern().Match(normal, after);
        // A bare number is a room only right after the building or unit ("3单元502"); elsewhere it needs 室/户.
        if (room.Success && room.Groups["suffix"].Length == 0 && (after == 0 || room.Index > after + 1))
        {
            room = Match.Empty;
        }

        if (!building.Success && !unit.Success && !room.Success)
        {
            return null;
        }

        var spans = new[] { building, unit, room }.Where(m => m.Success).ToList();
        var start = spans.Min(m => m.Index);
        var end = spans.Max(m => m.Index + m.Length);
        return new WrittenPlace(
            building.Success ? Number(building.Groups["n"].Value) : null,
            unit.Success ? Number(unit.Groups["n"].Value) : null,
            room.Success ? Number(room.Groups["n"].Value) : null,
            normal[start..end].Trim());
    }

    /// <summary>"12", "十二", "两" → 12, 12, 2; null when it is neither.</summary>
    public static int? Number(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        const string Digits = "零一二三四五六七八九";
        var total = 0;
        var current = 0;
        foreach (var c in value)
        {
            var d = c == '两' ? 2 : Digits.IndexOf(c, StringComparison.Ordinal);
            if (d >= 0)
            {
                current = d;
            }
            else if (c == '十')
            {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
            else if (c == '百')
            {
                total += (current == 0 ? 1 : current) * 100;
                current = 0;
            }
            else
            {
                return null;
            }
        }

        var result = total + current;
        return result > 0 ? result : null;
    }

    private const string Num = "[0-9]{1,3}|[一二三四五六七八九十两百]{1,4}";

    [GeneratedRegex(@"(?<![0-9])(?<b>[0-9]{1,3})\s*[-—－]\s*(?<u>[0-9]{1,2})\s*[-—－]\s*(?<r>[0-9]{3,4})(?![0-9])")]
    private static partial Regex Dashed();

    [GeneratedRegex(@"(?<![0-9])(?<n>" + Num + @")\s*(?:号楼|号住宅楼|栋楼?|幢|号院楼|#楼|#)")]
    private static partial Regex BuildingPattern();

    [GeneratedRegex(@"(?<![0-9])(?<n>[0-9]{1,2}|[一二三四五六七八九十两]{1,3})\s*单元")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"(?<![0-9])(?<n>[0-9]{3,4})(?![0-9])\s*(?<suffix>室|户|号(?!楼))?")]
    private static partial Regex RoomPattern();
}
