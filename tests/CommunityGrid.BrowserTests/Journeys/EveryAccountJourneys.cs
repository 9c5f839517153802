using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class EveryAccountJourneys(BrowserApp app)
{
    public static TheoryData<string, string, string> Accounts => new()
    {
        { "admin", "市级管理员", "市级管理员" },
        { "district.saihan", "赛罕区管理员", "区级管理员" },
        { "street.renminlu", "人民路街道管理员", "街道管理员" },
        { "community.shiqi", "高晓燕", "社区管理员" },
        { "community.sanshundian", "马立新", "社区管理员" },
        { "community.licheng", "杨晨", "社区管理员" },
        { "community.hexi", "曹敏", "社区管理员" },
        { "grid.shiqi.01", "刘芳", "网格长" },
        { "grid.shiqi.02", "王磊", "网格员" },
        { "grid.sanshundian.01", "李娜", "网格长" },
        { "building.shiqi.01", "张建国", "楼栋长" },
        { "party.shiqi.01", "郭红梅", "党员" },
        { "party.shiqi.02", "何振华", "党员" },
        { "volunteer.shiqi.01", "田静", "志愿者" },
        { "rider.licheng.01", "李小龙", "骑手" },
        { "merchant.hexi.01", "孙师傅", "爱心商家" },
        { "property.sanshundian.01", "赵经理", "物业人员" },
        { "resident.shiqi.01", "陈桂兰", "居民" },
        { "resident.shiqi.02", "黄志强", "居民" },
        { "resident.sanshundian.01", "王秀珍", "居民" },
        { "resident.hexi.01", "白玉兰", "居民" },
    };

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Every_demo_account_logs_in_through_the_form_and_lands_on_its_own_home(string userName, string displayName, string roleName)
    {
        var page = await app.NewPageAsync(Device.Phone);
        await page.LogInHomeAsync(userName);

        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync(displayName);
        await Assertions.Expect(page.Locator(".roles")).ToContainTextAsync(roleName);
    }
}
