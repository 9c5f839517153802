using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure.Spreadsheets;
using CommunityGrid.Tests.People;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>The streaming xlsx reader and writer on their own.</summary>
public class XlsxTests
{
    private static byte[] Write(params XlsxValue[][] rows)
    {
        using var output = new MemoryStream();
        using (var workbook = XlsxWriter.Create(output))
        using (var sheet = workbook.AddSheet("表", []))
        {
            foreach (var row in rows)
            {
                sheet.WriteRow(row);
            }
        }

        return output.ToArray();
    }

    [Fact]
    public void Text_that_xml_cannot_carry_and_dates_survive_a_round_trip()
    {
        var bytes = Write(["a\u0001b", "_x0041_", "张三 ", "😀"], [new XlsxValue(null, Date: new DateOnly(1980, 5, 1))]);
        using var workbook = XlsxReader.Open(new MemoryStream(bytes));
        var rows = workbook.ReadRows().ToList();
        rows[0].Cells.Select(c => c.Text).ShouldBe(["a\u0001b", "_x0041_", "张三 ", "😀"]);
        var date = rows[1].Cells.ShouldHaveSingleItem();
        date.Kind.ShouldBe(XlsxCellKind.Date);
        date.Date.ShouldBe(new DateTime(1980, 5, 1));
    }

    [Fact]
    public void Reading_stops_where_the_caller_stops_enumerating()
    {
        var bytes = ImportSheets.Huge(200_000);
        using var workbook = XlsxReader.Open(new MemoryStream(bytes));
        workbook.ReadRows().Take(3).Select(r => r.Number).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void An_error_value_typed_into_a_text_cell_is_read_as_an_error_not_as_text()
    {
        var headers = ImportSheet.Columns.Select(c => XlsxValue.FromString(c.Header)).ToArray();
        var row = ImportSheets.Row("150105001001001001010102", "1", "#N/A", "户主", new DateOnly(1980, 5, 1)).Select(XlsxValue.FromString).ToArray();
        row[ImportSheet.Phone] = " #div/0! ";
        var cells = ImportSheet.Read(new MemoryStream(Write(headers, row))).ShouldHaveSingleItem().Cells;
        cells[ImportSheet.Name].Error.ShouldBe("#N/A");
        cells[ImportSheet.Name].Text.ShouldBeEmpty();
        cells[ImportSheet.Phone].Error.ShouldBe("#DIV/0!");
    }

    [Fact]
    public void Bytes_that_are_a_zip_but_not_a_workbook_are_unreadable()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(archive.CreateEntry("hello.txt").Open()))
        {
            entry.Write("not a workbook");
        }

        Should.Throw<XlsxUnreadableException>(() => XlsxReader.Open(new MemoryStream(zip.ToArray())));
    }

    [Fact]
    public void A_row_with_more_cells_than_a_sheet_has_columns_is_too_large()
    {
        var row = Enumerable.Repeat(XlsxValue.FromString("x"), XlsxReader.MaxColumns + 1).ToArray();
        using var workbook = XlsxReader.Open(new MemoryStream(Write(row)));
        Should.Throw<XlsxTooLargeException>(() => workbook.ReadRows().ToList());
    }
}
