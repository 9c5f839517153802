using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Areas;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.People;

namespace CommunityGrid.Tests.Auditing;

/// <summary>The page (and API) on which admins review who read whose sensitive data, cut to the areas they administer.</summary>
public sealed class SensitiveReadReviewTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Grid1House = "150105001001001001010201";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A resident registered in 仕奇社区 grid 1 whose record the community admin then opens unmasked.</summary>
    private async Task<Guid> ReadOneUnmaskedAsync(string name)
    {
        var birth = new DateOnly(1975, 5, 6);
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        var created = await (await worker.PostAsJsonAsync("/api/people",
            new { houseCode = Grid1House, name, gender = "Female", birthDate = birth, idNumber = ImportSheets.NewIdNumber(birth), phone = "13655556666", partyStatus = "None" }, Ct))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var admin = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        (await (await admin.GetAsync($"/api/people/{id}", Ct)).JsonAsync()).GetProperty("masked").GetBoolean().ShouldBeFalse();
        return id;
    }

    [Theory]
    [InlineData(DemoUsers.CommunityAdminShiqi)]
    [InlineData(DemoUsers.StreetAdminRenminlu)]
    [InlineData(DemoUsers.CityAdmin)]
    public async Task Admins_of_the_area_see_who_read_whose_data_on_the_page(string reviewer)
    {
        var id = await ReadOneUnmaskedAsync("查阅甲" + reviewer.Length);
        var client = await app.ClientForAsync(reviewer);

        var response = await client.GetAsync("/audit/sensitive-reads?user=community.shiqi", Ct);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("敏感信息查阅记录");
        html.ShouldContain($"/people/{id}");
        html.ShouldContain("查阅甲" + reviewer.Length);
        html.ShouldContain("身份证号");
    }

    [Fact]
    public async Task An_admin_of_another_community_does_not_see_those_reads()
    {
        var id = await ReadOneUnmaskedAsync("查阅乙");
        var other = await app.ClientForAsync(DemoUsers.CommunityAdminSanshundian);

        var html = await other.GetStringAsync("/audit/sensitive-reads", Ct);
        var log = await (await other.GetAsync($"/api/audit/sensitive-reads?subjectId={id}", Ct)).JsonAsync();

        html.ShouldNotContain($"/people/{id}");
        log.GetProperty("total").GetInt32().ShouldBe(0);
        await (await other.GetAsync($"/api/audit/sensitive-reads?areaCode={DemoAreas.Shiqi}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_log_filters_by_reader_and_area()
    {
        var id = await ReadOneUnmaskedAsync("查阅丙");
        var reviewer = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);

        var byReader = await (await reviewer.GetAsync($"/api/audit/sensitive-reads?userName=community.shiqi&areaCode={DemoAreas.Shiqi}&pageSize=200", Ct)).JsonAsync();
        var byOther = await (await reviewer.GetAsync($"/api/audit/sensitive-reads?userName=grid.shiqi.02&subjectId={id}", Ct)).JsonAsync();

        byReader.GetProperty("items").EnumerateArray().ShouldContain(r => r.GetProperty("subjectId").GetString() == id.ToString());
        byReader.GetProperty("items").EnumerateArray().ShouldAllBe(r => r.GetProperty("userName").GetString() == DemoUsers.CommunityAdminShiqi);
        byOther.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData(DemoUsers.GridChiefShiqi1)]
    [InlineData(DemoUsers.ResidentShiqi1)]
    public async Task Staff_who_are_not_admins_find_no_such_page(string user)
    {
        var client = await app.ClientForAsync(user);

        (await client.GetAsync("/audit/sensitive-reads", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetStringAsync("/", Ct)).ShouldNotContain("/audit/sensitive-reads");
    }

    [Fact]
    public async Task The_home_page_of_an_admin_links_to_the_review()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        (await client.GetStringAsync("/", Ct)).ShouldContain("/audit/sensitive-reads");
    }
}
