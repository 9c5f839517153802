using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Open311;

[Collection(SharedApp.Name)]
public sealed class ClientKeyTests(AppFactory app)
{
    [Fact]
    public async Task A_city_admin_issues_a_key_once_that_reports_until_it_is_revoked()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var issued = await (await admin.PostAsJsonAsync("/api/open311/clients", new { name = "12345 市民热线 App" })).JsonAsync(HttpStatusCode.Created);
        var key = issued.GetProperty("apiKey").GetString()!;
        var id = issued.GetProperty("client").GetProperty("id").GetGuid();

        var form = Open311Calls.Drain();
        form["api_key"] = key;
        (await app.CreateClient().ReportAsync(form)).ShouldStartWith("GD");

        var list = await (await admin.GetAsync("/api/open311/clients?pageSize=200")).JsonAsync();
        var listed = list.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
        listed.GetProperty("active").GetBoolean().ShouldBeTrue();
        (await admin.GetStringAsync("/api/open311/clients?pageSize=200")).ShouldNotContain(key);

        (await (await admin.PostAsJsonAsync($"/api/open311/clients/{id}/revoke", new { })).JsonAsync()).GetProperty("active").GetBoolean().ShouldBeFalse();
        await (await app.CreateClient().PostRequestAsync(form)).ShouldBeOpen311ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_demo_client_is_listed_without_its_key()
    {
        var body = await (await app.ClientForAsync(DemoUsers.DistrictAdminSaihan)).GetStringAsync("/api/open311/clients?pageSize=200");
        body.ShouldContain("demo 311 client");
        body.ShouldNotContain(Open311Calls.DemoKey);
    }

    [Fact]
    public async Task A_community_admin_cannot_issue_keys()
    {
        var response = await (await app.ClientForAsync(DemoUsers.CommunityAdminShiqi)).PostAsJsonAsync("/api/open311/clients", new { name = "my app" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "open311_clients_admin_only");
    }

    [Fact]
    public async Task To_anyone_but_city_and_district_admins_the_clients_are_not_there()
    {
        var district = await app.ClientForAsync(DemoUsers.DistrictAdminSaihan);
        var demo = (await (await district.GetAsync("/api/open311/clients?pageSize=200")).JsonAsync()).GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("active").GetBoolean()).GetProperty("id").GetGuid();
        var community = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        await (await community.GetAsync("/api/open311/clients")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await community.PostAsJsonAsync($"/api/open311/clients/{demo}/revoke", new { })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).GetAsync("/api/open311/clients")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await (await district.GetAsync("/api/open311/clients?pageSize=200")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("id").GetGuid() == demo).GetProperty("active").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Managing_clients_needs_a_login()
    {
        (await app.CreateClient().GetAsync("/api/open311/clients")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
