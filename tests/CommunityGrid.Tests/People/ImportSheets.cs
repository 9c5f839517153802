using ClosedXML.Excel;
using CommunityGrid.Features.People;
using CommunityGrid.Features.People.Import;

namespace CommunityGrid.Tests.People;

/// <summary>Builds import workbooks the way a person fills in the template: text cells under the template's headers.</summary>
internal static class ImportSheets
{
    private static int sequence;

    /// <summary>A valid ID number no demo resident has (the demo uses Hohhot district codes).</summary>
    public static string NewIdNumber(DateOnly birth)
    {
        var n = Interlocked.Increment(ref sequence) % 1000;
        return IdNumbers.WithCheckDigit($"110101{birth:yyyyMMdd}{n:000}");
    }

    /// <summary>One row in column order: 房屋编码, 户地址, 户号, 姓名, 性别, 出生日期, 身份证号, 手机号, 与户主关系, 党员身份.</summary>
    public static string[] Row(string houseCode, string key, string name, string relation, DateOnly birth, string? idNumber = null, string gender = "女", string phone = "", string party = "无") =>
        [houseCode, "", key, name, gender, birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), idNumber ?? NewIdNumber(birth), phone, relation, party];

    public static byte[] Build(IEnumerable<string[]> rows, IReadOnlyList<string>? headers = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(ImportSheet.SheetName);
        headers ??= [.. ImportSheet.Columns.Select(c => c.Header)];
        for (var c = 0; c < headers.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
        }

        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                // Text format first, as in the template: otherwise ClosedXML turns "1980-05-01" into a date and long codes into numbers.
                cell.Style.NumberFormat.Format = "@";
                cell.Value = row[c];
            }

            r++;
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
