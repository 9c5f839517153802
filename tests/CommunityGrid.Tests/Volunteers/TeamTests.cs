using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Volunteers;

public sealed class TeamTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task The_demo_teams_of_shiqi_are_listed_with_their_organiser_and_tian_jing_is_in_jinguo_yijia()
    {
        var teams = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, "/api/volunteers/teams?pageSize=200");
        var names = teams.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        names.ShouldContain("巾帼宜家");
        names.ShouldContain("友爱邻里");
        names.ShouldContain("多彩文艺");
        names.ShouldNotContain("红蜂团");
        var jinguo = teams.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "巾帼宜家");
        jinguo.GetProperty("organiserName").GetString().ShouldBe("高晓燕");
        jinguo.GetProperty("mayManage").GetBoolean().ShouldBeFalse();

        var members = await app.GetJsonAsync(DemoUsers.VolunteerShiqi1, $"/api/volunteers/teams/{jinguo.GetProperty("id").GetGuid()}/members");
        var tian = members.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "田静");
        tian.GetProperty("skills").EnumerateArray().Select(s => s.GetString()).ShouldContain("家政");
        // A fellow member sees the others' names masked; the community admin sees them whole.
        var memberNames = members.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        memberNames.ShouldContain("郭*梅");
        memberNames.ShouldNotContain("郭红梅");
        var asAdmin = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/teams/{jinguo.GetProperty("id").GetGuid()}/members");
        asAdmin.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ShouldContain("郭红梅");
    }

    [Fact]
    public async Task The_rider_sees_hongfeng_tuan_of_licheng_and_not_the_teams_of_shiqi()
    {
        var teams = await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/volunteers/teams");
        var names = teams.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        names.ShouldBe(["红蜂团"]);
        var shiqiTeam = await app.TeamIdAsync("巾帼宜家");
        (await (await app.ClientForAsync(DemoUsers.RiderLicheng1)).GetAsync($"/api/volunteers/teams/{shiqiTeam}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_resident_joins_a_team_with_skills_and_only_the_organiser_adds_others()
    {
        var team = await app.TeamIdAsync("多彩文艺");
        var joined = await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/teams/{team}/members", new { skills = new List<string> { "二胡", "合唱", "二胡" } })).JsonAsync();
        joined.GetProperty("skills").EnumerateArray().Select(s => s.GetString()).ShouldBe(["二胡", "合唱"]);

        var otherPerson = joined.GetProperty("personId").GetGuid();
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, $"/api/volunteers/teams/{team}/members", new { personId = otherPerson, skills = new List<string> { "x" } }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_organiser");
        var changed = await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/teams/{team}/members", new { personId = otherPerson, skills = new List<string> { "舞台灯光" } })).JsonAsync();
        changed.GetProperty("skills").EnumerateArray().Select(s => s.GetString()).ShouldBe(["舞台灯光"]);

        await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/teams/{team}/members", new { skills = Enumerable.Repeat("很长的技能名称超过了二十个字的限制很长的技能名称", 1) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "skills_invalid");
    }

    [Fact]
    public async Task A_community_admin_forms_a_team_in_a_grid_but_not_outside_their_community()
    {
        var created = await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams", new { name = "楼道互助队", areaCode = "150105001001002" })).JsonAsync(HttpStatusCode.Created);
        created.GetProperty("areaName").GetString().ShouldBe("仕奇社区第二网格");
        created.GetProperty("mayManage").GetBoolean().ShouldBeTrue();

        await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams", new { name = "越界队", areaCode = "150104001001" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams", new { name = "楼道互助队", areaCode = "150105001001002" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "team_exists");
        await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams", new { name = "楼栋队", areaCode = "150105001001001001" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "team_area_level");
    }

    [Fact]
    public async Task A_party_member_registers_employer_skills_and_grid_and_the_community_sees_it()
    {
        var mine = await app.GetJsonAsync(DemoUsers.PartyMemberShiqi1, "/api/volunteers/registration");
        mine.GetProperty("employerName").GetString().ShouldBe("赛罕区人民医院");

        var changed = await (await (await app.ClientForAsync(DemoUsers.PartyMemberShiqi2)).PutAsJsonAsync("/api/volunteers/registration",
            new { employerName = "赛罕区教育局", skills = new List<string> { "政策宣讲" }, gridCode = "150105001001003" })).JsonAsync();
        changed.GetProperty("gridName").GetString().ShouldBe("仕奇社区第三网格");

        var list = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/registrations");
        list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["郭红梅", "何振华"], ignoreOrder: true);
        (await app.GetJsonAsync(DemoUsers.CommunityAdminLicheng, "/api/volunteers/registrations")).GetProperty("total").GetInt32().ShouldBe(0);

        await (await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).PutAsJsonAsync("/api/volunteers/registration",
            new { employerName = "某单位", gridCode = "150105001001001" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_party_member");
        await (await (await app.ClientForAsync(DemoUsers.PartyMemberShiqi2)).PutAsJsonAsync("/api/volunteers/registration",
            new { employerName = "赛罕区教育局", gridCode = "150105001001" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "grid_unknown");
        // A grid of another community (俪城社区) is refused and the registration stays as it was.
        await (await (await app.ClientForAsync(DemoUsers.PartyMemberShiqi2)).PutAsJsonAsync("/api/volunteers/registration",
            new { employerName = "赛罕区教育局", gridCode = "150104001001001" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "grid_outside_home_community");
        (await app.GetJsonAsync(DemoUsers.PartyMemberShiqi2, "/api/volunteers/registration")).GetProperty("gridName").GetString().ShouldBe("仕奇社区第三网格");
    }
}
