namespace CommunityGrid.Kernel;

/// <summary>Roles of SPEC.md's table; each assignment binds one role to one area node.</summary>
public enum Role
{
    CityAdmin = 1,
    DistrictAdmin = 2,
    StreetAdmin = 3,
    CommunityAdmin = 4,
    /// <summary>网格长</summary>
    GridChief = 5,
    /// <summary>网格员</summary>
    GridWorker = 6,
    /// <summary>楼栋长 / 单元长</summary>
    BuildingHead = 7,
    PartyMember = 8,
    Volunteer = 9,
    Rider = 10,
    Merchant = 11,
    PropertyStaff = 12,
    Resident = 13,
    StationStaff = 14,
}

public static class Roles
{
    /// <summary>Roles that keep the registry of their area: they list and read residents under it.</summary>
    public static bool KeepsRegistry(this Role role) => role is Role.CityAdmin or Role.DistrictAdmin or Role.StreetAdmin
        or Role.CommunityAdmin or Role.GridChief or Role.GridWorker or Role.BuildingHead;

    /// <summary>Roles whose work needs full ID numbers and phones (community and grid staff who visit households).</summary>
    public static bool NeedsSensitiveData(this Role role) => role is Role.CommunityAdmin or Role.GridChief or Role.GridWorker;

    /// <summary>Roles that may edit the area tree and people under their node.</summary>
    public static bool Administers(this Role role) => role is Role.CityAdmin or Role.DistrictAdmin or Role.StreetAdmin or Role.CommunityAdmin;

    public static string ChineseName(this Role role) => role switch
    {
        Role.CityAdmin => "市级管理员",
        Role.DistrictAdmin => "区级管理员",
        Role.StreetAdmin => "街道管理员",
        Role.CommunityAdmin => "社区管理员",
        Role.GridChief => "网格长",
        Role.GridWorker => "网格员",
        Role.BuildingHead => "楼栋长",
        Role.PartyMember => "党员",
        Role.Volunteer => "志愿者",
        Role.Rider => "骑手（红蜂团）",
        Role.Merchant => "爱心商家",
        Role.PropertyStaff => "物业人员",
        Role.Resident => "居民",
        Role.StationStaff => "驿站工作人员",
        _ => role.ToString(),
    };

    public static string EnglishName(this Role role) => role switch
    {
        Role.CityAdmin => "City admin",
        Role.DistrictAdmin => "District admin",
        Role.StreetAdmin => "Street admin",
        Role.CommunityAdmin => "Community admin",
        Role.GridChief => "Grid chief",
        Role.GridWorker => "Grid worker",
        Role.BuildingHead => "Building head",
        Role.PartyMember => "Party member",
        Role.Volunteer => "Volunteer",
        Role.Rider => "Rider",
        Role.Merchant => "Caring merchant",
        Role.PropertyStaff => "Property staff",
        Role.Resident => "Resident",
        Role.StationStaff => "Station staff",
        _ => role.ToString(),
    };
}
