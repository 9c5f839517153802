using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.Areas;

public class AreaRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    private static (Area City, Area District, Area Street, Area Community, Area Grid) Chain()
    {
        var city = Area.CreateCity("150100", "呼和浩特市");
        var district = Area.CreateUnder(city, "150105", "赛罕区");
        var street = Area.CreateUnder(district, "150105001", "人民路街道");
        var community = Area.CreateUnder(street, "150105001001", "仕奇社区");
        var grid = Area.CreateUnder(community, "150105001001001", "仕奇社区第一网格");
        return (city, district, street, community, grid);
    }

    [Fact]
    public void Each_level_adds_its_digits_to_the_parent_code_and_its_code_to_the_path()
    {
        var (_, district, street, community, grid) = Chain();
        var building = Area.CreateUnder(grid, "150105001001001001", "1号楼");
        var unit = Area.CreateUnder(building, "15010500100100100101", "1单元");
        var house = Area.CreateUnder(unit, "150105001001001001010101", "101室");

        grid.Code.Length.ShouldBe(15);
        grid.Level.ShouldBe(AreaLevel.Grid);
        grid.Path.ShouldBe("150100/150105/150105001/150105001001/150105001001001/");
        grid.ParentPath.ShouldBe(community.Path);
        house.Level.ShouldBe(AreaLevel.House);
        house.Path.ShouldStartWith(unit.Path);
        street.DistrictCode.ShouldBe("150105");
        house.DistrictCode.ShouldBe(district.Code);
    }

    [Theory]
    [InlineData("1501050010010011")] // 16 digits
    [InlineData("15010500100101")] // 14 digits
    [InlineData("150103001001001")] // right length, another community's prefix
    public void A_grid_code_must_be_the_community_code_and_three_digits(string code)
    {
        var (_, _, _, community, _) = Chain();

        var e = Should.Throw<InvalidInputException>(() => Area.CreateUnder(community, code, "网格"));

        e.Code.ShouldBe("code_pattern");
    }

    [Theory]
    [InlineData(AreaLevel.Street, "15010500")]
    [InlineData(AreaLevel.Community, "1501050010011")]
    [InlineData(AreaLevel.Building, "15010500100100101")]
    [InlineData(AreaLevel.Unit, "1501050010010010011")]
    [InlineData(AreaLevel.House, "15010500100100100101011")]
    public void Codes_below_the_district_must_fit_their_level(AreaLevel level, string code)
    {
        var (_, district, street, community, grid) = Chain();
        var building = Area.CreateUnder(grid, "150105001001001001", "1号楼");
        var unit = Area.CreateUnder(building, "15010500100100100101", "1单元");
        var parent = level switch
        {
            AreaLevel.Street => district,
            AreaLevel.Community => street,
            AreaLevel.Building => grid,
            AreaLevel.Unit => building,
            _ => unit,
        };

        Should.Throw<InvalidInputException>(() => Area.CreateUnder(parent, code, "x")).Code.ShouldBe("code_pattern");
    }

    [Theory]
    [InlineData("15010A")]
    [InlineData("")]
    [InlineData(" ")]
    public void A_code_is_digits_only(string code)
    {
        var (city, _, _, _, _) = Chain();

        Should.Throw<InvalidInputException>(() => Area.CreateUnder(city, code, "区")).Code.ShouldBe("code_not_digits");
    }

    [Fact]
    public void A_district_code_is_a_six_digit_administrative_code()
    {
        var (city, _, _, _, _) = Chain();

        Should.Throw<InvalidInputException>(() => Area.CreateUnder(city, "1501051", "区")).Code.ShouldBe("code_length");
    }

    [Fact]
    public void A_house_cannot_have_children()
    {
        var (_, _, _, _, grid) = Chain();
        var unit = Area.CreateUnder(Area.CreateUnder(grid, "150105001001001001", "1号楼"), "15010500100100100101", "1单元");
        var house = Area.CreateUnder(unit, "150105001001001001010101", "101室");

        Should.Throw<InvalidInputException>(() => Area.CreateUnder(house, house.Code + "1", "x")).Code.ShouldBe("house_has_no_children");
    }

    [Fact]
    public void Nothing_is_created_under_a_retired_parent()
    {
        var (_, _, _, community, grid) = Chain();
        grid.Retire(Now, activeChildren: 0);

        Should.Throw<DomainRuleException>(() => Area.CreateUnder(grid, "150105001001001001", "1号楼")).Code.ShouldBe("parent_retired");
        community.Retired.ShouldBeFalse();
    }

    [Fact]
    public void Only_districts_streets_communities_and_grids_carry_a_boundary()
    {
        var (_, _, _, _, grid) = Chain();
        var building = Area.CreateUnder(grid, "150105001001001001", "1号楼");

        Should.Throw<InvalidInputException>(() => building.SetBoundary("{}")).Code.ShouldBe("boundary_not_allowed");
    }

    [Fact]
    public void Moving_a_grid_to_another_community_keeps_its_code_and_follows_the_new_path()
    {
        var (_, _, street, _, grid) = Chain();
        var other = Area.CreateUnder(street, "150105001002", "昭乌达社区");

        grid.MoveUnder(other);

        grid.Code.ShouldBe("150105001001001");
        grid.ParentId.ShouldBe(other.Id);
        grid.Path.ShouldBe("150100/150105/150105001/150105001002/150105001001001/");
    }

    [Fact]
    public void Moving_a_street_to_another_district_changes_its_district_key()
    {
        var (city, _, street, _, _) = Chain();
        var xincheng = Area.CreateUnder(city, "150102", "新城区");

        street.MoveUnder(xincheng);

        street.DistrictCode.ShouldBe("150102");
        street.Path.ShouldBe("150100/150102/150105001/");
    }

    [Fact]
    public void A_node_moves_only_under_a_parent_one_level_up()
    {
        var (_, district, _, _, grid) = Chain();

        Should.Throw<InvalidInputException>(() => grid.MoveUnder(district)).Code.ShouldBe("parent_level_mismatch");
    }

    [Fact]
    public void A_node_cannot_move_under_itself_or_its_descendants()
    {
        var (_, _, street, community, _) = Chain();
        var deeper = Area.CreateUnder(community, "150105001001002", "第二网格");

        Should.Throw<InvalidInputException>(() => street.MoveUnder(deeper)).Code.ShouldBe("parent_level_mismatch");
        Should.Throw<InvalidInputException>(() => community.MoveUnder(community)).Code.ShouldBe("parent_level_mismatch");
    }

    [Fact]
    public void Nothing_moves_under_a_retired_parent()
    {
        var (_, _, street, _, grid) = Chain();
        var other = Area.CreateUnder(street, "150105001002", "昭乌达社区");
        other.Retire(Now, activeChildren: 0);

        Should.Throw<DomainRuleException>(() => grid.MoveUnder(other)).Code.ShouldBe("parent_retired");
    }

    [Fact]
    public void Retiring_records_when_and_happens_once()
    {
        var (_, _, _, _, grid) = Chain();

        grid.Retire(Now, activeChildren: 0);

        grid.Retired.ShouldBeTrue();
        grid.RetiredAt.ShouldBe(Now);
        Should.Throw<DomainRuleException>(() => grid.Retire(Now, 0)).Code.ShouldBe("already_retired");
    }

    [Fact]
    public void A_node_with_live_children_cannot_be_retired()
    {
        var (_, _, _, community, _) = Chain();

        var e = Should.Throw<DomainRuleException>(() => community.Retire(Now, activeChildren: 1));

        e.Code.ShouldBe("area_has_active_children");
        e.Kind.ShouldBe(RuleKind.Conflict);
        community.Retired.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_name_is_required(string name)
    {
        var (_, _, _, _, grid) = Chain();

        Should.Throw<InvalidInputException>(() => grid.Rename(name)).Code.ShouldBe("name_invalid");
    }

    [Fact]
    public void Sibling_grids_may_share_an_edge()
    {
        var left = Square(0, 0, 1);
        var right = Square(1, 0, 1);

        Should.NotThrow(() => Area.GridMustNotOverlapSiblings(left, [("150105001001002", right)]));
    }

    [Fact]
    public void A_sliver_of_overlap_from_imprecise_drawing_is_tolerated()
    {
        var left = Square(0, 0, 1);
        var right = Square(0.999, 0, 1); // 0.1% of the area

        Should.NotThrow(() => Area.GridMustNotOverlapSiblings(left, [("150105001001002", right)]));
    }

    [Fact]
    public void A_grid_covering_part_of_a_sibling_is_rejected()
    {
        var left = Square(0, 0, 1);
        var right = Square(0.5, 0.5, 1);

        var e = Should.Throw<DomainRuleException>(() => Area.GridMustNotOverlapSiblings(left, [("150105001001002", right)]));

        e.Code.ShouldBe("grid_overlaps_sibling");
        e.Kind.ShouldBe(RuleKind.Conflict);
    }

    [Theory]
    [InlineData("150100/150105/", "150100/")]
    [InlineData("150100/", "")]
    public void The_parent_path_is_read_off_the_path(string path, string parent) => AreaPath.Parent(path).ShouldBe(parent);

    private static NetTopologySuite.Geometries.Polygon Square(double x, double y, double size) =>
        GeoJson.Factory.CreatePolygon([new(x, y), new(x + size, y), new(x + size, y + size), new(x, y + size), new(x, y)]);
}
