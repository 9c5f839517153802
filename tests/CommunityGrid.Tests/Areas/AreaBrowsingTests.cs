using System.Net;
using CommunityGrid.Tests.Infrastructure;
using static CommunityGrid.Tests.Areas.DemoAreas;

namespace CommunityGrid.Tests.Areas;

[Collection(SharedApp.Name)]
public class AreaBrowsingTests(AppFactory app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Locating_a_point_inside_a_demo_grid_returns_that_grid_with_its_ancestors()
    {
        var anonymous = app.CreateClient();

        var json = await (await anonymous.GetAsync(FormattableString.Invariant($"/api/areas/locate?lat={InShiqiGrid1Lat}&lng={InShiqiGrid1Lng}"), Ct)).JsonAsync();

        json.GetProperty("grid").GetProperty("code").GetString().ShouldBe(ShiqiGrid1);
        json.GetProperty("grid").GetProperty("name").GetString().ShouldBe("仕奇社区第一网格");
        json.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("code").GetString())
            .ShouldBe([City, Saihan, Renminlu, Shiqi]);
    }

    [Fact]
    public async Task Locating_a_point_outside_every_grid_is_not_found()
    {
        var response = await app.CreateClient().GetAsync("/api/areas/locate?lat=40.0&lng=111.0", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "outside_all_grids");
    }

    [Fact]
    public async Task The_children_of_a_community_come_in_pages()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var shiqi = await app.IdOfAsync(Shiqi);

        var first = await (await client.GetAsync($"/api/areas/{shiqi}/children?page=1&pageSize=4", Ct)).JsonAsync();
        var second = await (await client.GetAsync($"/api/areas/{shiqi}/children?page=2&pageSize=4", Ct)).JsonAsync();

        first.GetProperty("total").GetInt32().ShouldBe(6);
        first.GetProperty("pageSize").GetInt32().ShouldBe(4);
        first.GetProperty("items").GetArrayLength().ShouldBe(4);
        second.GetProperty("items").GetArrayLength().ShouldBe(2);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(a => a.GetProperty("code").GetString())
            .ShouldBe(Enumerable.Range(1, 6).Select(n => $"{Shiqi}{n:000}"));
    }

    [Fact]
    public async Task The_detail_of_an_area_shows_its_ancestors_and_child_counts()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var json = await (await client.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", Ct)).JsonAsync();

        json.GetProperty("area").GetProperty("name").GetString().ShouldBe("仕奇社区");
        json.GetProperty("ancestors").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ShouldBe([City, Saihan, Renminlu]);
        json.GetProperty("childCount").GetInt32().ShouldBe(6);
        json.GetProperty("gridCount").GetInt32().ShouldBe(6);
        json.GetProperty("boundary").GetProperty("type").GetString().ShouldBe("Polygon");
    }

    [Fact]
    public async Task An_area_is_found_by_its_code()
    {
        var client = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);

        var json = await (await client.GetAsync($"/api/areas/by-code/{ShiqiGrid1}", Ct)).JsonAsync();

        json.GetProperty("area").GetProperty("id").GetGuid().ShouldBe(await app.IdOfAsync(ShiqiGrid1));
        json.GetProperty("childCount").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task The_roots_of_a_user_are_the_areas_of_their_grants()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        var street = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);

        var workerRoots = await (await worker.GetAsync("/api/areas/roots", Ct)).JsonAsync();
        var streetRoots = await (await street.GetAsync("/api/areas/roots", Ct)).JsonAsync();

        workerRoots.EnumerateArray().Select(a => a.GetProperty("code").GetString()).ShouldBe([ShiqiGrid2]);
        streetRoots.EnumerateArray().Select(a => a.GetProperty("code").GetString()).ShouldBe([Renminlu]);
    }

    [Fact]
    public async Task A_grid_worker_sees_the_way_to_their_grid_but_not_the_grids_beside_it()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);

        var community = await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", Ct)).JsonAsync();
        var children = await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}/children", Ct)).JsonAsync();

        community.GetProperty("childCount").GetInt32().ShouldBe(1);
        children.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ShouldBe([ShiqiGrid2]);
        (await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid2)}/children", Ct)).JsonAsync())
            .GetProperty("total").GetInt32().ShouldBe(3);
    }

    [Theory]
    [InlineData(ShiqiGrid1)]
    [InlineData(Sanshundian)]
    [InlineData(ShiqiGrid1Building1)]
    public async Task An_area_outside_a_grid_workers_scope_is_not_found(string code)
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        var id = await app.IdOfAsync(code);

        await (await worker.GetAsync($"/api/areas/{id}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.GetAsync($"/api/areas/{id}/children", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.GetAsync($"/api/areas/by-code/{code}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.GetAsync($"/api/areas/{id}/grids.geojson", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unknown_area_is_not_found_just_like_a_hidden_one()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);

        await (await admin.GetAsync($"/api/areas/{Guid.NewGuid()}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync("/api/areas/by-code/999999", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Browsing_areas_needs_a_login()
    {
        var anonymous = app.CreateClient();

        (await anonymous.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_grids_of_a_community_export_as_a_geojson_feature_collection()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var response = await client.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}/grids.geojson", Ct);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        var json = await response.JsonAsync();
        json.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        var features = json.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(6);
        features[0].GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Polygon");
        features[0].GetProperty("properties").GetProperty("code").GetString().ShouldBe(ShiqiGrid1);
        features[0].GetProperty("properties").GetProperty("name").GetString().ShouldBe("仕奇社区第一网格");
        features[0].GetProperty("properties").GetProperty("id").GetString().ShouldBe((await app.IdOfAsync(ShiqiGrid1)).ToString());
    }

    [Fact]
    public async Task The_grid_board_is_public_with_the_staff_and_their_phones()
    {
        var anonymous = app.CreateClient();

        var board = await (await anonymous.GetAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid1)}/board", Ct)).JsonAsync();

        board.GetProperty("gridCode").GetString().ShouldBe(ShiqiGrid1);
        board.GetProperty("gridName").GetString().ShouldBe("仕奇社区第一网格");
        board.GetProperty("communityName").GetString().ShouldBe("仕奇社区");
        var chief = board.GetProperty("gridChiefs").EnumerateArray().Single();
        chief.GetProperty("displayName").GetString().ShouldBe("刘芳");
        chief.GetProperty("title").GetString().ShouldBe("网格长");
        chief.GetProperty("phone").GetString().ShouldBe("13904711001");
        var head = board.GetProperty("buildingHeads").EnumerateArray().Single();
        head.GetProperty("displayName").GetString().ShouldBe("张建国");
        head.GetProperty("phone").GetString().ShouldBe("13904713001");
        head.GetProperty("areaCode").GetString().ShouldBe(ShiqiGrid1Building1);
    }

    [Fact]
    public async Task The_grid_board_is_found_by_grid_code_and_lists_the_grid_workers()
    {
        var board = await (await app.CreateClient().GetAsync($"/api/areas/board?code={ShiqiGrid2}", Ct)).JsonAsync();

        board.GetProperty("gridWorkers").EnumerateArray().Select(w => w.GetProperty("displayName").GetString()).ShouldBe(["王磊"]);
        board.GetProperty("gridWorkers")[0].GetProperty("phone").GetString().ShouldBe("13904711002");
        board.GetProperty("gridChiefs").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Only_grids_have_a_board()
    {
        var anonymous = app.CreateClient();

        await (await anonymous.GetAsync($"/api/areas/board?code={Shiqi}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await anonymous.GetAsync($"/api/areas/{Guid.NewGuid()}/board", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
