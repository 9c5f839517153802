using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// Spending points through the real pages on phones: 白玉兰 (demo opening points) redeems the
/// haircut of 河西爱心理发店 and gets a code with its QR; 孙师傅 redeems it on his phone page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PointsJourneys(BrowserApp app)
{
    [Fact]
    public async Task A_resident_redeems_a_merchant_offer_and_the_merchant_redeems_the_code_on_the_phone()
    {
        var resident = await app.NewPageAsync(Device.Phone);
        await resident.LogInHomeAsync(DemoUsers.ResidentHexi1);
        await resident.Locator("section.points-nav").GetByRole(AriaRole.Link, new() { Name = "积分超市" }).ClickAsync();
        await Assertions.Expect(resident.Locator("h1")).ToHaveTextAsync("积分超市");
        var before = long.Parse(await resident.Locator("#balance").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var haircut = resident.Locator(".shop-item").Filter(new() { HasText = "理发一次" });
        await Assertions.Expect(haircut).ToContainTextAsync("50 积分");
        await resident.ScreenshotAsync("points-01-resident-shop.phone");

        await haircut.GetByRole(AriaRole.Button, new() { Name = "兑换" }).ClickAsync();
        await Assertions.Expect(resident).ToHaveURLAsync(new Regex("/points/codes/[0-9a-f-]{36}$"));
        await Assertions.Expect(resident.Locator(".redemption-code")).ToContainTextAsync("河西爱心理发店");
        await Assertions.Expect(resident.Locator(".qr svg")).ToBeVisibleAsync();
        var code = (await resident.Locator("#code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        code.ShouldMatch("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$");
        await resident.ScreenshotAsync("points-02-resident-code.phone");

        var merchant = await app.NewPageAsync(Device.Phone);
        await merchant.LogInHomeAsync(DemoUsers.MerchantHexi1);
        await merchant.Locator("section.points-nav").GetByRole(AriaRole.Link, new() { Name = "核销兑换码" }).ClickAsync();
        await merchant.GetByLabel("兑换码（8 位）").FillAsync(code.ToLowerInvariant());
        await merchant.GetByRole(AriaRole.Button, new() { Name = "核销", Exact = true }).ClickAsync();
        await Assertions.Expect(merchant.GetByRole(AriaRole.Status)).ToContainTextAsync("核销成功");
        await Assertions.Expect(merchant.GetByRole(AriaRole.Status)).ToContainTextAsync("理发一次");
        await Assertions.Expect(merchant.Locator(".today")).ToContainTextAsync("白**");
        await merchant.ScreenshotAsync("points-03-merchant-redeemed.phone");

        // The same code again: refused in big clear text.
        await merchant.GetByLabel("兑换码（8 位）").FillAsync(code);
        await merchant.GetByRole(AriaRole.Button, new() { Name = "核销", Exact = true }).ClickAsync();
        await Assertions.Expect(merchant.GetByRole(AriaRole.Alert)).ToContainTextAsync("该兑换码已使用");
        await merchant.ScreenshotAsync("points-04-merchant-used-again.phone");

        await resident.GotoAsync("/points");
        await Assertions.Expect(resident.Locator("#balance")).ToHaveTextAsync((before - 50).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(resident.Locator(".statement")).ToContainTextAsync("兑换：理发一次");
        await resident.ScreenshotAsync("points-05-resident-statement.phone");
    }

    [Fact]
    public async Task A_community_admin_sees_the_books_and_edits_the_rules_and_the_shop()
    {
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminHexi);
        await admin.Locator("section.points-nav").GetByRole(AriaRole.Link, new() { Name = "积分总账" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("河西社区 · 积分总账");
        await Assertions.Expect(admin.Locator("#city-check")).ToContainTextAsync("全市账目平衡");
        await admin.ScreenshotAsync("points-06-admin-books.phone");

        await admin.Locator(".points-tabs").GetByRole(AriaRole.Link, new() { Name = "积分规则" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("河西社区 · 积分规则");
        await admin.ScreenshotAsync("points-07-admin-rules-before.phone");
        await admin.GetByLabel("积分有效期（月，留空永久有效）").FillAsync("24");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存规则" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("规则已保存");
        await Assertions.Expect(admin.GetByLabel("积分有效期（月，留空永久有效）")).ToHaveValueAsync("24");
        await admin.ScreenshotAsync("points-07-admin-rules.phone");

        await admin.Locator(".points-tabs").GetByRole(AriaRole.Link, new() { Name = "积分超市" }).ClickAsync();
        var add = admin.Locator("form").Filter(new() { Has = admin.GetByRole(AriaRole.Button, new() { Name = "新增", Exact = true }) });
        await add.GetByLabel("名称").FillAsync("环保购物袋");
        await add.GetByLabel("积分", new() { Exact = true }).FillAsync("10");
        await add.GetByLabel("库存").FillAsync("40");
        await add.GetByRole(AriaRole.Button, new() { Name = "新增", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存：环保购物袋");
        await Assertions.Expect(admin.Locator(".items-editor input[value='环保购物袋']")).ToHaveCountAsync(1);
        await admin.ScreenshotAsync("points-08-admin-shop.phone");
    }
    [Fact]
    public async Task A_community_admin_opens_an_account_and_reverses_an_award_with_a_reason()
    {
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminLicheng);
        await admin.Locator("section.points-nav").GetByRole(AriaRole.Link, new() { Name = "积分总账" }).ClickAsync();
        await admin.Locator(".points-tabs").GetByRole(AriaRole.Link, new() { Name = "账户" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "个人", Exact = true }).ClickAsync();
        await admin.ScreenshotAsync("points-09-admin-accounts.phone");
        await admin.Locator("table.accounts").GetByRole(AriaRole.Link, new() { Name = "李小龙" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#balance")).ToHaveTextAsync("90");

        var award = admin.Locator(".statement li").Filter(new() { HasText = "演示初始积分" });
        await award.Locator("summary").ClickAsync();
        await award.GetByLabel("冲正原因").FillAsync("演示积分发错了人");
        await admin.ScreenshotAsync("points-10-admin-reverse.phone");
        await award.GetByRole(AriaRole.Button, new() { Name = "确认冲正" }).ClickAsync();

        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("已冲正");
        await Assertions.Expect(admin.Locator("#balance")).ToHaveTextAsync("0");
        await Assertions.Expect(admin.Locator(".statement li").Filter(new() { HasText = "冲正：演示积分发错了人" })).ToContainTextAsync("-90");
        await Assertions.Expect(admin.Locator(".statement li").Filter(new() { HasText = "演示初始积分" }).Last).ToContainTextAsync("已冲正");
        await admin.ScreenshotAsync("points-11-admin-reversed.phone");
    }
}
