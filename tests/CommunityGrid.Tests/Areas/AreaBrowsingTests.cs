using System.Net;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
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

        var json = await (await anonymous.GetAsync(FormattableString.Invariant($"/api/areas/locate?lat={InShiqiGrid1Lat}&lng={InShiqiGrid1Lng}"), Ct)).ReadAsync<LocateResponse>();

        json.Grid.Code.ShouldBe(ShiqiGrid1);
        json.Grid.Name.ShouldBe("仕奇社区第一网格");
        json.Ancestors.Select(a => a.Code)
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

        var first = await (await client.GetAsync($"/api/areas/{shiqi}/children?page=1&pageSize=4", Ct)).ReadAsync<Page<AreaSummary>>();
        var second = await (await client.GetAsync($"/api/areas/{shiqi}/children?page=2&pageSize=4", Ct)).ReadAsync<Page<AreaSummary>>();

        first.Total.ShouldBe(6);
        first.PageSize.ShouldBe(4);
        first.Items.Count.ShouldBe(4);
        second.Items.Count.ShouldBe(2);
        first.Items.Concat(second.Items)
            .Select(a => a.Code)
            .ShouldBe(Enumerable.Range(1, 6).Select(n => $"{Shiqi}{n:000}"));
    }

    [Fact]
    public async Task The_detail_of_an_area_shows_its_ancestors_and_child_counts()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var json = await (await client.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", Ct)).ReadAsync<AreaDetail>();

        json.Area.Name.ShouldBe("仕奇社区");
        json.Ancestors.Select(a => a.Code).ShouldBe([City, Saihan, Renminlu]);
        json.ChildCount.ShouldBe(6);
        json.GridCount.ShouldBe(6);
        // The boundary is GeoJSON, passed through as it is stored.
        json.Boundary.ShouldNotBeNull().GetProperty("type").GetString().ShouldBe("Polygon");
    }

    [Fact]
    public async Task An_area_is_found_by_its_code()
    {
        var client = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);

        var json = await (await client.GetAsync($"/api/areas/by-code/{ShiqiGrid1}", Ct)).ReadAsync<AreaDetail>();

        json.Area.Id.ShouldBe(await app.IdOfAsync(ShiqiGrid1));
        json.ChildCount.ShouldBe(3);
    }

    [Fact]
    public async Task The_roots_of_a_user_are_the_areas_of_their_grants()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        var street = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);

        var workerRoots = await (await worker.GetAsync("/api/areas/roots", Ct)).ReadAsync<List<AreaSummary>>();
        var streetRoots = await (await street.GetAsync("/api/areas/roots", Ct)).ReadAsync<List<AreaSummary>>();

        workerRoots.Select(a => a.Code).ShouldBe([ShiqiGrid2]);
        streetRoots.Select(a => a.Code).ShouldBe([Renminlu]);
    }

    [Fact]
    public async Task A_grid_worker_sees_the_way_to_their_grid_but_not_the_grids_beside_it()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);

        var community = await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", Ct)).ReadAsync<AreaDetail>();
        var children = await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}/children", Ct)).ReadAsync<Page<AreaSummary>>();

        community.ChildCount.ShouldBe(1);
        children.Items.Select(a => a.Code).ShouldBe([ShiqiGrid2]);
        (await (await worker.GetAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid2)}/children", Ct)).ReadAsync<Page<AreaSummary>>())
            .Total.ShouldBe(3);
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

        var board = await (await anonymous.GetAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid1)}/board", Ct)).ReadAsync<GridBoard>();

        board.GridCode.ShouldBe(ShiqiGrid1);
        board.GridName.ShouldBe("仕奇社区第一网格");
        board.CommunityName.ShouldBe("仕奇社区");
        var chief = board.GridChiefs.Single();
        chief.DisplayName.ShouldBe("刘芳");
        chief.Title.ShouldBe("网格长");
        chief.Phone.ShouldBe("13904711001");
        var head = board.BuildingHeads.Single();
        head.DisplayName.ShouldBe("张建国");
        head.Phone.ShouldBe("13904713001");
        head.AreaCode.ShouldBe(ShiqiGrid1Building1);
    }

    [Fact]
    public async Task The_grid_board_is_found_by_grid_code_and_lists_the_grid_workers()
    {
        var board = await (await app.CreateClient().GetAsync($"/api/areas/board?code={ShiqiGrid2}", Ct)).ReadAsync<GridBoard>();

        board.GridWorkers.Select(w => w.DisplayName).ShouldBe(["王磊"]);
        board.GridWorkers[0].Phone.ShouldBe("13904711002");
        board.GridChiefs.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Only_grids_have_a_board()
    {
        var anonymous = app.CreateClient();

        await (await anonymous.GetAsync($"/api/areas/board?code={Shiqi}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await anonymous.GetAsync($"/api/areas/{Guid.NewGuid()}/board", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
