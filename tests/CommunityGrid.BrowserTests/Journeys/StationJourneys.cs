using System.Text.RegularExpressions;
using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

/// <summary>
/// Stations and alliance offerings kept up to date on phones: 俪城社区's admin opens a station, its
/// staff change their own station's hours, a caring merchant stops offering a service.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StationJourneys(BrowserApp app)
{
    [Fact]
    public async Task The_community_admin_opens_a_station_and_the_station_staff_change_its_hours()
    {
        var admin = await app.NewPageAsync(Device.Phone);
        await admin.LogInHomeAsync(DemoUsers.CommunityAdminLicheng);
        await admin.GotoAsync("/stations");
        await admin.GetByRole(AriaRole.Link, new() { Name = "新建驿站" }).ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("新建驿站");
        await admin.GetByLabel("驿站名称").FillAsync("俪城北门红蜂驿站");
        await admin.GetByLabel("地址").FillAsync("玉泉区石羊桥南路俪城北门 2 号");
        await admin.GetByLabel("联系人（选填）").FillAsync("赵站长");
        await admin.GetByLabel("医药箱").CheckAsync();
        await admin.GetByLabel("休息室").CheckAsync();
        await admin.GetByLabel("开门").FillAsync("06:30");
        await admin.GetByLabel("关门").FillAsync("22:30");
        // First a point just east of 俪城社区, outside it: refused, with what was typed kept.
        await admin.GetByLabel("纬度").FillAsync("40.7940");
        await admin.GetByLabel("经度").FillAsync("111.6750");
        await admin.ScreenshotAsync("station-03-admin-new-form.phone");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("驿站位置不在本社区范围内");
        await Assertions.Expect(admin.GetByLabel("驿站名称")).ToHaveValueAsync("俪城北门红蜂驿站");
        await Assertions.Expect(admin.GetByLabel("医药箱")).ToBeCheckedAsync();
        await admin.ScreenshotAsync("station-04-admin-outside-community.phone");

        await admin.GetByLabel("纬度").FillAsync("40.7965");
        await admin.GetByLabel("经度").FillAsync("111.6620");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("驿站信息已保存");
        var created = admin.Locator(".station").Filter(new() { HasText = "俪城北门红蜂驿站" });
        await Assertions.Expect(created).ToContainTextAsync("06:30–22:30");
        await Assertions.Expect(created).ToContainTextAsync("医药箱");
        await Assertions.Expect(created).ToContainTextAsync("休息室");
        await admin.ScreenshotAsync("station-05-admin-list-with-new.phone");

        var staff = await app.NewPageAsync(Device.Phone);
        await staff.LogInHomeAsync(DemoUsers.StationStaffLicheng1);
        await staff.GotoAsync("/stations");
        await Assertions.Expect(staff.GetByRole(AriaRole.Link, new() { Name = "新建驿站" })).ToHaveCountAsync(0);
        await Assertions.Expect(staff.Locator(".station").Filter(new() { HasText = "俪城商业街红蜂驿站" }).GetByRole(AriaRole.Link, new() { Name = "编辑驿站" })).ToHaveCountAsync(0);
        await staff.Locator(".station").Filter(new() { HasText = "俪城社区红蜂驿站" }).GetByRole(AriaRole.Link, new() { Name = "编辑驿站" }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync("编辑驿站");
        await Assertions.Expect(staff.GetByLabel("纬度")).ToHaveCountAsync(0);
        await Assertions.Expect(staff.GetByLabel("开门")).ToHaveValueAsync("07:00");
        await staff.GetByLabel("开门").FillAsync("06:00");
        await staff.GetByLabel("关门").FillAsync("23:00");
        await staff.ScreenshotAsync("station-06-staff-edit-hours.phone");
        await staff.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("驿站信息已保存");
        await Assertions.Expect(staff.Locator(".station").Filter(new() { HasText = "俪城社区红蜂驿站" })).ToContainTextAsync("06:00–23:00");
        await staff.ScreenshotAsync("station-07-staff-list-new-hours.phone");

        // The staff account cannot open the form of another station or a new one.
        var response = await staff.GotoAsync("/stations/new");
        response!.Status.ShouldBe(404);
    }

    [Fact]
    public async Task A_merchant_stops_offering_a_service_and_it_leaves_the_list()
    {
        var merchant = await app.NewPageAsync(Device.Phone);
        await merchant.LogInHomeAsync(DemoUsers.MerchantHexi1);
        await merchant.GotoAsync("/alliance/merchant");
        await merchant.GetByText("发布新服务").ClickAsync();
        await merchant.GetByLabel("服务名称").FillAsync("免费修理自行车");
        await merchant.GetByLabel("独居空巢").CheckAsync();
        await merchant.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(merchant.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        var offering = merchant.Locator(".order-card").Filter(new() { HasText = "免费修理自行车" });
        await Assertions.Expect(offering).ToHaveCountAsync(1);
        await merchant.ScreenshotAsync("station-08-merchant-offerings.phone");

        string? asked = null;
        merchant.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await offering.GetByRole(AriaRole.Button, new() { Name = "停止提供" }).ClickAsync();
        await Assertions.Expect(merchant).ToHaveURLAsync(WithdrawnUrl());
        await Assertions.Expect(merchant.GetByRole(AriaRole.Status)).ToContainTextAsync("已停止提供");
        await Assertions.Expect(merchant.Locator(".order-card").Filter(new() { HasText = "免费修理自行车" })).ToHaveCountAsync(0);
        asked.ShouldNotBeNull().ShouldContain("居民将不能再预约");
        await merchant.ScreenshotAsync("station-09-merchant-withdrawn.phone");

        await merchant.GotoAsync("/alliance/150102001001");
        await Assertions.Expect(merchant.Locator("main")).Not.ToContainTextAsync("免费修理自行车");
    }

    [GeneratedRegex("/alliance/merchant\\?done=withdrawn$")]
    private static partial Regex WithdrawnUrl();
}
