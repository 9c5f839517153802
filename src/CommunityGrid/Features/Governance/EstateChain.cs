using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Governance;

/// <summary>A person on one level of the chain: name, title, phone (masked unless the caller's role needs it).</summary>
public sealed record ChainPerson(string Name, string? Title, string? Phone, string Role);

/// <summary>
/// One level of 五级联动. <see cref="OpenOrders"/>: the estate's open orders now pressed at this level;
/// <see cref="EscalationsStoppedHere"/>: of those, the ones that climbed here by escalation and stopped.
/// </summary>
public sealed record ChainLevel(int Level, string LevelName, string LevelNameEn, string Unit, string? UnitPhone, IReadOnlyList<ChainPerson> People, int OpenOrders, int EscalationsStoppedHere);

public sealed record EstateChainView(Guid EstateId, string EstateName, EstateManagement Management, string CommunityName, IReadOnlyList<ChainLevel> Levels, int OpenOrders);

/// <summary>
/// The five-level chain of an estate as people, not codes: district → street (红色物业服务中心) → community
/// (红色物业服务站) → the estate's manager (company, committee, or the community itself) → building heads.
/// </summary>
public sealed class EstateChain(AppDbContext db, CurrentUser current)
{
    public async Task<EstateChainView> OfAsync(Guid estateId, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var estate = await db.Estates.AsNoTracking().SingleOrDefaultAsync(e => e.Id == estateId, ct);
        if (estate is null || !(scope.BoundIn(estate.AreaPath) || scope.Administers(estate.AreaPath)))
        {
            throw new NotFoundException("estate");
        }

        var streetPath = AreaPath.Ancestor(estate.AreaPath, AreaLevel.Street)!;
        var districtPath = AreaPath.Ancestor(estate.AreaPath, AreaLevel.District)!;
        var paths = new[] { districtPath, streetPath, estate.AreaPath };
        var areas = await db.Areas.AsNoTracking().Where(a => paths.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, ct);
        var organisations = await db.Organisations.AsNoTracking()
            .Where(o => o.Id == estate.ManagerOrganisationId
                || (o.AreaPath == streetPath && o.Kind == OrganisationKind.RedPropertyServiceCentre)
                || (o.AreaPath == estate.AreaPath && o.Kind == OrganisationKind.RedPropertyServiceStation))
            .ToListAsync(ct);
        var manager = organisations.Single(o => o.Id == estate.ManagerOrganisationId);
        var centre = organisations.FirstOrDefault(o => o.Kind == OrganisationKind.RedPropertyServiceCentre);
        var station = organisations.FirstOrDefault(o => o.Kind == OrganisationKind.RedPropertyServiceStation);

        var buildings = await db.Areas.AsNoTracking().Where(a => a.EstateId == estate.Id).Select(a => a.Path).ToListAsync(ct);
        var grants = await db.RoleAssignments.AsNoTracking()
            .Where(g => (g.Role == Role.DistrictAdmin && g.AreaPath == districtPath) || (g.Role == Role.StreetAdmin && g.AreaPath == streetPath)
                || (g.Role == Role.CommunityAdmin && g.AreaPath == estate.AreaPath) || (g.Role == Role.BuildingHead && buildings.Contains(g.AreaPath)))
            .Join(db.Users, g => g.UserId, u => u.Id, (g, u) => new { g.Role, g.Title, g.AreaPath, u.DisplayName, u.PhoneNumber })
            .ToListAsync(ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.OrganisationId == manager.Id).Select(u => new { u.DisplayName, u.PhoneNumber }).ToListAsync(ct);

        var open = await db.WorkOrders.AsNoTracking()
            .Where(o => o.EstateId == estate.Id && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled && o.Status != WorkOrderStatus.Merged)
            .Select(o => o.EscalationLevel).ToListAsync(ct);

        // The property chain of the escalation sweep, 1 = building head … 5 = street centre; the district sits above it.
        int At(int escalationLevel) => open.Count(l => l == escalationLevel);
        string? Phone(string? phone) => phone is null ? null : scope.SeesUnmasked(PersonalField.Phone, estate.AreaPath) ? phone : PersonalData.Mask(PersonalField.Phone, phone);
        ChainPerson[] PeopleOf(Role role) => [.. grants.Where(g => g.Role == role).OrderBy(g => g.AreaPath, StringComparer.Ordinal)
            .Select(g => new ChainPerson(g.DisplayName, g.Title, Phone(g.PhoneNumber), role.ChineseName()))];

        var managerLevelName = estate.Management switch
        {
            EstateManagement.PropertyCompany => ("物业公司", "Property company"),
            EstateManagement.OwnersCommittee => ("业委会自管", "Owners' committee"),
            _ => ("社区代管", "Managed by the community"),
        };
        var levels = new List<ChainLevel>
        {
            new(1, "区", "District", areas.GetValueOrDefault(districtPath, ""), null, PeopleOf(Role.DistrictAdmin), 0, 0),
            new(2, "街道红色物业服务中心", "Street red-property centre", centre?.Name ?? areas.GetValueOrDefault(streetPath, ""), Phone(centre?.ContactPhone),
                PeopleOf(Role.StreetAdmin), At(5), At(5)),
            new(3, "社区红色物业服务站", "Community red-property station", station?.Name ?? areas.GetValueOrDefault(estate.AreaPath, ""), Phone(station?.ContactPhone),
                PeopleOf(Role.CommunityAdmin), At(4), At(4)),
            new(4, managerLevelName.Item1, managerLevelName.Item2, manager.Name, Phone(manager.ContactPhone),
                [.. staff.Select(s => new ChainPerson(s.DisplayName, manager.ContactName == s.DisplayName ? "负责人" : null, Phone(s.PhoneNumber), Role.PropertyStaff.ChineseName()))],
                At(0) + At(3), At(3)),
            new(5, "楼栋长/单元长", "Building heads", $"{buildings.Count} 栋楼", null, PeopleOf(Role.BuildingHead), At(1) + At(2), At(1) + At(2)),
        };
        return new EstateChainView(estate.Id, estate.Name, estate.Management, areas.GetValueOrDefault(estate.AreaPath, ""), levels, open.Count);
    }
}
