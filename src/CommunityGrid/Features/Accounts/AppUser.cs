using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace CommunityGrid.Features.Accounts;

public sealed class AppUser : IdentityUser, IDirectoryData
{
    public const int DisplayNameMaxLength = 32;

    /// <summary>ASP.NET Identity's key and user-name lengths, for the columns of other tables that name an account.</summary>
    public const int IdMaxLength = 450;
    public const int UserNameMaxLength = 256;

    public string DisplayName { get; set; } = "";
    /// <summary>The resident record this account belongs to, if any (residents, party members, volunteers, riders).</summary>
    public Guid? PersonId { get; set; }
    /// <summary>The organisation the account acts for (merchant, property company, station).</summary>
    public Guid? OrganisationId { get; set; }
}

/// <summary>One role held by a user, bound to one area node: the user sees what lies under it.</summary>
public sealed class RoleAssignment : IAreaScoped, IDirectoryData
{
    public const int TitleMaxLength = 32;

    private RoleAssignment() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public Role Role { get; private set; }
    public Guid AreaId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    /// <summary>Shown on the public grid board for staff (e.g. "网格长", "3号楼楼栋长").</summary>
    public string? Title { get; private set; }

    public static RoleAssignment Grant(string userId, Role role, Area area, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(area);
        RoleMustFitLevel(role, area.Level);
        return new RoleAssignment
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Role = role,
            AreaId = area.Id,
            AreaPath = area.Path,
            DistrictCode = area.DistrictCode,
            Title = title,
        };
    }

    private static void RoleMustFitLevel(Role role, AreaLevel level)
    {
        var ok = role switch
        {
            Role.CityAdmin => level == AreaLevel.City,
            Role.DistrictAdmin => level == AreaLevel.District,
            Role.StreetAdmin => level == AreaLevel.Street,
            Role.CommunityAdmin => level == AreaLevel.Community,
            Role.GridChief or Role.GridWorker => level == AreaLevel.Grid,
            Role.BuildingHead => level is AreaLevel.Building or AreaLevel.Unit,
            _ => level >= AreaLevel.Community,
        };
        if (!ok)
        {
            throw new InvalidInputException("role_level_mismatch", "该角色不能绑定到此层级的区域", "This role cannot be bound to an area of this level.");
        }
    }
}
