using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure.Spreadsheets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>Registry staff: the residents list (masked), a resident's detail, the Excel import.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RegistryJourneys(BrowserApp app)
{
    private const string ShiqiGrid1 = "150105001001001";

    [Fact]
    public async Task A_grid_chief_lists_their_residents_masked_and_opens_one_unmasked()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);
        await page.Locator("section.card.wide").GetByRole(AriaRole.Link, new() { Name = "居民名单" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/people\\?area={ShiqiGrid1}$"));
        var rows = page.Locator("table.people tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        (await rows.CountAsync()).ShouldBeGreaterThan(1);
        var phones = await page.Locator("table.people td.phone").AllInnerTextsAsync();
        phones.Where(p => p.Length > 0).ShouldAllBe(p => MaskedPhone().IsMatch(p));
        await page.ScreenshotAsync("grid-chief-residents.phone");

        await rows.First.Locator("a").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/people/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("dd.id-number")).ToHaveTextAsync(FullIdNumber());
        await Assertions.Expect(page.Locator("section.card").First).ToContainTextAsync("本次查看已记录");
        await page.ScreenshotAsync("grid-chief-resident-detail.phone");
    }

    [Fact]
    public async Task A_grid_chief_cannot_list_a_neighbouring_grid()
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);

        var response = await page.GotoAsync("/people?area=150105001001002");

        response!.Status.ShouldBe(404);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "页面不存在" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_import_page_reports_each_bad_row_with_its_column_and_Chinese_reason_and_imports_nothing()
    {
        var house = await HouseInAsync(ShiqiGrid1);
        var file = Sheet(house, "1", "测试户主", "男", "15010519500101777" + BadCheckDigit("15010519500101777"));
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(DemoUsers.GridChiefShiqi1);
        await page.GotoAsync("/people/import");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载导入模板" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "居民.xlsx", MimeType = ImportEndpoints.XlsxContentType, Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        var errors = page.Locator(".import-errors");
        await Assertions.Expect(errors.GetByRole(AriaRole.Alert)).ToContainTextAsync("未导入任何数据");
        var cells = errors.Locator("tbody tr").First.Locator("td");
        await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync("2");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("身份证号");
        await Assertions.Expect(cells.Nth(2)).ToContainTextAsync("身份证");
        await page.ScreenshotAsync("grid-chief-import-bad-row.phone");
    }

    [Fact]
    public async Task The_import_page_shows_the_counts_of_a_good_file()
    {
        var house = await HouseInAsync(ShiqiGrid1, skip: 1);
        var file = Sheet(house, "1", "导入测试", "女", IdNumbers.WithCheckDigit("15010519620304888"));
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        await page.GotoAsync("/people/import");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "居民.xlsx", MimeType = ImportEndpoints.XlsxContentType, Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并导入" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("导入成功：1 户，1 人。");
        await page.ScreenshotAsync("community-admin-import-done.desktop");
    }

    /// <summary>A house of the grid with nobody registered yet, so the import has no clash with the demo.</summary>
    private async Task<string> HouseInAsync(string gridCode, int skip = 0)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var grid = await db.Areas.AsNoTracking().SingleAsync(a => a.Code == gridCode);
        var houses = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.House && a.Path.StartsWith(grid.Path))
            .Where(a => !db.Households.Any(h => h.HouseId == a.Id)).OrderBy(a => a.Code).Select(a => a.Code).ToListAsync();
        return houses[houses.Count - 1 - skip];
    }

    private static byte[] Sheet(string houseCode, string householdKey, string name, string gender, string idNumber)
    {
        using var output = new MemoryStream();
        using (var workbook = XlsxWriter.Create(output))
        using (var sheet = workbook.AddSheet(ImportSheet.SheetName, []))
        {
            sheet.WriteRow([.. ImportSheet.Columns.Select(c => XlsxValue.FromString(c.Header))]);
            string[] values = [houseCode, "", householdKey, name, gender, "", idNumber, "", HouseholdRelations.Head, ""];
            sheet.WriteRow([.. values.Select(v => new XlsxValue(v, Style: XlsxStyle.Text))]);
        }

        return output.ToArray();
    }

    private static string BadCheckDigit(string first17)
    {
        var good = IdNumbers.WithCheckDigit(first17)[^1];
        return good == '0' ? "1" : "0";
    }

    [GeneratedRegex(@"^\d{3}\*{4}\d{4}$")]
    private static partial Regex MaskedPhone();

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex FullIdNumber();
}
