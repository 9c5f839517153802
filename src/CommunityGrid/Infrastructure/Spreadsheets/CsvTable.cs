using System.Globalization;
using System.Text;

namespace CommunityGrid.Infrastructure.Spreadsheets;

/// <summary>
/// CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Chinese right), CRLF rows, RFC 4180 quoting.
/// A text cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe so a spreadsheet
/// never runs what a person typed as a formula; numbers and dates are written as they are.
/// </summary>
public sealed class CsvTable
{
    private readonly StringBuilder text = new();

    public CsvTable(IEnumerable<string> headers) => Row(headers.Select(h => new CsvCell(h, false)));

    public void Row(IEnumerable<CsvCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        text.AppendJoin(',', cells.Select(Field)).Append("\r\n");
    }

    public static CsvCell Text(string? value) => new(value ?? "", false);

    public static CsvCell Number(double? value) => new(value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "", true);

    public static CsvCell Date(DateOnly? value) => new(value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", true);

    public static CsvCell DateTime(DateTime? value) => new(value?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", true);

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

    private static string Field(CsvCell cell)
    {
        var value = cell.Value;
        if (!cell.Typed && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>A CSV cell: text typed by people (guarded against formulas) or a typed value the app formatted.</summary>
public readonly record struct CsvCell(string Value, bool Typed);
