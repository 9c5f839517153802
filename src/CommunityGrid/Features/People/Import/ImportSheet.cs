using System.Globalization;
using ClosedXML.Excel;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.People.Import;

/// <summary>One column of the import sheet, as the template documents it.</summary>
public sealed record ImportColumn(string Header, string HeaderEn, bool Required, string Guide, string GuideEn);

/// <summary>A cell as read: its text, and the date or number Excel holds when it holds one.</summary>
public readonly record struct SheetCell(string Text, DateTime? Date = null, double? Number = null)
{
    public bool IsEmpty => Text.Length == 0 && Date is null && Number is null;
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
    /// Reads the data rows (blank rows skipped). Throws <c>import_unreadable</c> when the bytes are not an
    /// .xlsx workbook, <c>import_bad_headers</c> when the first row is not the template's, and
    /// <c>import_too_large</c> / <c>import_empty</c> for the row count.
    /// </summary>
    public static IReadOnlyList<SheetRow> Read(Stream xlsx)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        using var buffer = new MemoryStream();
        xlsx.CopyTo(buffer);
        if (buffer.Length > MaxFileBytes)
        {
            throw TooLarge();
        }

        buffer.Position = 0;
        if (buffer.Length < 4 || buffer.ReadByte() != 'P' || buffer.ReadByte() != 'K')
        {
            throw Unreadable();
        }

        buffer.Position = 0;
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(buffer);
        }
#pragma warning disable CA1031 // Whatever the parser throws on a damaged or foreign file means the same to the caller: unreadable.
        catch (Exception)
#pragma warning restore CA1031
        {
            throw Unreadable();
        }

        using (workbook)
        {
            var sheet = workbook.Worksheets.TryGetWorksheet(SheetName, out var named) ? named : workbook.Worksheets.FirstOrDefault();
            if (sheet is null)
            {
                throw Unreadable();
            }

            HeadersMustMatch(sheet);
            var rows = new List<SheetRow>();
            foreach (var row in sheet.RowsUsed(r => r.RowNumber() > 1))
            {
                var cells = Enumerable.Repeat(new SheetCell(""), Columns.Count).ToArray();
                foreach (var cell in row.CellsUsed(c => c.Address.ColumnNumber <= Columns.Count))
                {
                    cells[cell.Address.ColumnNumber - 1] = ReadCell(cell);
                }

                if (cells.All(c => c.IsEmpty))
                {
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    throw TooLarge();
                }

                rows.Add(new SheetRow(row.RowNumber(), cells));
            }

            return rows.Count > 0
                ? rows
                : throw new InvalidInputException("import_empty", "文件中没有要导入的数据行", "The sheet holds no rows to import.");
        }
    }

    /// <summary>The template: sheet 导入模板 with the headers and one example row, sheet 填写说明 explaining each column.</summary>
    public static byte[] Template(DateOnly exampleBirthDate)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(SheetName);
        for (var c = 0; c < Columns.Count; c++)
        {
            var header = sheet.Cell(1, c + 1);
            header.Value = Columns[c].Header;
            header.Style.Font.Bold = true;
            header.Style.Fill.BackgroundColor = XLColor.FromHtml("#F2F2F2");
            if (Columns[c].Required)
            {
                header.Style.Font.FontColor = XLColor.FromHtml("#C00000");
            }

            header.Comment.AddText(Columns[c].Guide);
            // Long digit strings lose digits as numbers: these columns are text.
            if (c is not BirthDate)
            {
                sheet.Column(c + 1).Style.NumberFormat.Format = "@";
            }
        }

        sheet.Column(BirthDate + 1).Style.NumberFormat.Format = "yyyy-mm-dd";
        var idNumber = IdNumbers.WithCheckDigit("150105" + exampleBirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "001");
        string[] example = ["150105001001001001010101", "", "1", "张三", "男", "", idNumber, "13800000000", HouseholdRelations.Head, "无"];
        for (var c = 0; c < example.Length; c++)
        {
            var cell = sheet.Cell(2, c + 1);
            if (c == BirthDate)
            {
                cell.Value = exampleBirthDate.ToDateTime(TimeOnly.MinValue);
                cell.Style.NumberFormat.Format = "yyyy-mm-dd";
            }
            else
            {
                cell.Value = example[c];
                cell.DataType = XLDataType.Text;
            }
        }

        sheet.SheetView.FreezeRows(1);
        sheet.Columns(1, Columns.Count).AdjustToContents();
        sheet.Column(HouseCode + 1).Width = 28;
        sheet.Column(IdNumber + 1).Width = 22;

        var guide = workbook.AddWorksheet(GuideSheetName);
        string[] heads = ["列名", "必填", "填写说明", "Column", "Notes"];
        for (var c = 0; c < heads.Length; c++)
        {
            guide.Cell(1, c + 1).Value = heads[c];
            guide.Cell(1, c + 1).Style.Font.Bold = true;
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            guide.Cell(i + 2, 1).Value = column.Header;
            guide.Cell(i + 2, 2).Value = column.Required ? "是" : "否";
            guide.Cell(i + 2, 3).Value = column.Guide;
            guide.Cell(i + 2, 4).Value = column.HeaderEn;
            guide.Cell(i + 2, 5).Value = column.GuideEn;
        }

        string[] notes =
        [
            "“导入模板”第 2 行是示例，导入前请删除或改写。The second row of 导入模板 is an example: delete or overwrite it.",
            $"每个文件最多 {MaxRows} 行、不超过 5 MB，只接受 .xlsx 格式。At most {MaxRows} rows and 5 MB, .xlsx only.",
            "系统先检查全部行：只要有一处错误，整个文件都不导入，并列出每个有错的单元格。Every row is checked first; if any cell is wrong nothing is imported and every wrong cell is listed.",
            "请勿修改表头。Do not change the header row.",
        ];
        var noteRow = Columns.Count + 3;
        foreach (var note in notes)
        {
            guide.Cell(noteRow++, 1).Value = note;
        }

        guide.Columns(1, 2).AdjustToContents();
        guide.Column(3).Width = 70;
        guide.Column(4).AdjustToContents();
        guide.Column(5).Width = 70;
        guide.Columns(3, 5).Style.Alignment.WrapText = true;
        guide.Range(2, 1, Columns.Count + 1, 5).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    private static void HeadersMustMatch(IXLWorksheet sheet)
    {
        for (var c = 0; c < Columns.Count; c++)
        {
            var found = sheet.Cell(1, c + 1).GetString().Trim().TrimEnd('*', '＊').Trim();
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

    private static SheetCell ReadCell(IXLCell cell)
    {
        if (cell.IsEmpty())
        {
            return new SheetCell("");
        }

        return cell.DataType switch
        {
            XLDataType.DateTime => new SheetCell(cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Date: cell.GetDateTime()),
            XLDataType.Number => new SheetCell(cell.GetDouble().ToString("0.###############", CultureInfo.InvariantCulture), Number: cell.GetDouble()),
            _ => new SheetCell(cell.GetFormattedString().Trim()),
        };
    }

    private static InvalidInputException Unreadable() =>
        new("import_unreadable", "无法读取文件，请上传按模板填写的 .xlsx 文件", "The file cannot be read; upload an .xlsx file made from the template.");

    private static InvalidInputException TooLarge() =>
        new("import_too_large", $"文件过大：最多 {MaxRows} 行、不超过 5 MB", $"The file is too large: at most {MaxRows} rows and 5 MB.");
}
