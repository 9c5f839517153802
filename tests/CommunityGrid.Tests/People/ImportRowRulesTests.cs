using ClosedXML.Excel;
using CommunityGrid.Features.People;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.People;

public class ImportRowRulesTests
{
    private const string House = "150105001001001001010101";
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly DateOnly Birth = new(1980, 5, 1);

    private static SheetRow Row(int number, params string[] cells) => new(number, [.. cells.Select(c => new SheetCell(c))]);

    private static SheetRow Good(int number = 2, string key = "1", string relation = "户主", string? id = null) =>
        Row(number, ImportSheets.Row(House, key, "张三", relation, Birth, id));

    private static (ImportRow Row, List<ImportError> Errors) Check(SheetRow row)
    {
        var errors = new List<ImportError>();
        return (HouseholdImport.CheckRow(row, Today, errors), errors);
    }

    [Fact]
    public void A_well_filled_row_passes_and_is_read_into_its_values()
    {
        var id = ImportSheets.NewIdNumber(Birth);
        var (row, errors) = Check(Row(2, House, "", "A-1", " 张三 ", "男", "1980-05-01", id.ToLowerInvariant(), "13800000000", "户主", "在职"));
        errors.ShouldBeEmpty();
        row.HouseCode.ShouldBe(House);
        row.Name.ShouldBe("张三");
        row.Gender.ShouldBe(Gender.Male);
        row.BirthDate.ShouldBe(Birth);
        row.IdNumber.ShouldBe(id);
        row.Phone.ShouldBe("13800000000");
        row.PartyStatus.ShouldBe(PartyStatus.InService);
        row.Address.ShouldBeNull();
    }

    [Fact]
    public void An_empty_birth_date_is_taken_from_the_id_number_and_an_empty_party_status_is_none()
    {
        var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth);
        cells[ImportSheet.BirthDate] = "";
        cells[ImportSheet.PartyStatus] = "";
        var (row, errors) = Check(Row(2, cells));
        errors.ShouldBeEmpty();
        row.BirthDate.ShouldBe(Birth);
        row.PartyStatus.ShouldBe(PartyStatus.None);
    }

    [Fact]
    public void A_birth_date_held_as_an_excel_date_or_serial_number_is_read()
    {
        var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth).Select(c => new SheetCell(c)).ToArray();
        cells[ImportSheet.BirthDate] = new SheetCell("", Date: new DateTime(1980, 5, 1));
        Check(new SheetRow(2, cells)).Errors.ShouldBeEmpty();
        cells[ImportSheet.BirthDate] = new SheetCell("29342", Number: 29342);
        var (row, errors) = Check(new SheetRow(2, cells));
        errors.ShouldBeEmpty();
        row.BirthDate.ShouldBe(Birth);
    }

    [Theory]
    [InlineData(ImportSheet.HouseCode, "15010500100100100101010", "房屋编码")]
    [InlineData(ImportSheet.HouseCode, "", "房屋编码")]
    [InlineData(ImportSheet.HouseholdKey, "", "户号")]
    [InlineData(ImportSheet.Name, "", "姓名")]
    [InlineData(ImportSheet.Gender, "M", "性别")]
    [InlineData(ImportSheet.BirthDate, "1980/13/01", "出生日期")]
    [InlineData(ImportSheet.BirthDate, "1980-05-02", "出生日期")]
    [InlineData(ImportSheet.BirthDate, "2030-01-01", "出生日期")]
    [InlineData(ImportSheet.IdNumber, "110101198005010011", "身份证号")]
    [InlineData(ImportSheet.IdNumber, "11010119800501001", "身份证号")]
    [InlineData(ImportSheet.IdNumber, "", "身份证号")]
    [InlineData(ImportSheet.Phone, "23800000000", "手机号")]
    [InlineData(ImportSheet.Phone, "1380000000", "手机号")]
    [InlineData(ImportSheet.Relation, "兄弟", "与户主关系")]
    [InlineData(ImportSheet.PartyStatus, "预备党员", "党员身份")]
    public void A_wrong_cell_is_reported_with_its_row_and_column(int column, string value, string header)
    {
        var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth, idNumber: IdNumbers.WithCheckDigit("11010119800501001"));
        cells[column] = value;
        var (_, errors) = Check(Row(7, cells));
        errors.ShouldHaveSingleItem();
        errors[0].Row.ShouldBe(7);
        errors[0].Column.ShouldBe(header);
        errors[0].Message.ShouldNotBeNullOrWhiteSpace();
        errors[0].MessageEn.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_long_number_that_excel_stored_as_a_number_is_refused_with_a_hint_to_use_text()
    {
        var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth).Select(c => new SheetCell(c)).ToArray();
        cells[ImportSheet.IdNumber] = new SheetCell("110101198005010000", Number: 110101198005010011d);
        var (_, errors) = Check(new SheetRow(2, cells));
        errors.ShouldHaveSingleItem().Message.ShouldContain("文本格式");
    }

    [Fact]
    public void Every_household_has_exactly_one_head()
    {
        var rows = new[]
        {
            Good(2, "1", "户主"), Good(3, "1", "户主"),
            Good(4, "2", "配偶"), Good(5, "2", "子女"),
            Good(6, "3", "户主"), Good(7, "3", "子女"),
        }.Select(r => Check(r).Row).ToList();
        var errors = new List<ImportError>();
        HouseholdImport.CheckSheet(rows, errors);
        errors.Select(e => (e.Row, e.Column)).ShouldBe([(3, "与户主关系"), (4, "与户主关系")], ignoreOrder: true);
    }

    [Fact]
    public void An_id_number_may_appear_only_once_in_the_sheet()
    {
        var id = ImportSheets.NewIdNumber(Birth);
        var rows = new[] { Good(2, "1", "户主", id), Good(3, "2", "户主"), Good(4, "3", "户主", id) }.Select(r => Check(r).Row).ToList();
        var errors = new List<ImportError>();
        HouseholdImport.CheckSheet(rows, errors);
        var error = errors.ShouldHaveSingleItem();
        error.Row.ShouldBe(4);
        error.Column.ShouldBe("身份证号");
        error.Message.ShouldContain("第 2 行");
    }

    [Fact]
    public void Members_of_one_household_share_one_house()
    {
        var other = ImportSheets.Row("150105001001001001010102", "1", "李四", "配偶", Birth);
        var rows = new[] { Good(2, "1", "户主"), Row(3, other) }.Select(r => Check(r).Row).ToList();
        var errors = new List<ImportError>();
        HouseholdImport.CheckSheet(rows, errors);
        errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Row.ShouldBe(3), e => e.Column.ShouldBe("房屋编码"));
    }

    [Fact]
    public void The_template_has_documented_headers_and_an_example_row_that_passes_the_row_rules()
    {
        var bytes = HouseholdImport.Template();
        using (var workbook = new XLWorkbook(new MemoryStream(bytes)))
        {
            workbook.Worksheets.Select(w => w.Name).ShouldBe([ImportSheet.SheetName, ImportSheet.GuideSheetName]);
            var guide = workbook.Worksheet(ImportSheet.GuideSheetName);
            for (var i = 0; i < ImportSheet.Columns.Count; i++)
            {
                guide.Cell(i + 2, 1).GetString().ShouldBe(ImportSheet.Columns[i].Header);
                guide.Cell(i + 2, 3).GetString().ShouldNotBeNullOrWhiteSpace();
            }
        }

        var rows = ImportSheet.Read(new MemoryStream(bytes));
        var (row, errors) = Check(rows.ShouldHaveSingleItem());
        errors.ShouldBeEmpty();
        row.HouseCode.ShouldBe("150105001001001001010101");
        row.BirthDate.ShouldBe(new DateOnly(1980, 5, 1));
    }

    [Fact]
    public void Bytes_that_are_not_a_workbook_are_unreadable()
    {
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream("姓名,性别\n张三,男"u8.ToArray()))).Code.ShouldBe("import_unreadable");
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]))).Code.ShouldBe("import_unreadable");
    }

    [Fact]
    public void A_sheet_whose_headers_differ_from_the_template_is_refused()
    {
        var headers = ImportSheet.Columns.Select(c => c.Header).ToList();
        headers[3] = "名字";
        var bytes = ImportSheets.Build([ImportSheets.Row(House, "1", "张三", "户主", Birth)], headers);
        var error = Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream(bytes)));
        error.Code.ShouldBe("import_bad_headers");
        error.Message.ShouldContain("姓名");
    }

    [Fact]
    public void Blank_rows_are_skipped_and_a_sheet_without_data_rows_is_refused()
    {
        var bytes = ImportSheets.Build([ImportSheets.Row(House, "1", "张三", "户主", Birth), new string[10], ImportSheets.Row(House, "1", "李四", "配偶", Birth)]);
        ImportSheet.Read(new MemoryStream(bytes)).Select(r => r.Number).ShouldBe([2, 4]);
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream(ImportSheets.Build([])))).Code.ShouldBe("import_empty");
    }

    [Fact]
    public void A_sheet_with_more_rows_than_the_limit_is_refused()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(ImportSheet.SheetName);
        for (var c = 0; c < ImportSheet.Columns.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = ImportSheet.Columns[c].Header;
        }

        // A row counts as soon as one cell is filled.
        for (var r = 2; r <= ImportSheet.MaxRows + 2; r++)
        {
            sheet.Cell(r, ImportSheet.Name + 1).Value = "张三";
        }

        using var bytes = new MemoryStream();
        workbook.SaveAs(bytes);
        bytes.Position = 0;
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(bytes)).Code.ShouldBe("import_too_large");
    }
}
