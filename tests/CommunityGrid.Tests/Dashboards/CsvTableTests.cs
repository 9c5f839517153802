using System.Text;
using CommunityGrid.Infrastructure.Spreadsheets;

namespace CommunityGrid.Tests.Dashboards;

public sealed class CsvTableTests
{
    [Fact]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe_and_typed_values_do_not()
    {
        var table = new CsvTable(["标题", "数量"]);
        table.Row([CsvTable.Text("=1+2"), CsvTable.Number(-3)]);
        table.Row([CsvTable.Text("+86 139"), CsvTable.Number(0.5)]);
        table.Row([CsvTable.Text("-减号"), CsvTable.Date(new DateOnly(2026, 12, 1))]);
        table.Row([CsvTable.Text("@SUM(A1)"), CsvTable.Text("普通,带逗号 \"引号\"")]);

        var bytes = table.ToBytes();
        bytes[..3].ShouldBe(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(bytes[3..]).ShouldBe(
            "标题,数量\r\n'=1+2,-3\r\n'+86 139,0.5\r\n'-减号,2026-12-01\r\n'@SUM(A1),\"普通,带逗号 \"\"引号\"\"\"\r\n");
    }
}
