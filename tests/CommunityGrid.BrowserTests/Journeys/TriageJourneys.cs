using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>智能派单: the category and place fill themselves from a resident's words, and the order reaches the right handler.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TriageJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_resident_types_her_complaint_category_and_place_fill_themselves_and_the_order_reaches_the_property_company()
    {
        const string Title = "厨房下水道又堵了";
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync("resident.sanshundian.01");
        await resident.GotoAsync("/orders/new");

        await resident.GetByLabel("标题").FillAsync(Title);
        await resident.GetByLabel("详细描述（选填）").PressSequentiallyAsync("9号楼的，水半天下不去，楼下都返水了");

        var triage = resident.Locator("#triage");
        // A hang guard, not a speed check: on a fresh app the model may still be training when she starts typing.
        await Assertions.Expect(triage).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(triage.Locator(".chip").First).ToContainTextAsync("下水堵塞");
        await Assertions.Expect(resident.Locator("select[name=category]")).ToHaveValueAsync("property.drain");
        await Assertions.Expect(triage.Locator(".triage-place")).ToContainTextAsync("顺达小区9号楼");
        await Assertions.Expect(triage.Locator(".triage-handler")).ToContainTextAsync("鑫诚物业");
        await resident.ScreenshotAsync("triage-01-resident-suggestions.phone");

        await resident.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Assertions.Expect(resident.GetByRole(AriaRole.Status)).ToContainTextAsync("鑫诚物业");
        await Assertions.Expect(resident.Locator("dl.fields")).ToContainTextAsync("下水堵塞");
        await resident.ScreenshotAsync("triage-02-resident-submitted.phone");

        var property = await app.NewPageAsync(Device.Phone);
        await property.LogInHomeAsync("property.sanshundian.01");
        await property.GotoAsync("/orders");
        await Assertions.Expect(property.Locator("body")).ToContainTextAsync(Title);
        await property.ScreenshotAsync("triage-03-property-company-list.phone");
    }

    [Fact]
    public async Task A_hotline_operator_pastes_a_ticket_and_confirms_the_suggested_category()
    {
        var page = await app.NewPageAsync(Device.Desktop);
        await page.LogInHomeAsync("community.sanshundian");
        await page.GotoAsync("/orders/hotline");

        await page.GetByLabel("热线工单号").FillAsync("12345-20261201-0042");
        await page.GetByLabel("诉求内容").FillAsync("市民来电反映：顺达小区9号楼1单元201室门口的楼道灯坏了半个月，晚上黑漆漆的，老人下楼摔了一跤，诉求尽快维修。");
        await page.GetByLabel("诉求内容").PressAsync("End");
        await page.GetByLabel("诉求内容").PressSequentiallyAsync(" ");

        await Assertions.Expect(page.Locator("select[name=category]")).ToHaveValueAsync("property.lighting", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#triage .triage-handler")).ToContainTextAsync("鑫诚物业");
        await page.ScreenshotAsync("triage-04-hotline-suggestions");

        await page.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已生成工单" })).ToContainTextAsync("楼道照明");
        await page.ScreenshotAsync("triage-05-hotline-created");
    }
}
