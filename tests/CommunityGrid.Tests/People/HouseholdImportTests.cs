using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.People;

/// <summary>Excel import through the API, on a database of its own so counts before and after mean something.</summary>
public class HouseholdImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    // Houses of 仕奇社区 grid 1 (grid.shiqi.01's grid) and grid 2.
    private const string Grid1House = "150105001001001003020201";
    private const string Grid1OtherHouse = "150105001001001003020202";
    private const string Grid2House = "150105001001002002010201";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Form(byte[] bytes, string fileName = "居民.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private async Task<(int People, int Households)> CountAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.People.CountAsync(Ct), await db.Households.CountAsync(Ct));
    }

    private async Task<HttpResponseMessage> ImportAsync(string userName, byte[] bytes, string fileName = "居民.xlsx")
    {
        using var client = await app.ClientForAsync(userName);
        using var form = Form(bytes, fileName);
        return await client.PostAsync("/api/people/import", form, Ct);
    }

    [Fact]
    public async Task A_sheet_with_one_bad_row_writes_nothing_and_reports_that_row_and_column()
    {
        var before = await CountAsync();
        var birth = new DateOnly(1975, 3, 8);
        var sheet = ImportSheets.Build(
        [
            ImportSheets.Row(Grid1House, "1", "郝建军", "户主", birth, gender: "男", phone: "13900000001"),
            ImportSheets.Row(Grid1House, "1", "郝丽", "配偶", birth),
            ImportSheets.Row(Grid1House, "1", "郝小明", "子女", new DateOnly(2005, 1, 1), idNumber: "110101200501010011", gender: "男"),
            ImportSheets.Row(Grid1OtherHouse, "2", "韩梅", "户主", birth),
        ]);

        var problem = await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");

        var error = problem.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("row").GetInt32().ShouldBe(4);
        error.GetProperty("column").GetString().ShouldBe("身份证号");
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        error.GetProperty("messageEn").GetString().ShouldNotBeNullOrWhiteSpace();
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Every_bad_cell_of_the_sheet_is_listed_at_once()
    {
        var birth = new DateOnly(1990, 6, 1);
        var sheet = ImportSheets.Build(
        [
            ImportSheets.Row(Grid1House, "1", "", "户主", birth, gender: "未知"),
            ImportSheets.Row(Grid1House, "2", "孔亮", "配偶", birth, phone: "12345"),
        ]);

        var problem = await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");

        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()))
            .ShouldBe([(2, "姓名"), (2, "性别"), (3, "手机号"), (3, "与户主关系")]);
    }

    [Fact]
    public async Task A_good_sheet_imports_and_the_people_appear_in_the_list()
    {
        var before = await CountAsync();
        var birth = new DateOnly(1968, 9, 9);
        var sheet = ImportSheets.Build(
        [
            ImportSheets.Row(Grid1House, "A", "贺导入", "户主", birth, gender: "男", phone: "13900000002", party: "在册"),
            ImportSheets.Row(Grid1House, "A", "贺导入之妻", "配偶", birth),
            ImportSheets.Row(Grid1OtherHouse, "B", "贺导入邻居", "户主", birth),
        ]);

        var result = await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).JsonAsync();

        result.GetProperty("households").GetInt32().ShouldBe(2);
        result.GetProperty("people").GetInt32().ShouldBe(3);
        (await CountAsync()).ShouldBe((before.People + 3, before.Households + 2));

        using var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var page = await (await worker.GetAsync("/api/people?name=" + Uri.EscapeDataString("贺导入"), Ct)).JsonAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("name").GetString()).ShouldBe(["贺导入", "贺导入之妻", "贺导入邻居"], ignoreOrder: true);
        var head = items.Single(i => i.GetProperty("name").GetString() == "贺导入");
        head.GetProperty("partyStatus").GetString().ShouldBe("OnRoll");
        head.GetProperty("address").GetString().ShouldBe("仕奇社区3号楼2单元201室");
        head.GetProperty("idNumber").GetString()!.ShouldContain("********");

        var household = await (await worker.GetAsync($"/api/households/{head.GetProperty("householdId").GetGuid()}", Ct)).JsonAsync();
        household.GetProperty("headPersonId").GetGuid().ShouldBe(head.GetProperty("id").GetGuid());
        household.GetProperty("members").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task An_id_number_already_registered_is_refused()
    {
        var birth = new DateOnly(1982, 2, 2);
        var idNumber = ImportSheets.NewIdNumber(birth);
        (await ImportAsync(DemoUsers.GridChiefShiqi1, ImportSheets.Build([ImportSheets.Row(Grid1House, "1", "first", "户主", birth, idNumber)]))).EnsureSuccessStatusCode();

        var again = await (await ImportAsync(DemoUsers.GridChiefShiqi1, ImportSheets.Build([ImportSheets.Row(Grid1House, "1", "second", "户主", birth, idNumber)])))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");
        again.GetProperty("errors")[0].GetProperty("column").GetString().ShouldBe("身份证号");
    }

    [Fact]
    public async Task A_sheet_with_houses_outside_the_callers_scope_is_refused()
    {
        var before = await CountAsync();
        var birth = new DateOnly(1988, 8, 8);
        var sheet = ImportSheets.Build(
        [
            ImportSheets.Row(Grid1House, "1", "范围内", "户主", birth),
            ImportSheets.Row(Grid2House, "2", "范围外", "户主", birth),
            ImportSheets.Row("150102001001001001010101", "3", "别的区", "户主", birth),
        ]);

        var problem = await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");

        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()))
            .ShouldBe([(3, "房屋编码"), (4, "房屋编码")]);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_code_that_is_not_a_house_is_refused_on_its_cell()
    {
        var sheet = ImportSheets.Build([ImportSheets.Row("150105001001001001010199", "1", "无此户", "户主", new DateOnly(1970, 1, 1))]);
        var problem = await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_invalid");
        problem.GetProperty("errors")[0].GetProperty("column").GetString().ShouldBe("房屋编码");
    }

    [Fact]
    public async Task A_file_that_is_not_an_xlsx_is_unreadable()
    {
        await (await ImportAsync(DemoUsers.GridChiefShiqi1, "房屋编码,姓名\n1,张三"u8.ToArray(), "居民.csv")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_unreadable");
    }

    [Fact]
    public async Task A_sheet_with_other_headers_is_refused()
    {
        string[] headers = ["编码", "地址", "户号", "姓名", "性别", "出生日期", "身份证号", "手机号", "关系", "党员"];
        var sheet = ImportSheets.Build([ImportSheets.Row(Grid1House, "1", "张三", "户主", new DateOnly(1970, 1, 1))], headers);
        await (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "import_bad_headers");
    }

    [Theory]
    [InlineData(DemoUsers.ResidentShiqi1)]
    [InlineData(DemoUsers.PartyMemberShiqi1)]
    public async Task Callers_who_do_not_register_residents_get_404(string userName)
    {
        var sheet = ImportSheets.Build([ImportSheets.Row(Grid1House, "1", "张三", "户主", new DateOnly(1970, 1, 1))]);
        await (await ImportAsync(userName, sheet)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_building_head_cannot_import_even_into_the_own_building()
    {
        var sheet = ImportSheets.Build([ImportSheets.Row("150105001001001001010201", "1", "张三", "户主", new DateOnly(1970, 1, 1))]);
        await (await ImportAsync(DemoUsers.BuildingHeadShiqi1, sheet)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_street_admin_imports_anywhere_in_the_street()
    {
        var birth = new DateOnly(1959, 4, 4);
        var sheet = ImportSheets.Build(
        [
            ImportSheets.Row(Grid2House, "1", "街道导入甲", "户主", birth),
            ImportSheets.Row("150105001002001001010101", "2", "街道导入乙", "户主", birth),
        ]);
        var result = await (await ImportAsync(DemoUsers.StreetAdminRenminlu, sheet)).JsonAsync();
        result.GetProperty("people").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task The_import_writes_the_audit_log_for_each_new_row()
    {
        var birth = new DateOnly(1991, 1, 1);
        var sheet = ImportSheets.Build([ImportSheets.Row(Grid1House, "1", "审计导入", "户主", birth)]);
        (await ImportAsync(DemoUsers.GridChiefShiqi1, sheet)).EnsureSuccessStatusCode();

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Name == "审计导入", Ct);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == "Person" && a.EntityId == person.Id.ToString(), Ct);
        entry.UserName.ShouldBe(DemoUsers.GridChiefShiqi1);
        entry.Action.ShouldBe("Added");
        JsonDocument.Parse(entry.After!).RootElement.GetProperty("Name").GetString().ShouldBe("审计导入");
    }
}
