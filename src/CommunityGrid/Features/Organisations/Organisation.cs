using System.Text.Json.Serialization;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Organisations;

[JsonConverter(typeof(JsonStringEnumConverter<OrganisationKind>))]
public enum OrganisationKind
{
    /// <summary>物业公司</summary>
    PropertyCompany = 1,
    /// <summary>业主委员会</summary>
    OwnersCommittee = 2,
    /// <summary>物业管理委员会 (物管会)</summary>
    PropertyManagementCommittee = 3,
    /// <summary>社区红色物业服务站</summary>
    RedPropertyServiceStation = 4,
    /// <summary>街道红色物业服务中心</summary>
    RedPropertyServiceCentre = 5,
    /// <summary>爱心商家</summary>
    Merchant = 6,
    /// <summary>社会组织</summary>
    SocialOrganisation = 7,
    /// <summary>在职党员所在单位</summary>
    EmployerUnit = 8,
    /// <summary>红蜂驿站等站点</summary>
    Station = 9,
}

/// <summary>An organisation registered in an area: property companies, committees, merchants, stations…</summary>
public sealed class Organisation : IAreaScoped
{
    public const int NameMaxLength = 100;
    public const int ContactNameMaxLength = 32;
    public const int ContactPhoneMaxLength = 20;
    public const int AddressMaxLength = 200;

    private Organisation() { }

    public Guid Id { get; private set; }
    public OrganisationKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public Guid AreaId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string? ContactName { get; private set; }
    public string? ContactPhone { get; private set; }
    public string? Address { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }

    public static Organisation Register(OrganisationKind kind, string name, Area area, string? contactName = null, string? contactPhone = null, string? address = null, double? lat = null, double? lng = null)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", "名称不能为空且不超过 100 字", "A name is required, at most 100 characters.");
        }

        RegisteredAtTheRightLevel(kind, area);
        return new Organisation
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Name = name.Trim(),
            AreaId = area.Id,
            AreaPath = area.Path,
            DistrictCode = area.DistrictCode,
            ContactName = contactName,
            ContactPhone = contactPhone,
            Address = address,
            Latitude = lat,
            Longitude = lng,
        };
    }

    private static void RegisteredAtTheRightLevel(OrganisationKind kind, Area area)
    {
        var ok = kind switch
        {
            OrganisationKind.RedPropertyServiceStation => area.Level == AreaLevel.Community,
            OrganisationKind.RedPropertyServiceCentre => area.Level == AreaLevel.Street,
            _ => area.Level is >= AreaLevel.District and <= AreaLevel.Grid,
        };
        if (!ok)
        {
            throw new InvalidInputException("organisation_level", "该类组织不能登记在此层级的区域", "This kind of organisation cannot be registered at this area level.");
        }
    }
}

/// <summary>How an estate is managed; the closed loop routes property matters by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EstateManagement>))]
public enum EstateManagement
{
    /// <summary>专业物业公司</summary>
    PropertyCompany = 1,
    /// <summary>业委会自管</summary>
    OwnersCommittee = 2,
    /// <summary>社区代管 (as 三顺店社区 does for old estates with no property company)</summary>
    CommunityManaged = 3,
}

/// <summary>An estate (小区): a set of buildings managed by one organisation.</summary>
public sealed class Estate : IAreaScoped
{
    public const int NameMaxLength = 64;

    private Estate() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Guid CommunityId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public EstateManagement Management { get; private set; }
    /// <summary>The property company or committee; for 社区代管 the community's red-property service station.</summary>
    public Guid ManagerOrganisationId { get; private set; }

    public static Estate Create(string name, Area community, EstateManagement management, Organisation manager)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(manager);
        if (community.Level != AreaLevel.Community)
        {
            throw new InvalidInputException("estate_needs_community", "小区必须属于社区", "An estate belongs to a community.");
        }

        var estate = new Estate
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            CommunityId = community.Id,
            AreaPath = community.Path,
            DistrictCode = community.DistrictCode,
        };
        estate.ChangeManager(management, manager);
        return estate;
    }

    public void ChangeManager(EstateManagement management, Organisation manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        var expected = management switch
        {
            EstateManagement.PropertyCompany => manager.Kind == OrganisationKind.PropertyCompany,
            EstateManagement.OwnersCommittee => manager.Kind is OrganisationKind.OwnersCommittee or OrganisationKind.PropertyManagementCommittee,
            EstateManagement.CommunityManaged => manager.Kind == OrganisationKind.RedPropertyServiceStation,
            _ => false,
        };
        if (!expected)
        {
            throw new InvalidInputException("estate_manager_kind", "管理方式与管理单位类型不符", "The manager organisation does not match the management mode.");
        }

        Management = management;
        ManagerOrganisationId = manager.Id;
    }
}
