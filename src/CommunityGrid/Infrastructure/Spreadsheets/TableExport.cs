namespace CommunityGrid.Infrastructure.Spreadsheets;

public enum TableCellKind
{
    Text,
    Number,
    /// <summary>A fraction 0–1 shown as a percentage.</summary>
    Percent,
    Date,
    /// <summary>A wall-clock date and time (already in the time zone it is to be read in).</summary>
    DateTime,
}

/// <summary>One cell of a table to export, typed so that a spreadsheet gets real numbers and dates.</summary>
public readonly record struct TableCell(TableCellKind Kind, string? Text, double? Number = null, DateOnly? Date = null)
{
    public static implicit operator TableCell(string? text) => new(TableCellKind.Text, text);

    public static TableCell FromString(string? text) => new(TableCellKind.Text, text);

    public static TableCell Of(double? number) => new(TableCellKind.Number, null, number);

    public static TableCell Percent(double? fraction) => new(TableCellKind.Percent, null, fraction);

    public static TableCell Of(DateOnly? date) => new(TableCellKind.Date, null, null, date);

    public static TableCell WallClock(DateTime? wallClock) => new(TableCellKind.DateTime, null, wallClock?.ToOADate());
}

public sealed record TableColumn(string Header, double Width = 14);

/// <summary>A list or figure table as the user sees it: the same rows go to .xlsx (one sheet each) and to CSV.</summary>
public sealed record ExportTable(string Key, string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows);

/// <summary>
/// Writes tables to a workbook (Chinese headers in a frozen, bold first row; numbers, percentages and dates as
/// typed cells; text as inline strings, which a spreadsheet never evaluates) or to CSV (UTF-8 with BOM, text
/// guarded against formulas by <see cref="CsvTable"/>).
/// </summary>
public static class TableExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static void WriteXlsx(Stream output, IEnumerable<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var workbook = XlsxWriter.Create(output);
        foreach (var table in tables)
        {
            using var sheet = workbook.AddSheet(SheetName(table.Title), [.. table.Columns.Select(c => new XlsxColumn(c.Width))], frozenRows: 1);
            sheet.WriteRow([.. table.Columns.Select(c => new XlsxValue(c.Header, null, XlsxStyle.Header))]);
            foreach (var row in table.Rows)
            {
                sheet.WriteRow([.. row.Select(Xlsx)]);
            }
        }
    }

    public static byte[] Csv(ExportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new CsvTable(table.Columns.Select(c => c.Header));
        foreach (var row in table.Rows)
        {
            csv.Row(row.Select(c => c.Kind switch
            {
                TableCellKind.Text => CsvTable.Text(c.Text),
                TableCellKind.Date => CsvTable.Date(c.Date),
                TableCellKind.DateTime => CsvTable.DateTime(c.Number is { } n ? DateTime.FromOADate(n) : null),
                _ => CsvTable.Number(c.Number),
            }));
        }

        return csv.ToBytes();
    }

    private static XlsxValue Xlsx(TableCell c) => c.Kind switch
    {
        TableCellKind.Text => XlsxValue.FromString(c.Text),
        TableCellKind.Date => new XlsxValue(null, c.Date),
        TableCellKind.DateTime => XlsxValue.FromNumber(c.Number, XlsxStyle.DateTime),
        TableCellKind.Percent => XlsxValue.FromNumber(c.Number, XlsxStyle.Percent),
        _ => XlsxValue.FromNumber(c.Number),
    };

    /// <summary>Excel's sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string title)
    {
        var clean = new string([.. title.Where(ch => ch is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]);
        return clean.Length <= 31 ? clean : clean[..31];
    }
}
