using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace CommunityGrid.Infrastructure.Spreadsheets;

/// <summary>What a cell holds, as the file says (not as it is formatted on screen).</summary>
public enum XlsxCellKind
{
    Text,
    Number,
    Date,
    Boolean,
    Error,
}

/// <summary>
/// One cell: its column (0-based), what it holds and its text. Numbers keep their value in <see cref="Number"/>;
/// a number under a date format is a <see cref="XlsxCellKind.Date"/>; an error value (<c>#N/A</c>) is
/// <see cref="XlsxCellKind.Error"/> with the error as its text.
/// </summary>
public readonly record struct XlsxCell(int Column, XlsxCellKind Kind, string Text, double? Number = null, DateTime? Date = null);

/// <summary>One row as stored: its 1-based number and the cells the file holds for it (empty cells are absent or empty).</summary>
public sealed record XlsxRow(int Number, IReadOnlyList<XlsxCell> Cells);

/// <summary>A merged range, 1-based and inclusive, with its A1 reference.</summary>
public sealed record XlsxMergedRange(string Reference, int FirstRow, int FirstColumn, int LastRow, int LastColumn);

/// <summary>The file is not an .xlsx workbook this reader understands (damaged, another format, no sheet).</summary>
public sealed class XlsxUnreadableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The workbook goes past one of the reader's bounds (shared strings, a part's size).</summary>
public sealed class XlsxTooLargeException(string message) : Exception(message);

/// <summary>
/// Reads .xlsx workbooks as a stream of rows: the sheet's XML is read forward with an <see cref="XmlReader"/>,
/// never loaded whole, so a caller that stops enumerating stops reading. Only the shared-string table is
/// held in memory, within <see cref="MaxSharedStringChars"/>. Comments, drawings, styles other than number
/// formats and anything else in the package are never parsed.
/// </summary>
public sealed class XlsxReader : IDisposable
{
    /// <summary>Bound on the characters of any one XML part read (a zip bomb stops here).</summary>
    public const long MaxPartChars = 32L * 1024 * 1024;

    /// <summary>Bound on the merged ranges of a sheet kept in memory.</summary>
    public const int MaxMergedRanges = 100_000;

    /// <summary>Excel's own limit on the columns of a sheet, and so on the cells of one row.</summary>
    public const int MaxColumns = 16_384;

    /// <summary>Excel's own limit on the characters of one cell.</summary>
    public const int MaxCellChars = 32_767;

    /// <summary>Bound on the shared-string table kept in memory.</summary>
    public const long MaxSharedStringChars = 16L * 1024 * 1024;

    private readonly SpreadsheetDocument document;
    private readonly WorkbookPart workbook;
    private readonly List<(string Name, string RelationshipId)> sheets;
    private List<string>? sharedStrings;
    private bool[]? dateStyles;

    private XlsxReader(SpreadsheetDocument document)
    {
        this.document = document;
        workbook = document.WorkbookPart ?? throw new XlsxUnreadableException("The package has no workbook.");
        sheets = ReadSheetList(workbook);
        if (sheets.Count == 0)
        {
            throw new XlsxUnreadableException("The workbook has no sheet.");
        }
    }

    /// <summary>The sheets' names in workbook order.</summary>
    public IReadOnlyList<string> SheetNames => [.. sheets.Select(s => s.Name)];

    /// <summary>The merged ranges of the sheet last read, known once its rows have been enumerated to the end.</summary>
    public IReadOnlyList<XlsxMergedRange> MergedRanges { get; private set; } = [];

    /// <summary>Opens a workbook from a seekable stream; throws <see cref="XlsxUnreadableException"/> for anything else.</summary>
    public static XlsxReader Open(Stream xlsx)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        SpreadsheetDocument? document = null;
        try
        {
            document = SpreadsheetDocument.Open(xlsx, false, new OpenSettings { AutoSave = false, MaxCharactersInPart = MaxPartChars });
            return new XlsxReader(document);
        }
        catch (Exception e) when (e is not XlsxUnreadableException and not OutOfMemoryException)
        {
            document?.Dispose();
            throw new XlsxUnreadableException("The bytes are not an .xlsx workbook.", e);
        }
        catch
        {
            document?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows of the named sheet (or the first sheet when it has no sheet of that name), in file order.
    /// Throws <see cref="XlsxUnreadableException"/> on malformed XML met on the way.
    /// </summary>
    public IEnumerable<XlsxRow> ReadRows(string? preferredSheet = null)
    {
        var (_, relationshipId) = sheets.FirstOrDefault(s => s.Name == preferredSheet);
        relationshipId ??= sheets[0].RelationshipId;
        if (Guard(() => workbook.GetPartById(relationshipId)) is not WorksheetPart part)
        {
            throw new XlsxUnreadableException("The sheet is not a worksheet.");
        }

        var strings = sharedStrings ??= Guard(() => ReadSharedStrings(workbook.SharedStringTablePart));
        var dates = dateStyles ??= Guard(() => ReadDateStyles(workbook.WorkbookStylesPart));
        MergedRanges = [];
        return Rows(part, strings, dates);
    }

    public void Dispose() => document.Dispose();

    private IEnumerable<XlsxRow> Rows(WorksheetPart part, List<string> strings, bool[] dates)
    {
        using var stream = Guard(() => part.GetStream(FileMode.Open, FileAccess.Read));
        using var xml = XmlReader.Create(stream, Settings());
        var merged = new List<XlsxMergedRange>();
        var previousRow = 0;
        while (true)
        {
            XlsxRow? row = null;
            var more = Guard(() =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    if (xml.LocalName == "row")
                    {
                        row = ReadRow(xml, previousRow, strings, dates);
                        return true;
                    }

                    if (xml.LocalName == "mergeCell" && Range(xml.GetAttribute("ref")) is { } range)
                    {
                        merged.Add(range);
                        if (merged.Count > MaxMergedRanges)
                        {
                            throw new XlsxTooLargeException("The sheet has too many merged ranges.");
                        }
                    }
                }

                return false;
            });
            if (!more)
            {
                break;
            }

            previousRow = row!.Number;
            yield return row;
        }

        MergedRanges = merged;
    }

    // Each Read… method below starts on an element's start tag and leaves the reader on its last node
    // (its end tag, or the element itself when empty), so the caller's next Read() moves past it.
    private static XlsxRow ReadRow(XmlReader xml, int previousRow, List<string> strings, bool[] dates)
    {
        var number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : previousRow + 1;
        var cells = new List<XlsxCell>();
        if (xml.IsEmptyElement)
        {
            return new XlsxRow(number, cells);
        }

        var depth = xml.Depth;
        var column = -1;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
            {
                column = ColumnOf(xml.GetAttribute("r")) ?? column + 1;
                if (ReadCell(xml, column, strings, dates) is { } cell)
                {
                    cells.Add(cell);
                    if (cells.Count > MaxColumns)
                    {
                        throw new XlsxTooLargeException("A row holds more cells than a sheet has columns.");
                    }
                }
            }

            xml.Read();
        }

        return new XlsxRow(number, cells);
    }

    private static XlsxCell? ReadCell(XmlReader xml, int column, List<string> strings, bool[] dates)
    {
        var type = xml.GetAttribute("t") ?? "n";
        var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (xml.IsEmptyElement)
        {
            return null;
        }

        string? value = null;
        StringBuilder? inline = null;
        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "v":
                        value = xml.ReadElementContentAsString();
                        continue;
                    case "is":
                        inline = ReadRichText(xml);
                        break;
                    default:
                        // A formula (<f>) and extensions: the cached value (<v>) is what counts.
                        xml.Skip();
                        continue;
                }
            }

            xml.Read();
        }

        return Cell(column, type, style, value, inline, strings, dates);
    }

    private static XlsxCell? Cell(int column, string type, int style, string? value, StringBuilder? inline, List<string> strings, bool[] dates)
    {
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count
                    ? new XlsxCell(column, XlsxCellKind.Text, strings[index])
                    : throw new XmlException("A shared string index points outside the table.");
            case "inlineStr":
                return new XlsxCell(column, XlsxCellKind.Text, Unescape(inline?.ToString() ?? value ?? ""));
            case "str":
                return new XlsxCell(column, XlsxCellKind.Text, Unescape(value ?? ""));
            case "e":
                return new XlsxCell(column, XlsxCellKind.Error, value ?? "#N/A");
            case "b":
                return value is null ? null : new XlsxCell(column, XlsxCellKind.Boolean, value == "1" ? "TRUE" : "FALSE");
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                    ? new XlsxCell(column, XlsxCellKind.Date, iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Date: iso)
                    : new XlsxCell(column, XlsxCellKind.Text, value ?? "");
            default:
                if (value is null)
                {
                    return null;
                }

                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return new XlsxCell(column, XlsxCellKind.Text, value);
                }

                if (style < dates.Length && dates[style] && number is >= 0 and < 2958466)
                {
                    var date = DateTime.FromOADate(number);
                    return new XlsxCell(column, XlsxCellKind.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), number, date);
                }

                return new XlsxCell(column, XlsxCellKind.Number, number.ToString("0.###############", CultureInfo.InvariantCulture), number);
        }
    }

    /// <summary>The text of a string item (<c>si</c> or <c>is</c>): plain or rich runs, without phonetic guides.</summary>
    private static StringBuilder ReadRichText(XmlReader xml)
    {
        var text = new StringBuilder();
        if (xml.IsEmptyElement)
        {
            return text;
        }

        var depth = xml.Depth;
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                if (xml.LocalName == "t")
                {
                    text.Append(xml.ReadElementContentAsString());
                    if (text.Length > MaxCellChars)
                    {
                        throw new XlsxTooLargeException("A cell holds more text than Excel allows.");
                    }

                    continue;
                }

                if (xml.LocalName is "rPh" or "phoneticPr" or "rPr")
                {
                    xml.Skip();
                    continue;
                }
            }

            xml.Read();
        }

        return text;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings());
        long total = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si")
            {
                var text = Unescape(ReadRichText(xml).ToString());
                total += text.Length + 16;
                if (total > MaxSharedStringChars)
                {
                    throw new XlsxTooLargeException("The shared-string table is too large.");
                }

                strings.Add(text);
            }
        }

        return strings;
    }

    /// <summary>For each cell format (<c>cellXfs</c>), whether its number format shows a date.</summary>
    private static bool[] ReadDateStyles(WorkbookStylesPart? part)
    {
        if (part is null)
        {
            return [];
        }

        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings());
        var customDates = new HashSet<int>();
        var styles = new List<bool>();
        var inCellFormats = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                break;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (xml.LocalName)
            {
                case "numFmt" when int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id) && IsDateFormat(xml.GetAttribute("formatCode")):
                    customDates.Add(id);
                    break;
                case "cellXfs":
                    inCellFormats = true;
                    break;
                case "xf" when inCellFormats:
                    var format = int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    styles.Add(f is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58 || customDates.Contains(format));
                    if (styles.Count > 65_536)
                    {
                        throw new XlsxTooLargeException("Too many cell formats.");
                    }

                    break;
            }
        }

        return [.. styles];
    }

    /// <summary>A format code shows a date when, outside quoted text, escapes and [colour] brackets, it uses y, m, d, h or s.</summary>
    private static bool IsDateFormat(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (quoted)
            {
                quoted = c != '"';
            }
            else if (bracket)
            {
                bracket = c != ']';
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++;
            }
            else if (char.ToLowerInvariant(c) is 'y' or 'm' or 'd' or 'h' or 's' or 'e')
            {
                return true;
            }
            else if (c == '@')
            {
                return false;
            }
        }

        return false;
    }

    private static List<(string Name, string RelationshipId)> ReadSheetList(WorkbookPart workbook)
    {
        using var stream = workbook.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings());
        var list = new List<(string, string)>();
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet"
                && xml.GetAttribute("name") is { } name
                && xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships") is { } id)
            {
                list.Add((name, id));
            }
        }

        return list;
    }

    /// <summary>Excel escapes characters XML cannot carry as <c>_xHHHH_</c>.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains("_x", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>The 0-based column of an A1 reference, null when there is none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]) && i < 3; i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return i == 0 ? null : column - 1;
    }

    private static int? RowOf(string reference)
    {
        var digits = reference.AsSpan().TrimStart("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$").TrimStart('$');
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > 0 ? row : null;
    }

    private static XlsxMergedRange? Range(string? reference)
    {
        if (reference?.Split(':') is not [var from, var to])
        {
            return null;
        }

        from = from.Replace("$", "", StringComparison.Ordinal);
        to = to.Replace("$", "", StringComparison.Ordinal);
        return ColumnOf(from) is { } c1 && RowOf(from) is { } r1 && ColumnOf(to) is { } c2 && RowOf(to) is { } r2
            ? new XlsxMergedRange(reference, r1, c1 + 1, r2, c2 + 1)
            : null;
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxPartChars,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (XmlException e) when (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw new XlsxTooLargeException("A part of the workbook is too large.");
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or InvalidOperationException or ArgumentException or FormatException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or KeyNotFoundException)
        {
            throw new XlsxUnreadableException("The workbook is damaged.", e);
        }
    }
}
