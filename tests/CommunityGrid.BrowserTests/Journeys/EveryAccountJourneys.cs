using CommunityGrid.BrowserTests.Infrastructure;

namespace CommunityGrid.BrowserTests.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class EveryAccountJourneys(BrowserApp app)
{
    public static TheoryData<string, string, string> Accounts => new()
    {
        { DemoUsers.CityAdmin, "市级管理员", "市级管理员" },
        { DemoUsers.DistrictAdminSaihan, "赛罕区管理员", "区级管理员" },
        { DemoUsers.StreetAdminRenminlu, "人民路街道管理员", "街道管理员" },
        { DemoUsers.CommunityAdminShiqi, "高晓燕", "社区管理员" },
        { DemoUsers.CommunityAdminSanshundian, "马立新", "社区管理员" },
        { DemoUsers.CommunityAdminLicheng, "杨晨", "社区管理员" },
        { DemoUsers.CommunityAdminHexi, "曹敏", "社区管理员" },
        { DemoUsers.GridChiefShiqi1, "刘芳", "网格长" },
        { DemoUsers.GridWorkerShiqi2, "王磊", "网格员" },
        { DemoUsers.GridChiefSanshundian1, "李娜", "网格长" },
        { DemoUsers.BuildingHeadShiqi1, "张建国", "楼栋长" },
        { DemoUsers.PartyMemberShiqi1, "郭红梅", "党员" },
        { DemoUsers.PartyMemberShiqi2, "何振华", "党员" },
        { DemoUsers.VolunteerShiqi1, "田静", "志愿者" },
        { DemoUsers.RiderLicheng1, "李小龙", "骑手" },
        { DemoUsers.MerchantHexi1, "孙师傅", "爱心商家" },
        { DemoUsers.PropertyStaffSanshundian1, "赵经理", "物业人员" },
        { DemoUsers.ResidentShiqi1, "陈桂兰", "居民" },
        { DemoUsers.ResidentShiqi2, "黄志强", "居民" },
        { DemoUsers.ResidentSanshundian1, "王秀珍", "居民" },
        { DemoUsers.ResidentHexi1, "白玉兰", "居民" },
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
