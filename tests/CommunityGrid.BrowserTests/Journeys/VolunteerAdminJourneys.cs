using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// 志愿服务 as the community runs it, through the real pages on a phone: 仕奇社区's admin forms a team,
/// adds a resident with their skills, publishes an activity with two shifts; a party member registers
/// 双报到 and the admin sees her registration in the community's list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VolunteerAdminJourneys(BrowserApp app)
{
    private const string Team = "楼道互助队";
    private const string Activity = "楼道互助队·便民理发";

    [Fact]
    public async Task The_community_admin_forms_a_team_adds_a_resident_and_publishes_two_shifts_and_sees_a_party_members_registration()
    {
        var residentName = await NameOfAsync(DemoUsers.ResidentShiqi2);

        // The admin on her phone: from home to the teams, forms one on grid 2.
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminShiqi);
        var nav = admin.Locator("section.volunteer-nav");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "发布志愿活动" })).ToBeVisibleAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "志愿服务队" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("志愿服务队");
        await Assertions.Expect(admin.Locator(".team-list")).ToContainTextAsync("巾帼宜家");
        var form = admin.Locator("section.form-team");
        await form.GetByLabel("队名").FillAsync(Team);
        await form.GetByLabel("所属社区或网格").SelectOptionAsync("150105001001002");
        await form.GetByLabel("简介（可选）").FillAsync("第二网格的邻里互助：理发、陪诊、代购。");
        await admin.ScreenshotAsync("volunteer-admin-01-teams-and-form.phone");
        await form.GetByRole(AriaRole.Button, new() { Name = "成立服务队" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("服务队已成立。");
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync(Team);
        await Assertions.Expect(admin.Locator(".team-head")).ToContainTextAsync("仕奇社区第二网格");
        var teamUrl = admin.Url;

        // The same name again in the same grid is refused, in Chinese then English, and what she typed stays.
        await admin.GotoAsync("/volunteers/teams");
        form = admin.Locator("section.form-team");
        await form.GetByLabel("队名").FillAsync(Team);
        await form.GetByLabel("所属社区或网格").SelectOptionAsync("150105001001002");
        await form.GetByRole(AriaRole.Button, new() { Name = "成立服务队" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToHaveTextAsync("该区域已有同名志愿服务队（A team of this name exists here.）");
        await Assertions.Expect(admin.Locator("section.form-team").GetByLabel("队名")).ToHaveValueAsync(Team);
        (await admin.Locator(".team-list .order-card").Filter(new() { HasText = Team }).CountAsync()).ShouldBe(1);
        await admin.ScreenshotAsync("volunteer-admin-02-same-name-refused.phone");

        // She finds a resident of the community by name and adds them with their skills.
        await admin.GotoAsync(teamUrl);
        var add = admin.Locator("section.add-member");
        await add.GetByLabel("居民姓名").FillAsync(residentName);
        await add.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var candidate = admin.Locator(".candidate").Filter(new() { HasText = residentName }).First;
        await Assertions.Expect(candidate).ToContainTextAsync("****");
        await candidate.GetByLabel("技能（用逗号或顿号分隔）").FillAsync("理发、陪诊");
        await admin.ScreenshotAsync("volunteer-admin-03-resident-found.phone");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "添加为队员" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("已添加队员。");
        var member = admin.Locator(".members .member").Filter(new() { HasText = residentName });
        await Assertions.Expect(member.Locator(".badge")).ToHaveTextAsync(["理发", "陪诊"]);
        await Assertions.Expect(admin.Locator(".team-head")).ToContainTextAsync("1 人");
        await admin.ScreenshotAsync("volunteer-admin-04-member-added.phone");

        // She publishes an activity of the team with two shifts tomorrow (Beijing time); a shift ending before it starts is refused first.
        await admin.GetByRole(AriaRole.Link, new() { Name = "为本队发布活动" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("发布志愿活动");
        await Assertions.Expect(admin.GetByLabel("组织的服务队")).ToHaveValueAsync(new Regex("[0-9a-f-]{36}"));
        (await admin.GetByLabel("组织的服务队").Locator("option:checked").InnerTextAsync()).ShouldStartWith(Team);
        var tomorrow = DateTime.UtcNow.AddHours(8).Date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await admin.GetByLabel("活动名称").FillAsync(Activity);
        await admin.GetByLabel("活动类型").SelectOptionAsync(new SelectOptionValue { Label = "便民服务" });
        await admin.GetByLabel("活动地点").FillAsync("仕奇社区第二网格 5号楼前");
        await admin.GetByLabel("活动说明（可选）").FillAsync("为行动不便的老人理发，请自带毛巾。");
        var rows = admin.Locator(".shift-row");
        await rows.Nth(0).GetByLabel("开始").FillAsync($"{tomorrow}T09:00");
        await rows.Nth(0).GetByLabel("结束").FillAsync($"{tomorrow}T08:00");
        await rows.Nth(0).GetByLabel("名额").FillAsync("5");
        await rows.Nth(1).GetByLabel("开始").FillAsync($"{tomorrow}T14:00");
        await rows.Nth(1).GetByLabel("结束").FillAsync($"{tomorrow}T16:00");
        await rows.Nth(1).GetByLabel("名额").FillAsync("3");
        await admin.GetByRole(AriaRole.Button, new() { Name = "发布活动" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("班次的结束时间须晚于开始时间");
        await Assertions.Expect(admin.GetByLabel("活动名称")).ToHaveValueAsync(Activity);
        await admin.ScreenshotAsync("volunteer-admin-05-shift-refused.phone");
        await admin.Locator(".shift-row").Nth(0).GetByLabel("结束").FillAsync($"{tomorrow}T11:00");
        await admin.GetByRole(AriaRole.Button, new() { Name = "发布活动" }).ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/volunteers/activities/[0-9a-f-]{36}\\?done=published$"));
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("活动已发布。");
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync(Activity);
        await Assertions.Expect(admin.Locator(".activity-head")).ToContainTextAsync(Team);
        await Assertions.Expect(admin.Locator(".activity-head")).ToContainTextAsync("便民服务");
        var day = tomorrow[5..];
        await Assertions.Expect(admin.Locator(".shifts .shift .order-title")).ToHaveTextAsync([$"{day} 09:00–11:00", $"{day} 14:00–16:00"]);
        await Assertions.Expect(admin.Locator(".shifts .shift").Nth(1)).ToContainTextAsync("已报名 0 / 3");
        await admin.ScreenshotAsync("volunteer-admin-06-activity-published.phone");

        // The times were stored as Beijing time: the API gives 01:00 UTC for 09:00.
        var activityId = Guid.Parse(new Uri(admin.Url).AbsolutePath.Split('/')[^1]);
        using (var http = await ApiAsync(DemoUsers.CommunityAdminShiqi))
        {
            var detail = await http.GetFromJsonAsync<JsonElement>($"/api/volunteers/activities/{activityId}");
            detail.GetProperty("shifts")[0].GetProperty("startsAt").GetDateTime().ToUniversalTime()
                .ShouldBe(DateTime.SpecifyKind(DateTime.ParseExact($"{tomorrow} 01:00", "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc));
        }

        // A party member registers 双报到 on her phone: employer unit, skills, a grid of her community.
        var party = await app.NewPageAsync(Device.Phone);
        await party.LogInHomeAsync(DemoUsers.PartyMemberShiqi2);
        var partyNav = party.Locator("section.volunteer-nav");
        await Assertions.Expect(partyNav.GetByRole(AriaRole.Link, new() { Name = "发布志愿活动" })).ToHaveCountAsync(0);
        await partyNav.GetByRole(AriaRole.Link, new() { Name = "双报到" }).ClickAsync();
        await Assertions.Expect(party.Locator("h1")).ToHaveTextAsync("党员双报到");
        await party.GetByLabel("报到单位（工作单位）").FillAsync("赛罕区教育局");
        await party.GetByLabel("技能特长（用逗号或顿号分隔）").FillAsync("政策宣讲、书法");
        await party.GetByLabel("服务网格").SelectOptionAsync(new SelectOptionValue { Label = "仕奇社区第三网格" });
        await party.ScreenshotAsync("volunteer-admin-07-party-member-registers.phone");
        await party.GetByRole(AriaRole.Button, new() { Name = "提交报到" }).ClickAsync();
        await Assertions.Expect(party.GetByRole(AriaRole.Status)).ToHaveTextAsync("报到信息已保存。");
        await Assertions.Expect(party.Locator(".my-registration")).ToContainTextAsync("赛罕区教育局");
        await Assertions.Expect(party.Locator(".my-registration")).ToContainTextAsync("仕奇社区第三网格");
        await Assertions.Expect(party.Locator(".my-registration")).ToContainTextAsync("政策宣讲、书法");
        await party.ScreenshotAsync("volunteer-admin-08-party-member-registered.phone");

        // The admin sees it among the registrations serving her community's grids.
        await admin.GotoAsync("/");
        await admin.Locator("section.volunteer-nav").GetByRole(AriaRole.Link, new() { Name = "双报到" }).ClickAsync();
        var row = admin.Locator(".registration-list .registration-item").Filter(new() { HasText = "何振华" });
        await Assertions.Expect(row).ToContainTextAsync("赛罕区教育局");
        await Assertions.Expect(row).ToContainTextAsync("仕奇社区第三网格");
        await Assertions.Expect(admin.Locator(".registration-list .registration-item").Filter(new() { HasText = "郭红梅" })).ToContainTextAsync("赛罕区人民医院");
        await admin.ScreenshotAsync("volunteer-admin-09-registrations-list.phone");
    }

    [Fact]
    public async Task A_resident_joins_a_team_of_her_community_with_her_skills_and_sees_no_admin_forms()
    {
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync(DemoUsers.ResidentShiqi1);
        var nav = resident.Locator("section.volunteer-nav");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "发布志愿活动" })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "双报到" })).ToHaveCountAsync(0);
        await nav.GetByRole(AriaRole.Link, new() { Name = "志愿服务队" }).ClickAsync();
        await Assertions.Expect(resident.Locator("section.form-team")).ToHaveCountAsync(0);
        await resident.Locator(".team-list a.order-title", new() { HasText = "多彩文艺" }).ClickAsync();
        await Assertions.Expect(resident.Locator("section.add-member")).ToHaveCountAsync(0);
        await resident.GetByLabel("我的技能（可选，用逗号或顿号分隔）").FillAsync("合唱，二胡");
        await resident.GetByRole(AriaRole.Button, new() { Name = "加入", Exact = true }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToHaveTextAsync("已加入服务队。");
        await Assertions.Expect(resident.Locator(".team-head")).ToContainTextAsync("您已是本队队员。");
        var name = await NameOfAsync(DemoUsers.ResidentShiqi1);
        await Assertions.Expect(resident.Locator(".members .member").Filter(new() { HasText = name }).Locator(".badge")).ToHaveTextAsync(["合唱", "二胡"]);
        await resident.ScreenshotAsync("volunteer-admin-10-resident-joined.phone");

        // Publishing is not hers: the page says so and offers no form.
        await resident.GotoAsync("/volunteers/activities/new");
        await Assertions.Expect(resident.Locator(".plan-activity")).ToContainTextAsync("只有志愿服务队的组织者和社区管理员可以发布活动。");
        await Assertions.Expect(resident.Locator(".plan-activity form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_organiser_without_the_registry_finds_a_resident_only_by_the_full_name_and_sees_no_address()
    {
        var residentName = await NameOfAsync(DemoUsers.ResidentShiqi2);
        using (var http = await ApiAsync(DemoUsers.CommunityAdminShiqi))
        {
            (await http.PostAsJsonAsync("/api/volunteers/teams", new { name = "助老服务队", areaCode = "150105001001", organiserUserName = DemoUsers.VolunteerShiqi1 })).EnsureSuccessStatusCode();
        }

        var organiser = await app.NewPageAsync(Device.Phone);
        await organiser.LogInHomeAsync(DemoUsers.VolunteerShiqi1);
        await organiser.GotoAsync("/volunteers/teams");
        await organiser.Locator(".team-list a.order-title", new() { HasText = "助老服务队" }).ClickAsync();
        var add = organiser.Locator("section.add-member");
        await Assertions.Expect(add).ToContainTextAsync("请输入居民的完整姓名");
        await add.GetByLabel("居民姓名").FillAsync(residentName[..1]);
        await add.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await Assertions.Expect(organiser.Locator("section.add-member")).ToContainTextAsync("本社区没有找到该姓名的居民。");

        await organiser.Locator("section.add-member").GetByLabel("居民姓名").FillAsync(residentName);
        await organiser.Locator("section.add-member").GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        var candidate = organiser.Locator(".candidate").Filter(new() { HasText = residentName }).First;
        await Assertions.Expect(candidate).ToContainTextAsync("****");
        await Assertions.Expect(candidate).Not.ToContainTextAsync("室");
        await organiser.ScreenshotAsync("volunteer-admin-11-organiser-finds-by-full-name.phone");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "添加为队员" }).ClickAsync();
        await Assertions.Expect(organiser.GetByRole(AriaRole.Status)).ToHaveTextAsync("已添加队员。");
        await Assertions.Expect(organiser.Locator(".members .member")).ToContainTextAsync(residentName);
    }

    private async Task<string> NameOfAsync(string userName)
    {
        using var http = await ApiAsync(userName);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/people/me");
        return me.GetProperty("name").GetString()!;
    }

    private async Task<HttpClient> ApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        var token = await (await http.PostAsJsonAsync("/api/auth/token", new { userName, password = BrowserApp.DemoPassword })).Content.ReadFromJsonAsync<Token>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return http;
    }

    private sealed record Token(string AccessToken);
}
