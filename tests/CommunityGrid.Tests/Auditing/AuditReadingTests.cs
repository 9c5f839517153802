using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Areas;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Auditing;

public class AuditReadingTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_reads_the_writes_made_in_their_community()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var grid = await app.IdOfAsync(DemoAreas.ShiqiGrid4);
        (await client.PutAsJsonAsync($"/api/areas/{grid}", new { name = "仕奇社区第四网格（审计）" }, Ct)).EnsureSuccessStatusCode();

        var page = await (await client.GetAsync($"/api/audit?areaCode={DemoAreas.Shiqi}&entityType=Area", Ct)).JsonAsync();

        var entry = page.GetProperty("items")[0];
        entry.GetProperty("entityType").GetString().ShouldBe("Area");
        entry.GetProperty("entityId").GetString().ShouldBe(grid.ToString());
        entry.GetProperty("action").GetString().ShouldBe("Modified");
        entry.GetProperty("userName").GetString().ShouldBe(DemoUsers.CommunityAdminShiqi);
        using var after = System.Text.Json.JsonDocument.Parse(entry.GetProperty("after").GetString()!);
        after.RootElement.GetProperty("Name").GetString().ShouldBe("仕奇社区第四网格（审计）");
        after.RootElement.TryGetProperty("BoundaryGeoJson", out _).ShouldBeFalse();
        page.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("areaPath").GetString()!.StartsWith("150100/150105/150105001/150105001001/"));
    }

    [Fact]
    public async Task An_admin_sees_only_entries_under_the_areas_they_administer()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var page = await (await client.GetAsync("/api/audit?pageSize=200", Ct)).JsonAsync();

        page.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        page.GetProperty("items").EnumerateArray().ShouldAllBe(e => e.GetProperty("areaPath").GetString()!.StartsWith("150100/150105/150105001/150105001001/"));
    }

    [Fact]
    public async Task The_city_admin_also_reads_entries_that_belong_to_no_area()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);

        var page = await (await admin.GetAsync("/api/audit?entityType=AppUser&pageSize=5", Ct)).JsonAsync();

        page.GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
        page.GetProperty("items")[0].GetProperty("areaPath").GetString().ShouldBe("");
    }

    [Fact]
    public async Task A_community_admin_does_not_read_entries_without_an_area()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var page = await (await client.GetAsync("/api/audit?entityType=AppUser", Ct)).JsonAsync();

        page.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Asking_for_another_communitys_log_is_not_found()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        await (await client.GetAsync($"/api/audit?areaCode={DemoAreas.Sanshundian}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData(DemoUsers.ResidentShiqi1)]
    [InlineData(DemoUsers.GridChiefShiqi1)]
    public async Task Anyone_but_an_admin_finds_no_audit_log(string user)
    {
        var client = await app.ClientForAsync(user);

        await (await client.GetAsync("/api/audit", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
