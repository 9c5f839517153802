using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityGrid.Infrastructure.Spreadsheets;

/// <summary>The few cell styles the app's workbooks use (indexes into the stylesheet the writer adds).</summary>
public enum XlsxStyle : uint
{
    Default = 0,
    Header = 1,
    RequiredHeader = 2,
    Text = 3,
    Date = 4,
    Wrapped = 5,
    /// <summary>A date and time of day (yyyy-mm-dd hh:mm), for <see cref="XlsxValue.FromDateTime"/>.</summary>
    DateTime = 6,
    /// <summary>A fraction shown as a percentage (0.0%).</summary>
    Percent = 7,
}

/// <summary>A column's width (in characters) and the style of its empty cells (<see cref="XlsxStyle.Text"/> keeps typed digits as text).</summary>
public sealed record XlsxColumn(double Width, XlsxStyle Style = XlsxStyle.Default);

/// <summary>An input message (and, with choices, a drop-down list) on a range such as <c>E2:E5001</c>.</summary>
public sealed record XlsxValidation(string Range, string PromptTitle, string Prompt, IReadOnlyList<string>? Choices = null);

/// <summary>A value to write: text, a date (shown yyyy-mm-dd) or a number (a date and time is a number in a date style), in a style.</summary>
public readonly record struct XlsxValue(string? Text, DateOnly? Date = null, XlsxStyle Style = XlsxStyle.Default, double? Number = null)
{
    public static implicit operator XlsxValue(string? text) => new(text);

    public static XlsxValue FromString(string? text) => new(text);

    /// <summary>A number cell; null leaves the cell empty.</summary>
    public static XlsxValue FromNumber(double? number, XlsxStyle style = XlsxStyle.Default) => new(null, null, style, number);

    /// <summary>A wall-clock date and time (convert to the local time first) as a date-time cell.</summary>
    public static XlsxValue FromDateTime(DateTime? value) => new(null, null, XlsxStyle.DateTime, value?.ToOADate());
}

/// <summary>
/// Writes .xlsx workbooks as a stream: the package is a zip written forward (<see cref="ZipArchiveMode.Create"/>),
/// each sheet's XML goes through the Open XML SDK's forward-only <see cref="OpenXmlWriter"/> straight into its
/// compressed entry, with inline strings (no shared-string table to hold). A large export costs no more memory
/// than a small one. One sheet is open at a time; dispose the sheet, then the writer.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive zip;
    private readonly List<string> sheetNames = [];
    private XlsxSheetWriter? open;
    private bool disposed;

    private XlsxWriter(Stream output)
    {
        // The Open XML SDK's package API holds every part in memory until it saves; a zip in create mode does not.
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
    }

    public static XlsxWriter Create(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new XlsxWriter(output);
    }

    /// <summary>Starts the next sheet; the previous one must have been disposed.</summary>
    public XlsxSheetWriter AddSheet(string name, IReadOnlyList<XlsxColumn> columns, int frozenRows = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(columns);
        if (open is { IsOpen: true })
        {
            throw new InvalidOperationException("Dispose the previous sheet first.");
        }

        sheetNames.Add(name);
        var entry = zip.CreateEntry($"xl/worksheets/sheet{sheetNames.Count}.xml", CompressionLevel.Optimal);
        open = new XlsxSheetWriter(entry.Open(), columns, frozenRows, selected: sheetNames.Count == 1);
        return open;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        open?.Dispose();
        Write("xl/styles.xml", Stylesheet());
        Write("xl/workbook.xml", new Workbook(new Sheets(sheetNames.Select((name, i) => new Sheet
        {
            Name = name,
            SheetId = (uint)(i + 1),
            Id = "rId" + (i + 1).ToString(CultureInfo.InvariantCulture),
        }))));

        var relations = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (var i = 1; i <= sheetNames.Count; i++)
        {
            relations.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{i}\" Type=\"{RelationshipType}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
        }

        relations.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rId{sheetNames.Count + 1}\" Type=\"{RelationshipType}/styles\" Target=\"styles.xml\"/></Relationships>");
        Write("xl/_rels/workbook.xml.rels", relations.ToString());
        Write("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + $"<Relationship Id=\"rId1\" Type=\"{RelationshipType}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");

        var types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (var i = 1; i <= sheetNames.Count; i++)
        {
            types.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }

        Write("[Content_Types].xml", types.Append("</Types>").ToString());
        zip.Dispose();
    }

    private void Write(string path, OpenXmlElement root)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(standalone: true);
        root.WriteTo(xml);
    }

    private void Write(string path, string text)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static Stylesheet Stylesheet()
    {
        static Font Font(bool bold = false, string? rgb = null)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = 11 });
            if (rgb is not null)
            {
                font.Append(new Color { Rgb = rgb });
            }

            font.Append(new FontName { Val = "Calibri" });
            return font;
        }

        const uint textFormat = 49;
        const uint dateFormat = 164;
        const uint dateTimeFormat = 165;
        const uint percentFormat = 166;
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = dateFormat, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = dateTimeFormat, FormatCode = "yyyy-mm-dd hh:mm" },
                new NumberingFormat { NumberFormatId = percentFormat, FormatCode = "0.0%" })
            { Count = 3 },
            new Fonts(Font(), Font(bold: true), Font(bold: true, rgb: "FFC00000")) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF2F2F2" }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat { NumberFormatId = textFormat, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = textFormat, FontId = 2, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = textFormat, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = dateFormat, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true },
                new CellFormat { NumberFormatId = dateTimeFormat, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = percentFormat, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
            { Count = 8 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }
}

/// <summary>Writes one sheet's rows in order; validations are collected and written when the sheet is disposed.</summary>
public sealed class XlsxSheetWriter : IDisposable
{
    private const int MaxPromptTitle = 32;
    private const int MaxPrompt = 255;

    private readonly OpenXmlWriter writer;
    private readonly List<XlsxValidation> validations = [];
    private int rowNumber;

    private readonly Stream stream;

    internal XlsxSheetWriter(Stream stream, IReadOnlyList<XlsxColumn> columns, int frozenRows, bool selected)
    {
        this.stream = stream;
        writer = OpenXmlWriter.Create(stream, new UTF8Encoding(false));
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        var view = new SheetView { WorkbookViewId = 0, TabSelected = selected };
        if (frozenRows > 0)
        {
            var topLeft = "A" + (frozenRows + 1).ToString(CultureInfo.InvariantCulture);
            view.Append(new Pane { VerticalSplit = frozenRows, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            view.Append(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } });
        }

        writer.WriteElement(new SheetViews(view));
        if (columns.Count > 0)
        {
            writer.WriteStartElement(new Columns());
            for (var c = 0; c < columns.Count; c++)
            {
                writer.WriteElement(new Column
                {
                    Min = (uint)(c + 1),
                    Max = (uint)(c + 1),
                    Width = columns[c].Width,
                    CustomWidth = true,
                    Style = columns[c].Style == XlsxStyle.Default ? null : (uint)columns[c].Style,
                });
            }

            writer.WriteEndElement();
        }

        writer.WriteStartElement(new SheetData());
        IsOpen = true;
    }

    internal bool IsOpen { get; private set; }

    /// <summary>Writes the next row; null or empty texts leave their cell out.</summary>
    public void WriteRow(IReadOnlyList<XlsxValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        rowNumber++;
        var number = rowNumber.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", number)]);
        for (var c = 0; c < values.Count; c++)
        {
            var value = values[c];
            var reference = ColumnName(c) + number;
            if (value.Date is { } date)
            {
                writer.WriteElement(new Cell(new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)))
                {
                    CellReference = reference,
                    StyleIndex = (uint)(value.Style == XlsxStyle.Default ? XlsxStyle.Date : value.Style),
                });
            }
            else if (value.Number is { } figure && double.IsFinite(figure))
            {
                writer.WriteElement(new Cell(new CellValue(figure.ToString("R", CultureInfo.InvariantCulture)))
                {
                    CellReference = reference,
                    StyleIndex = value.Style == XlsxStyle.Default ? null : (uint)value.Style,
                });
            }
            else if (!string.IsNullOrEmpty(value.Text))
            {
                writer.WriteElement(new Cell(new InlineString(new Text(Escape(value.Text)) { Space = SpaceProcessingModeValues.Preserve }))
                {
                    CellReference = reference,
                    DataType = CellValues.InlineString,
                    StyleIndex = value.Style == XlsxStyle.Default ? null : (uint)value.Style,
                });
            }
        }

        writer.WriteEndElement();
    }

    public void AddValidation(XlsxValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validations.Add(validation);
    }

    public void Dispose()
    {
        if (!IsOpen)
        {
            return;
        }

        IsOpen = false;
        writer.WriteEndElement();
        if (validations.Count > 0)
        {
            var list = new DataValidations { Count = (uint)validations.Count };
            foreach (var v in validations)
            {
                var validation = new DataValidation
                {
                    AllowBlank = true,
                    ShowInputMessage = true,
                    PromptTitle = Clip(v.PromptTitle, MaxPromptTitle),
                    Prompt = Clip(v.Prompt, MaxPrompt),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = v.Range },
                };
                if (v.Choices is { Count: > 0 } choices)
                {
                    validation.Type = DataValidationValues.List;
                    validation.ShowErrorMessage = true;
                    validation.ErrorTitle = Clip(v.PromptTitle, MaxPromptTitle);
                    validation.Error = Clip(v.Prompt, MaxPrompt);
                    validation.Append(new Formula1("\"" + string.Join(",", choices) + "\""));
                }

                list.Append(validation);
            }

            writer.WriteElement(list);
        }

        writer.WriteEndElement();
        writer.Close();
        writer.Dispose();
        stream.Dispose();
    }

    /// <summary>The letters of a 0-based column: 0 → A, 26 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return name.ToString();
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Characters XML cannot carry travel as Excel's <c>_xHHHH_</c> escapes; lone surrogates become U+FFFD.</summary>
    private static string Escape(string text)
    {
        if (!text.Any(c => c < 0x20 || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || c == '_'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                result.Append('\uFFFD');
            }
            else if ((c < 0x20 && c is not '\t' and not '\n' and not '\r') || c is '\uFFFE' or '\uFFFF')
            {
                result.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            }
            else if (c == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_')
            {
                // A literal "_x0041_" would read back as "A": Excel escapes the underscore itself.
                result.Append("_x005F_");
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
