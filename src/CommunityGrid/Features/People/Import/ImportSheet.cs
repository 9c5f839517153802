using System.Globalization;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Spreadsheets;

namespace CommunityGrid.Features.People.Import;

/// <summary>One column of the import sheet, as the template documents it.</summary>
public sealed record ImportColumn(string Header, string HeaderEn, bool Required, string Guide, string GuideEn);

/// <summary>
/// A cell as read: its text, and the date or number Excel holds when it holds one; <see cref="Error"/> when it
/// holds an error value (<c>#N/A</c>), <see cref="MergedRange"/> when it lies in merged cells.
/// </summary>
public readonly record struct SheetCell(string Text, DateTime? Date = null, double? Number = null, string? Error = null, string? MergedRange = null)
{
    public bool IsEmpty => Text.Length == 0 && Date is null && Number is null && Error is null;
}

/// <summary>One data row of the sheet; <see cref="Number"/> is the row number Excel shows.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<SheetCell> Cells);

/// <summary>The layout of the household import sheet and how it is read from and written to .xlsx.</summary>
public static class ImportSheet
{
    public const string SheetName = "导入模板";
    public const string GuideSheetName = "填写说明";
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxRows = 5000;

    /// <summary>Blank rows (formatted but empty) read past before the sheet counts as too large: reading stops there.</summary>
    public const int MaxBlankRows = 50_000;
    public const int HouseholdKeyMaxLength = 32;

    public const int HouseCode = 0;
    public const int Address = 1;
    public const int HouseholdKey = 2;
    public const int Name = 3;
    public const int Gender = 4;
    public const int BirthDate = 5;
    public const int IdNumber = 6;
    public const int Phone = 7;
    public const int Relation = 8;
    public const int PartyStatus = 9;

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new("房屋编码", "House code", true,
            "24 位数字：网格编码 15 位 + 楼栋 3 位 + 单元 2 位 + 户 4 位，须是您管辖范围内的户。请将单元格设为文本格式。",
            "24 digits: grid code (15) + building (3) + unit (2) + house (4); a house within your area. Format the cell as text."),
        new("户地址", "Household address", false,
            "可留空，留空时按“社区 楼栋 单元 户”的名称自动生成；同一户只填一次或各行相同。",
            "Optional; when empty it is built from the names of community, building, unit and house."),
        new("户号", "Household key", true,
            "本表内区分不同住户的编号（如 1、2、3），同一户的成员填写相同的户号和房屋编码。最多 32 字。",
            "A key grouping the rows of one household in this sheet (1, 2, 3…); members of one household share it and the house code."),
        new("姓名", "Name", true, "不超过 32 字。", "At most 32 characters."),
        new("性别", "Gender", true, "填写“男”或“女”。", "男 (male) or 女 (female)."),
        new("出生日期", "Birth date", false,
            "格式 yyyy-MM-dd（如 1980-05-01）或 Excel 日期；可留空，留空时取身份证号中的出生日期；填写时须与身份证号一致。",
            "yyyy-MM-dd or an Excel date; when empty it is taken from the ID number, and when given it must agree with it."),
        new("身份证号", "ID number", true,
            "18 位居民身份证号，末位为校验码（可为 X）；表内不得重复，也不得与系统中已登记的居民重复。请将单元格设为文本格式。",
            "18-character resident ID number with a valid check digit; unique in the sheet and in the system. Format the cell as text."),
        new("手机号", "Mobile phone", false, "可留空；填写时为 1 开头的 11 位数字。", "Optional; 11 digits starting with 1."),
        new("与户主关系", "Relation to head", true,
            "户主、配偶、子女、父母、其他 之一；每户有且只有一名户主。",
            "One of 户主 (head), 配偶 (spouse), 子女 (child), 父母 (parent), 其他 (other); exactly one head per household."),
        new("党员身份", "Party status", false,
            "无、在册、在职 之一，留空按“无”。",
            "无 (none), 在册 (on the community's roll) or 在职 (in service); empty means none."),
    ];

    /// <summary>
    /// The template's example row, shown on the guide sheet. A row that still carries it (templates before the example
    /// moved there had it as row 2) is reported, never imported into the demo house it names.
    /// </summary>
    public static readonly IReadOnlyList<string> Example =
        ["150105001001001001010101", "", "1", "张三", "男", "1980-05-01", IdNumbers.WithCheckDigit("15010519800501001"), "13800000000", HouseholdRelations.Head, "无"];

    /// <summary>
    /// Reads the data rows (blank rows skipped), streaming: reading stops at the first row past <see cref="MaxRows"/>.
    /// Throws <c>file_too_large</c> (413) past <see cref="MaxFileBytes"/>, <c>import_unreadable</c> when the bytes are
    /// not an .xlsx workbook, <c>import_bad_headers</c> when the first row is not the template's, and
    /// <c>import_too_large</c> / <c>import_empty</c> for the row count. Cells with error values or in merged ranges
    /// are marked on the <see cref="SheetCell"/> for the row rules to report.
    /// </summary>
    public static IReadOnlyList<SheetRow> Read(Stream xlsx)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        using var buffer = new MemoryStream();
        if (!CopyAtMost(xlsx, buffer, MaxFileBytes))
        {
            throw FileTooLarge();
        }

        buffer.Position = 0;
        if (buffer.Length < 4 || buffer.ReadByte() != 'P' || buffer.ReadByte() != 'K')
        {
            throw Unreadable();
        }

        buffer.Position = 0;
        try
        {
            using var workbook = XlsxReader.Open(buffer);
            var rows = new List<SheetRow>();
            var headersChecked = false;
            var blankRows = 0;
            foreach (var row in workbook.ReadRows(SheetName))
            {
                if (!headersChecked)
                {
                    HeadersMustMatch(row.Number == 1 ? row : new XlsxRow(1, []));
                    headersChecked = true;
                    if (row.Number == 1)
                    {
                        continue;
                    }
                }

                var cells = Enumerable.Repeat(new SheetCell(""), Columns.Count).ToArray();
                foreach (var cell in row.Cells.Where(c => c.Column < Columns.Count))
                {
                    cells[cell.Column] = ToSheetCell(cell);
                }

                if (cells.All(c => c.IsEmpty) || row.Number <= 1)
                {
                    if (++blankRows > MaxBlankRows)
                    {
                        throw TooLarge();
                    }

                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    // Stop here: a sheet of a million rows is never read further than this.
                    throw TooLarge();
                }

                rows.Add(new SheetRow(row.Number, cells));
            }

            if (!headersChecked)
            {
                HeadersMustMatch(new XlsxRow(1, []));
            }

            MarkMergedCells(rows, workbook.MergedRanges);
            return rows.Count > 0
                ? rows
                : throw new InvalidInputException("import_empty", "文件中没有要导入的数据行", "The sheet holds no rows to import.");
        }
        catch (XlsxUnreadableException)
        {
            throw Unreadable();
        }
        catch (XlsxTooLargeException)
        {
            throw TooLarge();
        }
    }

    /// <summary>The template: sheet 导入模板 with the headers only, sheet 填写说明 explaining each column with an example row.</summary>
    public static byte[] Template()
    {
        using var output = new MemoryStream();
        using (var workbook = XlsxWriter.Create(output))
        {
            var lastRow = (MaxRows + 1).ToString(CultureInfo.InvariantCulture);
            var widths = new double[] { 28, 30, 8, 12, 8, 13, 22, 14, 12, 10 };
            using (var sheet = workbook.AddSheet(
                SheetName,
                [.. widths.Select((w, c) => new XlsxColumn(w, c == BirthDate ? XlsxStyle.Date : XlsxStyle.Text))],
                frozenRows: 1))
            {
                sheet.WriteRow([.. Columns.Select(c => new XlsxValue(c.Header, Style: c.Required ? XlsxStyle.RequiredHeader : XlsxStyle.Header))]);
                for (var c = 0; c < Columns.Count; c++)
                {
                    // The guide shows when a cell of the column is selected (comments would need a drawing part).
                    var column = XlsxSheetWriter.ColumnName(c);
                    IReadOnlyList<string>? choices = c switch
                    {
                        Gender => ["男", "女"],
                        Relation => HouseholdRelations.All,
                        PartyStatus => ["无", "在册", "在职"],
                        _ => null,
                    };
                    sheet.AddValidation(new XlsxValidation($"{column}1", Columns[c].Header, Columns[c].Guide));
                    sheet.AddValidation(new XlsxValidation($"{column}2:{column}{lastRow}", Columns[c].Header, Columns[c].Guide, choices));
                }
            }

            using var guide = workbook.AddSheet(GuideSheetName, [new(12), new(6, XlsxStyle.Wrapped), new(70, XlsxStyle.Wrapped), new(18), new(70, XlsxStyle.Wrapped)], frozenRows: 1);
            guide.WriteRow([.. ((string[])["列名", "必填", "填写说明", "Column", "Notes"]).Select(h => new XlsxValue(h, Style: XlsxStyle.Header))]);
            foreach (var column in Columns)
            {
                guide.WriteRow([column.Header, column.Required ? "是" : "否", column.Guide, column.HeaderEn, column.GuideEn]);
            }

            guide.WriteRow([]);
            guide.WriteRow([new XlsxValue("示例 Example（此行只作参考，不会被导入；请在“导入模板”工作表填写。For reference only: fill in the sheet 导入模板.）", Style: XlsxStyle.Header)]);
            guide.WriteRow([.. Columns.Select(c => new XlsxValue(c.Header, Style: XlsxStyle.Header))]);
            guide.WriteRow([.. Example.Select(v => new XlsxValue(v, Style: XlsxStyle.Text))]);
            guide.WriteRow([]);
            string[] notes =
            [
                "“导入模板”工作表只有表头：从第 2 行起每行一人。The sheet 导入模板 has the headers only: one resident per row from row 2.",
                $"每个文件最多 {MaxRows} 行、不超过 {MaxFileBytes / 1024 / 1024} MB，只接受 .xlsx 格式。At most {MaxRows} rows and {MaxFileBytes / 1024 / 1024} MB, .xlsx only.",
                "系统先检查全部行：只要有一处错误，整个文件都不导入，并列出每个有错的单元格。Every row is checked first; if any cell is wrong nothing is imported and every wrong cell is listed.",
                "请勿合并单元格，也不要填入公式的错误值（如 #N/A）；同一户的每个成员各占一行并分别填写。No merged cells and no error values (#N/A): each member of a household has a row of their own.",
                "请勿修改表头。Do not change the header row.",
            ];
            foreach (var note in notes)
            {
                guide.WriteRow([note]);
            }
        }

        return output.ToArray();
    }

    private static SheetCell ToSheetCell(XlsxCell cell) => cell.Kind switch
    {
        XlsxCellKind.Error => new SheetCell("", Error: cell.Text),
        XlsxCellKind.Date => new SheetCell(cell.Text, Date: cell.Date),
        XlsxCellKind.Number => new SheetCell(cell.Text, Number: cell.Number),
        // An error value typed or pasted into a text cell is no more a name or a phone than a computed one.
        _ when CellText.IsExcelError(cell.Text) => new SheetCell("", Error: CellText.Plain(cell.Text).ToUpperInvariant()),
        _ => new SheetCell(cell.Text),
    };

    /// <summary>Flags every cell of a data row that lies in a merged range: only the first cell of a merge holds a value.</summary>
    private static void MarkMergedCells(List<SheetRow> rows, IReadOnlyList<XlsxMergedRange> ranges)
    {
        var relevant = ranges.Where(r => r.LastRow >= 2 && r.FirstColumn <= Columns.Count).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            var cells = (SheetCell[])row.Cells;
            foreach (var range in relevant.Where(r => r.FirstRow <= row.Number && row.Number <= r.LastRow))
            {
                for (var c = range.FirstColumn - 1; c < Math.Min(range.LastColumn, Columns.Count); c++)
                {
                    cells[c] = cells[c] with { MergedRange = range.Reference };
                }
            }
        }
    }

    private static bool CopyAtMost(Stream source, MemoryStream target, long limit)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (target.Length + read > limit)
            {
                return false;
            }

            target.Write(chunk, 0, read);
        }

        return true;
    }

    private static void HeadersMustMatch(XlsxRow header)
    {
        for (var c = 0; c < Columns.Count; c++)
        {
            var text = header.Cells.FirstOrDefault(x => x.Column == c).Text;
            var found = CellText.Plain(text).TrimEnd('*', '＊').Trim();
            if (found != Columns[c].Header)
            {
                var expected = string.Join("、", Columns.Select(x => x.Header));
                throw new InvalidInputException(
                    "import_bad_headers",
                    $"表头与模板不符：第 {c + 1} 列应为“{Columns[c].Header}”，实为“{found}”。表头应依次为：{expected}",
                    $"The header row does not match the template: column {c + 1} should be \"{Columns[c].Header}\" ({Columns[c].HeaderEn}) but is \"{found}\".");
            }
        }
    }

    /// <summary>The file is larger than <see cref="MaxFileBytes"/> (413, the same answer the endpoint gives before reading it).</summary>
    public static DomainRuleException FileTooLarge() =>
        new("file_too_large",
            $"文件过大：导入文件不能超过 {MaxFileBytes / 1024 / 1024} MB",
            $"The file is too large: an import file is at most {MaxFileBytes / 1024 / 1024} MB.",
            RuleKind.TooLarge);

    private static InvalidInputException Unreadable() =>
        new("import_unreadable", "无法读取文件，请上传按模板填写的 .xlsx 文件", "The file cannot be read; upload an .xlsx file made from the template.");

    private static InvalidInputException TooLarge() =>
        new("import_too_large", $"文件行数过多：每个文件最多 {MaxRows} 行数据", $"The sheet has too many rows: at most {MaxRows} data rows per file.");
}
