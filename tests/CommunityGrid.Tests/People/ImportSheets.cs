using CommunityGrid.Features.People;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure.Spreadsheets;

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
        headers ??= [.. ImportSheet.Columns.Select(c => c.Header)];
        using var output = new MemoryStream();
        using (var workbook = XlsxWriter.Create(output))
        using (var sheet = workbook.AddSheet(ImportSheet.SheetName, []))
        {
            sheet.WriteRow([.. headers.Select(XlsxValue.FromString)]);
            foreach (var row in rows)
            {
                // Text cells, as in the template: long codes stay digits, "1980-05-01" stays text.
                sheet.WriteRow([.. row.Select(v => new XlsxValue(v, Style: XlsxStyle.Text))]);
            }
        }

        return output.ToArray();
    }

    /// <summary>
    /// A sheet of <paramref name="rows"/> rows (Excel's maximum is 1,048,576) written by the streaming writer: one
    /// name per row, or blank rows that exist only in the file. Small on disk, since the rows repeat.
    /// </summary>
    public static byte[] Huge(int rows, bool blank = false)
    {
        using var output = new MemoryStream();
        using (var workbook = XlsxWriter.Create(output))
        using (var sheet = workbook.AddSheet(ImportSheet.SheetName, []))
        {
            sheet.WriteRow([.. ImportSheet.Columns.Select(c => XlsxValue.FromString(c.Header))]);
            XlsxValue[] row = blank ? [] : ["", "", "", "张"];
            for (var r = 2; r <= rows; r++)
            {
                sheet.WriteRow(row);
            }
        }

        return output.ToArray();
    }
}
