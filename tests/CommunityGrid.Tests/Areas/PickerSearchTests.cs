using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Areas;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Areas;

/// <summary>The sources of the pickers: names with where they are, never beyond what the caller may see (docs/decisions/0022).</summary>
[Collection(SharedApp.Name)]
public sealed class PickerSearchTests(AppFactory app)
{
    private async Task<List<PickerChoice>> SearchAsync(string userName, string query)
    {
        var client = await app.ClientForAsync(userName);
        var response = await client.GetAsync(query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<List<PickerChoice>>();
    }

    [Fact]
    public async Task A_community_is_found_by_part_of_its_name_with_its_street_and_district()
    {
        var found = await SearchAsync("merchant.hexi.01", "/api/areas/search?level=Community&q=" + Uri.EscapeDataString("俪城"));
        var licheng = found.ShouldHaveSingleItem();
        licheng.ShouldBe(new PickerChoice("150104001001", "俪城社区", "兴隆巷街道 · 玉泉区", "Community"));
    }

    [Fact]
    public async Task A_street_head_finds_her_own_street_among_her_areas_and_nothing_outside_them()
    {
        var mine = await SearchAsync("street.renminlu", "/api/areas/search?mine=true");
        mine[0].ShouldBe(new PickerChoice("150105001", "人民路街道", "赛罕区", "Street"));
        mine.ShouldAllBe(c => c.Value.StartsWith("150105001", StringComparison.Ordinal));
        (await SearchAsync("street.renminlu", "/api/areas/search?mine=true&q=" + Uri.EscapeDataString("俪城"))).ShouldBeEmpty();
        (await SearchAsync("resident.hexi.01", "/api/areas/search?mine=true")).ShouldBeEmpty("a resident keeps no registry");
    }

    [Fact]
    public async Task Grids_read_with_their_community_and_street_and_no_building_or_house_is_offered()
    {
        var grids = await SearchAsync("community.shiqi", "/api/areas/search?level=Grid&q=" + Uri.EscapeDataString("仕奇社区第一"));
        grids.ShouldHaveSingleItem().ShouldBe(new PickerChoice("150105001001001", "仕奇社区第一网格", "仕奇社区 · 人民路街道", "Grid"));
        (await SearchAsync("admin", "/api/areas/search?q=" + Uri.EscapeDataString("号楼"))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("House")]
    [InlineData("City")]
    [InlineData("8")]
    [InlineData("nonsense")]
    public async Task A_level_outside_district_to_grid_is_refused_with_its_code(string level)
    {
        var client = await app.ClientForAsync("admin");
        await (await client.GetAsync($"/api/areas/search?level={level}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "area_level_unknown");
    }

    [Fact]
    public async Task People_are_searched_within_the_registry_and_shown_with_their_grid()
    {
        var found = await SearchAsync("grid.shiqi.01", "/api/people/search?q=" + Uri.EscapeDataString("陈桂兰"));
        var chen = found.ShouldHaveSingleItem();
        chen.Name.ShouldBe("陈桂兰");
        chen.Where.ShouldBe("仕奇社区第一网格 · 仕奇社区");
        (await SearchAsync("grid.sanshundian.01", "/api/people/search?q=" + Uri.EscapeDataString("陈桂兰"))).ShouldBeEmpty("she lives outside that grid");
        var resident = await app.ClientForAsync("resident.shiqi.01");
        await (await resident.GetAsync("/api/people/search?q=" + Uri.EscapeDataString("陈"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Organisations_are_searched_within_the_registry()
    {
        var found = await SearchAsync("community.hexi", "/api/organisations/search?q=" + Uri.EscapeDataString("理发"));
        found.ShouldHaveSingleItem().ShouldBe(found[0] with { Name = "河西爱心理发店", Kind = "Merchant" });
        found[0].Where.ShouldStartWith("河西社区");
        (await SearchAsync("community.shiqi", "/api/organisations/search?q=" + Uri.EscapeDataString("理发"))).ShouldBeEmpty();
    }
}
