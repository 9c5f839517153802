using CommunityGrid.Features.Areas;

namespace CommunityGrid.Tests.People;

/// <summary>A small area chain down to houses, for unit tests of entities that hang off houses.</summary>
internal static class TestAreas
{
    public static (Area Grid, Area Building, Area House) Chain()
    {
        var city = Area.CreateCity("150100", "呼和浩特市");
        var district = Area.CreateUnder(city, "150105", "赛罕区");
        var street = Area.CreateUnder(district, "150105001", "人民路街道");
        var community = Area.CreateUnder(street, "150105001001", "仕奇社区");
        var grid = Area.CreateUnder(community, "150105001001001", "仕奇社区第一网格");
        var building = Area.CreateUnder(grid, "150105001001001001", "1号楼");
        var unit = Area.CreateUnder(building, "15010500100100100101", "1单元");
        var house = Area.CreateUnder(unit, "150105001001001001010101", "101室");
        return (grid, building, house);
    }
}
