using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// 红色物业 in 三顺店社区: the secretary opens a quarterly assessment, the community, the owners' committee and a
/// resident (on her phone) score, the round closes with its ranking and red list; a joint meeting's decision
/// becomes an order the property company resolves; a grid worker's patrol finding becomes an order.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GovernanceJourneys(BrowserApp app)
{
    private static async Task ScoreAsync(IPage page, string estate, int mark)
    {
        var form = page.Locator(".score-form").Filter(new() { HasText = estate });
        foreach (var input in await form.Locator("input[type=number]").AllAsync())
        {
            await input.FillAsync(mark.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("评分已提交");
    }

    [Fact]
    public async Task The_secretary_opens_a_round_three_parties_score_and_the_ranking_and_red_list_show()
    {
        var secretary = await app.NewPageAsync(Device.Desktop);
        await secretary.LogInHomeAsync("community.sanshundian");
        await secretary.GetByRole(AriaRole.Link, new() { Name = "红色物业工作台" }).ClickAsync();
        await Assertions.Expect(secretary.Locator("h1").First).ToContainTextAsync("三顺店社区");
        await secretary.ScreenshotAsync("governance-01-secretary-desk");
        await secretary.GetByRole(AriaRole.Link, new() { Name = "查看五级链条" }).First.ClickAsync();
        await Assertions.Expect(secretary.Locator(".chain-level")).ToHaveCountAsync(5);
        await secretary.ScreenshotAsync("governance-02-estate-chain");
        await secretary.GoBackAsync();

        await secretary.GetByRole(AriaRole.Button, new() { Name = "发起考核" }).ClickAsync();
        await Assertions.Expect(secretary.Locator("h1")).ToContainTextAsync("季度考核评价");
        await ScoreAsync(secretary, "顺达小区", 88);
        await ScoreAsync(secretary, "景观小区", 45);
        await secretary.ScreenshotAsync("governance-03-round-scored-by-community");
        var roundUrl = secretary.Url;

        var committee = await app.NewPageAsync(Device.Phone);
        await committee.LogInHomeAsync("committee.sanshundian.01");
        await committee.GotoAsync(roundUrl);
        await Assertions.Expect(committee.Locator(".score-form")).ToHaveCountAsync(1);
        await ScoreAsync(committee, "顺达小区", 80);

        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync("resident.sanshundian.01");
        await resident.GetByRole(AriaRole.Link, new() { Name = "物业考核评价" }).ClickAsync();
        await resident.Locator(".order-card").Filter(new() { HasText = "评分中" }).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(resident.Locator(".score-form")).ToHaveCountAsync(1);
        await resident.ScreenshotAsync("governance-04-resident-scores.phone");
        await ScoreAsync(resident, "顺达小区", 76);
        await Assertions.Expect(resident.Locator(".score-form")).ToHaveCountAsync(0);
        await resident.ScreenshotAsync("governance-05-resident-scored.phone");

        await secretary.ReloadAsync();
        await secretary.GetByRole(AriaRole.Button, new() { Name = "结束考核并生成排名" }).ClickAsync();
        await Assertions.Expect(secretary.Locator(".results")).ToBeVisibleAsync();
        await Assertions.Expect(secretary.Locator("tr.list-red")).ToContainTextAsync("景观小区");
        await Assertions.Expect(secretary.Locator(".results tbody tr").First).ToContainTextAsync("顺达小区");
        await secretary.ScreenshotAsync("governance-06-ranking-and-red-list");
        await secretary.GetByRole(AriaRole.Link, new() { Name = "鑫诚物业服务有限公司 历次考核" }).ClickAsync();
        await Assertions.Expect(secretary.Locator("tbody tr")).ToHaveCountAsync(2);
        await secretary.ScreenshotAsync("governance-07-company-history");
    }

    [Fact]
    public async Task A_meeting_decision_becomes_an_order_the_property_company_resolves()
    {
        var secretary = await app.NewPageAsync(Device.Desktop);
        await secretary.LogInHomeAsync("community.sanshundian");
        await secretary.GotoAsync("/governance");
        await secretary.GetByLabel("涉及小区").SelectOptionAsync(new SelectOptionValue { Label = "顺达小区" });
        await secretary.GetByLabel("议程").FillAsync("一、9号楼楼道堆物；二、冬季供暖");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "开始会议" }).ClickAsync();
        await Assertions.Expect(secretary.GetByText("缺席").First).ToBeVisibleAsync();
        await secretary.GetByLabel("决议内容").FillAsync("一周内清理 9 号楼楼道堆物");
        await secretary.GetByLabel("责任单位").SelectOptionAsync(new SelectOptionValue { Label = "鑫诚物业服务有限公司" });
        await secretary.GetByLabel("事项类别").SelectOptionAsync(new SelectOptionValue { Label = "楼道杂物" });
        await secretary.GetByRole(AriaRole.Button, new() { Name = "形成决议并派单" }).ClickAsync();
        var decision = secretary.Locator("tr").Filter(new() { HasText = "一周内清理 9 号楼楼道堆物" });
        await Assertions.Expect(decision).ToContainTextAsync("待签收");
        await secretary.ScreenshotAsync("governance-08-meeting-decision-dispatched");
        var orderHref = await decision.GetByRole(AriaRole.Link).GetAttributeAsync("href");

        var company = await app.NewPageAsync(Device.Phone);
        await company.LogInHomeAsync("property.sanshundian.01");
        await company.GotoAsync(orderHref!);
        await company.GetByRole(AriaRole.Button, new() { Name = "接单" }).ClickAsync();
        await company.GetByLabel("处理情况").FillAsync("楼道堆物已全部清理，张贴了禁止堆物提示");
        await company.GetByRole(AriaRole.Button, new() { Name = "提交办结" }).ClickAsync();
        await Assertions.Expect(company.Locator("main")).ToContainTextAsync("待核查");

        await secretary.ReloadAsync();
        await Assertions.Expect(decision).ToContainTextAsync("待核查");
        await secretary.GetByLabel("会议纪要").FillAsync("会议决定由鑫诚物业一周内清理楼道堆物，社区负责宣传。");
        await secretary.GetByRole(AriaRole.Button, new() { Name = "结束会议（纪要不可再改）" }).ClickAsync();
        await Assertions.Expect(secretary.Locator("main")).ToContainTextAsync("已结束");
        await Assertions.Expect(secretary.GetByRole(AriaRole.Button, new() { Name = "形成决议并派单" })).ToHaveCountAsync(0);
        await secretary.ScreenshotAsync("governance-09-meeting-concluded");
    }

    [Fact]
    public async Task A_grid_worker_patrol_finding_becomes_an_order()
    {
        var worker = await app.NewPageAsync(Device.Phone);
        await worker.LogInHomeAsync("grid.sanshundian.01");
        await worker.GetByRole(AriaRole.Link, new() { Name = "民情日志 · 入户走访" }).ClickAsync();
        await worker.GetByRole(AriaRole.Button, new() { Name = "开始巡查" }).ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Status)).ToContainTextAsync("巡查已开始");
        var point = worker.Locator("form").Filter(new() { HasText = "记录当前位置" });
        await point.GetByLabel("纬度").FillAsync("40.8281");
        await point.GetByLabel("经度").FillAsync("111.6415");
        await point.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Status)).ToContainTextAsync("已记录位置");

        var finding = worker.Locator("form").Filter(new() { HasText = "随手拍" });
        await finding.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "飞线充电" });
        await finding.GetByLabel("问题", new() { Exact = true }).FillAsync("9号楼一单元飞线充电");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0, 0, 0, 0];
        await finding.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "wires.png", MimeType = "image/png", Buffer = png });
        await finding.GetByLabel("纬度").FillAsync("40.8283");
        await finding.GetByLabel("经度").FillAsync("111.6418");
        await worker.ScreenshotAsync("governance-10-patrol-finding.phone");
        await finding.GetByRole(AriaRole.Button, new() { Name = "上报为工单" }).ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Status)).ToContainTextAsync("已上报为工单");
        await Assertions.Expect(worker.Locator("main")).ToContainTextAsync("9号楼一单元飞线充电");
        await worker.ScreenshotAsync("governance-11-patrol-with-order.phone");
        await worker.GetByLabel("巡查所见").FillAsync("发现飞线充电一处，已上报");
        await worker.GetByRole(AriaRole.Button, new() { Name = "结束巡查" }).ClickAsync();
        await Assertions.Expect(worker.GetByRole(AriaRole.Button, new() { Name = "开始巡查" })).ToBeVisibleAsync();
        await worker.ScreenshotAsync("governance-12-visits-due.phone");
    }
}
