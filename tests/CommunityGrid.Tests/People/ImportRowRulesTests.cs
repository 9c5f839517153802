using CommunityGrid.Features.People;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure;
using CommunityGrid.Infrastructure.Spreadsheets;

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
    public void The_template_has_documented_headers_and_no_data_row_and_its_example_passes_the_row_rules()
    {
        var bytes = HouseholdImport.Template();
        using (var workbook = XlsxReader.Open(new MemoryStream(bytes)))
        {
            workbook.SheetNames.ShouldBe([ImportSheet.SheetName, ImportSheet.GuideSheetName]);
            var header = workbook.ReadRows(ImportSheet.SheetName).ShouldHaveSingleItem();
            header.Cells.Select(c => c.Text).ShouldBe(ImportSheet.Columns.Select(c => c.Header));
            var guide = workbook.ReadRows(ImportSheet.GuideSheetName).ToDictionary(r => r.Number);
            for (var i = 0; i < ImportSheet.Columns.Count; i++)
            {
                guide[i + 2].Cells[0].Text.ShouldBe(ImportSheet.Columns[i].Header);
                guide[i + 2].Cells[2].Text.ShouldNotBeNullOrWhiteSpace();
            }

            guide.Values.ShouldContain(r => Enumerable.Range(0, ImportSheet.Columns.Count).Select(c => r.Cells.FirstOrDefault(x => x.Column == c).Text ?? "").SequenceEqual(ImportSheet.Example));
        }

        // The example sits on the guide sheet, so the template as downloaded imports nothing.
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(new MemoryStream(bytes))).Code.ShouldBe("import_empty");
        var (row, errors) = Check(Row(2, [.. ImportSheet.Example.Select((v, c) => c == ImportSheet.HouseCode ? "150105001001001001010102" : v)]));
        errors.ShouldBeEmpty();
        row.BirthDate.ShouldBe(new DateOnly(1980, 5, 1));
    }

    [Fact]
    public void A_row_that_still_carries_the_templates_example_is_reported_and_never_imported()
    {
        var (row, errors) = Check(Row(2, [.. ImportSheet.Example]));
        errors.ShouldHaveSingleItem().Message.ShouldContain("示例行");
        row.HouseCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("#N/A")]
    [InlineData("#DIV/0!")]
    [InlineData("#REF!")]
    [InlineData("#VALUE!")]
    [InlineData("#NAME?")]
    [InlineData("#NUM!")]
    [InlineData("#NULL!")]
    public void An_excel_error_value_in_any_cell_is_reported_never_imported_nor_dropped(string error)
    {
        for (var column = 0; column < ImportSheet.Columns.Count; column++)
        {
            var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth).Select(c => new SheetCell(c)).ToArray();
            cells[column] = new SheetCell("", Error: error);
            var (_, errors) = Check(new SheetRow(5, cells));
            var only = errors.ShouldHaveSingleItem();
            only.Column.ShouldBe(ImportSheet.Columns[column].Header);
            only.Message.ShouldContain(error);
        }
    }

    [Fact]
    public void Cells_in_a_merged_range_are_reported_as_merged_not_as_missing()
    {
        var cells = ImportSheets.Row(House, "1", "张三", "户主", Birth).Select(c => new SheetCell(c)).ToArray();
        cells[ImportSheet.HouseCode] = new SheetCell("", MergedRange: "A2:A3");
        var error = Check(new SheetRow(3, cells)).Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain("合并单元格");
        error.Message.ShouldContain("A2:A3");
    }

    [Fact]
    public void Full_width_digits_spaces_and_invisible_characters_are_normalised_before_the_rules()
    {
        static string Wide(string s) => new([.. s.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c == 'X' ? 'Ｘ' : c)]);
        var id = ImportSheets.NewIdNumber(Birth);
        var (row, errors) = Check(Row(2, Wide(House), "", "１", "\u200B张\u200D三\uFEFF", "男", "１９８０／０５／０１", Wide(id), "+86 139-1111 2222", "户主\u200B", "在职"));
        errors.ShouldBeEmpty();
        row.HouseCode.ShouldBe(House);
        row.HouseholdKey.ShouldBe("1");
        row.Name.ShouldBe("张三");
        row.IdNumber.ShouldBe(id);
        row.Phone.ShouldBe("13911112222");
        row.BirthDate.ShouldBe(Birth);
    }

    [Fact]
    public void A_name_of_invisible_characters_only_is_missing()
    {
        var cells = ImportSheets.Row(House, "1", "\u200B\u3000\u200C", "户主", Birth);
        Check(Row(2, cells)).Errors.ShouldHaveSingleItem().Column.ShouldBe("姓名");
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
        using var bytes = new MemoryStream();
        using (var workbook = XlsxWriter.Create(bytes))
        using (var sheet = workbook.AddSheet(ImportSheet.SheetName, []))
        {
            sheet.WriteRow([.. ImportSheet.Columns.Select(c => XlsxValue.FromString(c.Header))]);

            // A row counts as soon as one cell is filled.
            for (var r = 2; r <= ImportSheet.MaxRows + 2; r++)
            {
                sheet.WriteRow(["", "", "", "张三"]);
            }
        }

        bytes.Position = 0;
        Should.Throw<InvalidInputException>(() => ImportSheet.Read(bytes)).Code.ShouldBe("import_too_large");
    }
}
