using System.Globalization;
using CommunityGrid.BrowserTests.Infrastructure;
using CommunityGrid.Data;
using CommunityGrid.Features.Programmes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// Community programmes through the real pages, on phones: a resident signs up for an event from the month
/// view; a micro-project goes from a resident's proposal through screening, the council vote, publicity,
/// implementation to the residents' evaluation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProgrammeJourneys(BrowserApp app)
{
    private const string Shiqi = "150105001001";

    [Fact]
    public async Task A_resident_signs_up_for_an_event_from_the_month_view()
    {
        // 广场舞展演 of the demo is three days after seeding: open its month.
        var month = BeijingTime.WallClock(DateTime.UtcNow.AddDays(3)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync("resident.shiqi.02");
        await resident.Locator("section.programmes").GetByRole(AriaRole.Link, new() { Name = "活动日历" }).ClickAsync();
        await Assertions.Expect(resident.Locator("h1")).ToContainTextAsync("仕奇社区");
        await resident.GotoAsync($"/events?community={Shiqi}&month={month}");
        var card = resident.Locator(".event-card").Filter(new() { HasText = "广场舞展演" });
        await Assertions.Expect(card).ToContainTextAsync("余 120 / 120 个名额");
        await resident.ScreenshotAsync("programmes-01-month-view");
        await card.GetByRole(AriaRole.Button, new() { Name = "报名参加" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("报名成功");
        await Assertions.Expect(resident.Locator(".event-card.mine").Filter(new() { HasText = "广场舞展演" })).ToContainTextAsync("已报名");
        await resident.ScreenshotAsync("programmes-02-signed-up");

        var ics = await resident.APIRequest.GetAsync(await card.GetByRole(AriaRole.Link, new() { Name = "加入日历" }).GetAttributeAsync("href") ?? "");
        ics.Status.ShouldBe(200);
        (await ics.TextAsync()).ShouldContain("SUMMARY:广场舞展演");
    }

    [Fact]
    public async Task A_micro_project_goes_from_a_residents_proposal_through_the_council_vote_and_publicity_to_evaluation()
    {
        var title = "儿童游乐区加装遮阳棚 " + Guid.NewGuid().ToString("N")[..4];
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync("resident.shiqi.01");
        await resident.Locator("section.programmes").GetByRole(AriaRole.Link, new() { Name = "民生微实事" }).ClickAsync();
        await Assertions.Expect(resident.Locator(".board-path")).ToContainTextAsync("剩余");
        await resident.ScreenshotAsync("programmes-03-micro-projects");
        await resident.GetByRole(AriaRole.Link, new() { Name = "我要提议" }).ClickAsync();
        await resident.Locator("input[name=title]").FillAsync(title);
        await resident.Locator("textarea[name=description]").FillAsync("夏天滑梯晒得发烫，孩子没法玩，建议加装遮阳棚。");
        await resident.Locator("input[name=cost]").FillAsync("6000");
        await resident.ScreenshotAsync("programmes-04-propose");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交提议" }).ClickAsync();
        await Assertions.Expect(resident.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(resident.Locator(".badge")).ToContainTextAsync("待筛选");
        var projectUrl = resident.Url;

        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync("community.shiqi");
        await admin.GotoAsync(projectUrl);
        await admin.Locator("input[name=note]").FillAsync("符合年度计划，提交议事会表决");
        await admin.GetByRole(AriaRole.Button, new() { Name = "通过筛选，提交议事会表决" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("议事会表决开始");

        foreach (var (member, choice) in new[] { ("party.shiqi.01", "反对"), ("party.shiqi.02", "赞成"), ("volunteer.shiqi.01", "赞成") })
        {
            var page = await app.NewPageAsync(Device.Phone);
            await page.LogInHomeAsync(member);
            await page.GotoAsync(projectUrl);
            await page.GetByRole(AriaRole.Button, new() { Name = choice, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已投票");
            if (member == "party.shiqi.01")
            {
                // A member changes her vote before the close.
                await page.GetByRole(AriaRole.Button, new() { Name = "赞成", Exact = true }).ClickAsync();
                await Assertions.Expect(page.Locator("section.card")).ToContainTextAsync("您已投：赞成");
                await page.ScreenshotAsync("programmes-05-council-vote");
            }
        }

        await admin.GotoAsync(projectUrl);
        await admin.GetByRole(AriaRole.Button, new() { Name = "结束表决并计票" }).ClickAsync();
        await Assertions.Expect(admin.Locator("section.card")).ToContainTextAsync("表决通过");
        await Assertions.Expect(admin.Locator(".badge")).ToContainTextAsync("公示中");

        var neighbour = await app.NewPageAsync(Device.Phone);
        await neighbour.LogInHomeAsync("resident.shiqi.02");
        await neighbour.GotoAsync(projectUrl);
        await neighbour.Locator("textarea[name=reason]").FillAsync("遮阳棚立柱会挡住消防通道，请调整位置。");
        await neighbour.GetByRole(AriaRole.Button, new() { Name = "提出异议" }).ClickAsync();
        await Assertions.Expect(neighbour.Locator("section.card")).ToContainTextAsync("遮阳棚立柱会挡住消防通道");
        await neighbour.ScreenshotAsync("programmes-06-publicity-objection");

        // The publicity period passes.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var past = DateTime.UtcNow.AddMinutes(-1);
            await db.Set<MicroProject>().Where(p => p.Title == title).ExecuteUpdateAsync(s => s.SetProperty(p => p.PublicityEndsAt, past));
        }

        await admin.GotoAsync(projectUrl);
        await admin.GetByRole(AriaRole.Button, new() { Name = "开始实施" }).ClickAsync();
        await admin.Locator("textarea[name=note]").FillAsync("遮阳棚已按异议调整位置，立柱避开消防通道，开始安装。");
        await admin.GetByRole(AriaRole.Button, new() { Name = "发布进展" }).ClickAsync();
        await Assertions.Expect(admin.Locator("section.card")).ToContainTextAsync("开始安装");
        await admin.GetByRole(AriaRole.Button, new() { Name = "确认完工" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".badge")).ToContainTextAsync("已完成");
        await admin.ScreenshotAsync("programmes-07-completed");

        await resident.GotoAsync(projectUrl);
        await resident.Locator("select[name=rating]").SelectOptionAsync("5");
        await resident.Locator("textarea[name=comment]").FillAsync("孩子们终于能在树荫下玩了！");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("感谢您的评价");
        await Assertions.Expect(resident.Locator("section.card")).ToContainTextAsync("居民评分 5 / 5");
        await Assertions.Expect(resident.GetByRole(AriaRole.Button, new() { Name = "提交评价" })).ToHaveCountAsync(0);
        await resident.ScreenshotAsync("programmes-08-evaluated");
    }
}
