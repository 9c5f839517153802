namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// The demo accounts (docs/demo-data.md; seeded by Data/Demo), by who they are, so that a test reads
/// "the grid chief of 仕奇社区 grid 1" and a renamed account is one edit. All share <see cref="Password"/>.
/// </summary>
public static class DemoUsers
{
    public const string Password = "Demo@12345";

    /// <summary>CityAdmin of 呼和浩特市 (150100).</summary>
    public const string CityAdmin = "admin";

    /// <summary>DistrictAdmin of 赛罕区 (150105).</summary>
    public const string DistrictAdminSaihan = "district.saihan";

    /// <summary>StreetAdmin of 人民路街道 (150105001).</summary>
    public const string StreetAdminRenminlu = "street.renminlu";

    /// <summary>CommunityAdmin of 仕奇社区 (150105001001).</summary>
    public const string CommunityAdminShiqi = "community.shiqi";

    /// <summary>CommunityAdmin of 三顺店社区 (150103001001).</summary>
    public const string CommunityAdminSanshundian = "community.sanshundian";

    /// <summary>CommunityAdmin of 俪城社区 (150104001001).</summary>
    public const string CommunityAdminLicheng = "community.licheng";

    /// <summary>CommunityAdmin of 河西社区 (150102001001).</summary>
    public const string CommunityAdminHexi = "community.hexi";

    /// <summary>GridChief of 仕奇社区 grid 1 (150105001001001), 刘芳.</summary>
    public const string GridChiefShiqi1 = "grid.shiqi.01";

    /// <summary>GridWorker of 仕奇社区 grid 2 (150105001001002), 王磊.</summary>
    public const string GridWorkerShiqi2 = "grid.shiqi.02";

    /// <summary>GridChief of 三顺店社区 grid 1 (150103001001001), 李娜.</summary>
    public const string GridChiefSanshundian1 = "grid.sanshundian.01";

    /// <summary>GridChief of 河西社区 grid 1 (150102001001001), who last visited 白玉兰.</summary>
    public const string GridChiefHexi1 = "gridchief.150102001001001";

    /// <summary>GridChief of grid 6 of 东街街道's second community (150102001002006), an account no other test uses.</summary>
    public const string GridChiefDongjieSecondCommunity6 = "gridchief.150102001002006";

    /// <summary>BuildingHead of the first building of 仕奇社区 grid 1, 张建国.</summary>
    public const string BuildingHeadShiqi1 = "building.shiqi.01";

    /// <summary>PartyMember 郭红梅 (在职, 赛罕区人民医院), 仕奇社区 grid 1.</summary>
    public const string PartyMemberShiqi1 = "party.shiqi.01";

    /// <summary>PartyMember 何振华 (在册), 仕奇社区 grid 1.</summary>
    public const string PartyMemberShiqi2 = "party.shiqi.02";

    /// <summary>Volunteer 田静 of 巾帼宜家, 仕奇社区 grid 1.</summary>
    public const string VolunteerShiqi1 = "volunteer.shiqi.01";

    /// <summary>Rider 李小龙 of 红蜂团, 俪城社区.</summary>
    public const string RiderLicheng1 = "rider.licheng.01";

    /// <summary>Merchant of 河西爱心理发店, 河西社区.</summary>
    public const string MerchantHexi1 = "merchant.hexi.01";

    /// <summary>StationStaff of 俪城社区红蜂驿站 (韩雪).</summary>
    public const string StationStaffLicheng1 = "station.licheng.01";

    /// <summary>PropertyStaff of 鑫诚物业, 三顺店社区.</summary>
    public const string PropertyStaffSanshundian1 = "property.sanshundian.01";

    /// <summary>Resident 陈桂兰, a house in 仕奇社区 grid 1.</summary>
    public const string ResidentShiqi1 = "resident.shiqi.01";

    /// <summary>Resident 黄志强, a house in 仕奇社区 grid 2.</summary>
    public const string ResidentShiqi2 = "resident.shiqi.02";

    /// <summary>Resident 王秀珍, a house of 9号楼, 三顺店社区 grid 1.</summary>
    public const string ResidentSanshundian1 = "resident.sanshundian.01";

    /// <summary>Resident 白玉兰, 河西社区 grid 1; 80+, living alone.</summary>
    public const string ResidentHexi1 = "resident.hexi.01";
}
