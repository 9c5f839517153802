using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Areas;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CommunityGrid.Tests.Areas.DemoAreas;

namespace CommunityGrid.Tests.Areas;

/// <summary>Writes to the area tree on an app of its own; each test works in its own corner of 仕奇社区.</summary>
public class AreaEditingTests(AppFactory app) : IClassFixture<AppFactory>
{
    // East of 仕奇社区's block (which ends at lng 111.712) and west of 昭乌达社区 (from 111.716).
    private const double EastWest = 111.712;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_community_admin_creates_a_grid_that_locate_finds_at_once()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var boundary = Rectangle(EastWest, 40.809, 111.714, 40.811);

        var response = await client.PostJsonAsync("/api/areas", new { parentId = await app.IdOfAsync(Shiqi), code = "150105001001007", name = "仕奇社区第七网格", boundary = Json(boundary) });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        created.GetProperty("area").GetProperty("level").GetString().ShouldBe("Grid");
        created.GetProperty("ancestors").EnumerateArray().Last().GetProperty("code").GetString().ShouldBe(Shiqi);
        response.Headers.Location!.ToString().ShouldBe($"/api/areas/{created.GetProperty("area").GetProperty("id").GetGuid()}");
        var located = await (await app.CreateClient().GetAsync("/api/areas/locate?lat=40.810&lng=111.713", Ct)).JsonAsync();
        located.GetProperty("grid").GetProperty("code").GetString().ShouldBe("150105001001007");
    }

    [Fact]
    public async Task A_grid_may_share_an_edge_with_a_sibling()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        // Shares the edge lng 111.712 with grid 3 (111.708–111.712, 40.809–40.813).
        var boundary = Rectangle(EastWest, 40.811, 111.714, 40.813);

        var response = await client.PostJsonAsync("/api/areas", new { parentId = await app.IdOfAsync(Shiqi), code = "150105001001008", name = "仕奇社区第八网格", boundary = Json(boundary) });

        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_community_admin_renames_a_grid_and_redraws_its_boundary()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var id = await app.IdOfAsync("150105001001005");
        var detail = await (await client.GetAsync($"/api/areas/{id}", Ct)).JsonAsync();
        var boundary = detail.GetProperty("boundary").GetRawText();

        var response = await client.PutAsJsonAsync($"/api/areas/{id}", new { name = "仕奇社区第五网格（新）", boundary = Json(boundary) }, Ct);

        var json = await response.JsonAsync();
        json.GetProperty("area").GetProperty("name").GetString().ShouldBe("仕奇社区第五网格（新）");
        json.GetProperty("boundary").GetProperty("type").GetString().ShouldBe("Polygon");
    }

    [Fact]
    public async Task Renaming_without_a_boundary_keeps_it_and_an_explicit_null_removes_it()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var grid2 = await app.IdOfAsync(ShiqiGrid2);
        var grid4 = await app.IdOfAsync(ShiqiGrid4);

        var kept = await (await client.PutAsJsonAsync($"/api/areas/{grid2}", new { name = "仕奇社区第二网格" }, Ct)).JsonAsync();
        var removed = await (await client.PutAsync($"/api/areas/{grid4}", JsonContent.Create(Json("""{"name":"仕奇社区第四网格","boundary":null}""")), Ct)).JsonAsync();

        kept.GetProperty("boundary").GetProperty("type").GetString().ShouldBe("Polygon");
        removed.GetProperty("boundary").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        // Grid 4 is the south-west cell: lng 111.700–111.704, lat 40.805–40.809.
        await (await app.CreateClient().GetAsync("/api/areas/locate?lat=40.807&lng=111.702", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "outside_all_grids");
    }

    [Fact]
    public async Task Moving_a_building_to_another_grid_rewrites_every_path_under_it_and_keeps_the_audit_history()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var building = await app.IdOfAsync("150105001001004002");
        const string oldPath = "150100/150105/150105001/150105001001/150105001001004/150105001001004002/";
        const string newPath = "150100/150105/150105001/150105001001/150105001001005/150105001001004002/";
        var before = await app.WithDbAsync(async db => new
        {
            Areas = await db.Areas.CountAsync(a => a.Path.StartsWith(oldPath), Ct),
            People = await db.People.CountAsync(p => p.AreaPath.StartsWith(oldPath), Ct),
            Households = await db.Households.CountAsync(h => h.AreaPath.StartsWith(oldPath), Ct),
            Audit = await db.AuditEntries.CountAsync(e => e.AreaPath.StartsWith(oldPath), Ct),
        });
        before.Areas.ShouldBe(1 + 2 + 12);
        before.People.ShouldBeGreaterThan(0);

        var response = await client.PostJsonAsync($"/api/areas/{building}/move", new { newParentId = await app.IdOfAsync("150105001001005") });

        var json = await response.JsonAsync();
        json.GetProperty("area").GetProperty("area").GetProperty("path").GetString().ShouldBe(newPath);
        var after = await app.WithDbAsync(async db => new
        {
            OldAreas = await db.Areas.CountAsync(a => a.Path.StartsWith(oldPath), Ct),
            Areas = await db.Areas.CountAsync(a => a.Path.StartsWith(newPath), Ct),
            People = await db.People.CountAsync(p => p.AreaPath.StartsWith(newPath), Ct),
            OldPeople = await db.People.CountAsync(p => p.AreaPath.StartsWith(oldPath), Ct),
            Households = await db.Households.CountAsync(h => h.AreaPath.StartsWith(newPath), Ct),
            Audit = await db.AuditEntries.CountAsync(e => e.AreaPath.StartsWith(oldPath), Ct),
        });
        after.OldAreas.ShouldBe(0);
        after.Areas.ShouldBe(before.Areas);
        after.OldPeople.ShouldBe(0);
        after.People.ShouldBe(before.People);
        after.Households.ShouldBe(before.Households);
        after.Audit.ShouldBe(before.Audit);
        json.GetProperty("rewrittenRows").GetInt32().ShouldBeGreaterThanOrEqualTo(before.Areas - 1 + before.People + before.Households);
    }

    [Fact]
    public async Task A_moved_building_head_appears_on_the_board_of_the_new_grid()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var anonymous = app.CreateClient();

        var response = await client.PostJsonAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid1Building1)}/move", new { newParentId = await app.IdOfAsync(ShiqiGrid2) });

        await response.JsonAsync();
        var grid1 = await (await anonymous.GetAsync($"/api/areas/board?code={ShiqiGrid1}", Ct)).JsonAsync();
        var grid2 = await (await anonymous.GetAsync($"/api/areas/board?code={ShiqiGrid2}", Ct)).JsonAsync();
        grid1.GetProperty("buildingHeads").GetArrayLength().ShouldBe(0);
        grid2.GetProperty("buildingHeads").EnumerateArray().Select(h => h.GetProperty("displayName").GetString()).ShouldBe(["张建国"]);
        // The building head's own scope followed the building.
        var head = await app.ClientForAsync(DemoUsers.BuildingHeadShiqi1);
        (await head.GetAsync("/api/areas/roots", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var roots = await (await head.GetAsync("/api/areas/roots", Ct)).JsonAsync();
        roots[0].GetProperty("path").GetString()!.ShouldStartWith("150100/150105/150105001/150105001001/150105001001002/");
    }

    [Fact]
    public async Task A_street_admin_moves_a_grid_to_another_community_and_locate_follows()
    {
        var client = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);
        var grid6 = await app.IdOfAsync(ShiqiGrid6);

        var response = await client.PostJsonAsync($"/api/areas/{grid6}/move", new { newParentId = await app.IdOfAsync(Zhaowuda) });

        await response.JsonAsync();
        // Grid 6 is the south-east cell of 仕奇社区: lng 111.708–111.712, lat 40.805–40.809.
        var located = await (await app.CreateClient().GetAsync("/api/areas/locate?lat=40.807&lng=111.710", Ct)).JsonAsync();
        located.GetProperty("grid").GetProperty("code").GetString().ShouldBe(ShiqiGrid6);
        located.GetProperty("ancestors").EnumerateArray().Last().GetProperty("code").GetString().ShouldBe(Zhaowuda);
        var chief = await app.WithDbAsync(db => db.RoleAssignments.SingleAsync(r => r.AreaId == grid6, Ct));
        chief.AreaPath.ShouldBe($"150100/150105/150105001/{Zhaowuda}/{ShiqiGrid6}/");
    }

    [Fact]
    public async Task A_retired_grid_leaves_locate_and_keeps_its_record()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var created = await (await client.PostJsonAsync("/api/areas", new { parentId = await app.IdOfAsync(Shiqi), code = "150105001001009", name = "临时网格", boundary = Json(Rectangle(EastWest, 40.805, 111.714, 40.807)) }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("area").GetProperty("id").GetGuid();
        (await app.CreateClient().GetAsync("/api/areas/locate?lat=40.806&lng=111.713", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await client.PostAsync($"/api/areas/{id}/retire", null, Ct);

        (await response.JsonAsync()).GetProperty("area").GetProperty("retired").GetBoolean().ShouldBeTrue();
        await (await app.CreateClient().GetAsync("/api/areas/locate?lat=40.806&lng=111.713", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "outside_all_grids");
        await (await client.PostAsync($"/api/areas/{id}/retire", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_retired");
    }

    [Fact]
    public async Task A_grid_with_live_buildings_cannot_be_retired()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = await app.CountsAsync();

        var response = await client.PostAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid3)}/retire", null, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "area_has_active_children");
        (await app.CountsAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadCreates => new()
    {
        { "150105001001010", """{"type":"Polygon","coordinates":[[[111.712,40.80""", HttpStatusCode.BadRequest, "boundary_malformed" },
        { "150105001001010", """{"type":"Polygon","coordinates":[[[111.712,40.800],[111.714,40.802],[111.714,40.800],[111.712,40.802],[111.712,40.800]]]}""", HttpStatusCode.BadRequest, "boundary_invalid" },
        // Covers half of grid 3 (111.708–111.712, 40.809–40.813).
        { "150105001001010", Rectangle(111.710, 40.809, 111.714, 40.813), HttpStatusCode.Conflict, "grid_overlaps_sibling" },
        { ShiqiGrid1, Rectangle(EastWest, 40.800, 111.714, 40.802), HttpStatusCode.Conflict, "code_taken" },
        { "15010500100101", Rectangle(EastWest, 40.800, 111.714, 40.802), HttpStatusCode.BadRequest, "code_pattern" },
        { "150103001001010", Rectangle(EastWest, 40.800, 111.714, 40.802), HttpStatusCode.BadRequest, "code_pattern" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task A_bad_create_is_refused_with_its_code_and_writes_nothing(string code, string boundary, HttpStatusCode status, string problem)
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var shiqi = await app.IdOfAsync(Shiqi);
        var before = await app.CountsAsync();

        var response = await client.PostJsonAsync("/api/areas", new { parentId = shiqi, code, name = "坏网格", boundary = boundary.StartsWith('{') && problem != "boundary_malformed" ? (object)Json(boundary) : boundary });

        await response.ShouldBeProblemAsync(status, problem);
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Creating_under_an_unknown_parent_is_refused_and_writes_nothing()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = await app.CountsAsync();

        var response = await client.PostJsonAsync("/api/areas", new { parentId = Guid.NewGuid(), code = "150105001001011", name = "网格" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "parent_not_found");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Creating_under_another_community_reads_as_an_unknown_parent()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = await app.CountsAsync();

        var response = await client.PostJsonAsync("/api/areas", new { parentId = await app.IdOfAsync(Sanshundian), code = "150103001001011", name = "网格" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "parent_not_found");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_redrawn_boundary_that_crosses_itself_is_refused_and_the_old_one_stays()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var id = await app.IdOfAsync(ShiqiGrid3);
        var stored = await app.WithDbAsync(db => db.Areas.Where(a => a.Id == id).Select(a => a.BoundaryGeoJson).SingleAsync(Ct));
        var before = await app.CountsAsync();
        const string bowTie = """{"type":"Polygon","coordinates":[[[111.708,40.809],[111.712,40.813],[111.712,40.809],[111.708,40.813],[111.708,40.809]]]}""";

        var response = await client.PutAsJsonAsync($"/api/areas/{id}", new { name = "改名", boundary = Json(bowTie) }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "boundary_invalid");
        (await app.CountsAsync()).ShouldBe(before);
        var after = await app.WithDbAsync(db => db.Areas.Where(a => a.Id == id).Select(a => new { a.Name, a.BoundaryGeoJson }).SingleAsync(Ct));
        after.BoundaryGeoJson.ShouldBe(stored);
        after.Name.ShouldBe("仕奇社区第三网格");
    }

    [Fact]
    public async Task A_redrawn_boundary_over_a_sibling_is_refused()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = await app.CountsAsync();

        // Grid 3 stretched west over all of grid 2.
        var response = await client.PutAsJsonAsync($"/api/areas/{await app.IdOfAsync(ShiqiGrid3)}", new { name = "仕奇社区第三网格", boundary = Json(Rectangle(111.704, 40.809, 111.712, 40.813)) }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "grid_overlaps_sibling");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Moving_into_another_community_the_admin_does_not_hold_is_refused_and_nothing_moves()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var building = await app.IdOfAsync("150105001001003003");
        var before = await app.CountsAsync();

        var response = await client.PostJsonAsync($"/api/areas/{building}/move", new { newParentId = await app.IdOfAsync(SanshundianGrid1) });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "parent_not_found");
        (await app.CountsAsync()).ShouldBe(before);
        (await app.WithDbAsync(db => db.Areas.Where(a => a.Id == building).Select(a => a.Path).SingleAsync(Ct)))
            .ShouldBe("150100/150105/150105001/150105001001/150105001001003/150105001001003003/");
    }

    [Fact]
    public async Task Moving_to_a_parent_of_the_wrong_level_is_refused()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var before = await app.CountsAsync();

        var response = await client.PostJsonAsync($"/api/areas/{await app.IdOfAsync("150105001001003003")}/move", new { newParentId = await app.IdOfAsync(Shiqi) });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "parent_level_mismatch");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_community_admin_cannot_touch_areas_of_another_community()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var theirs = await app.IdOfAsync(SanshundianGrid1);
        var before = await app.CountsAsync();

        await (await client.PutAsJsonAsync($"/api/areas/{theirs}", new { name = "x" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync($"/api/areas/{theirs}/move", new { newParentId = await app.IdOfAsync(Shiqi) })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostAsync($"/api/areas/{theirs}/retire", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_community_admin_cannot_rename_their_own_community_which_belongs_to_the_street()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var response = await client.PutAsJsonAsync($"/api/areas/{await app.IdOfAsync(Shiqi)}", new { name = "改名社区" }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_grid_worker_writes_nothing_even_in_their_own_grid()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridWorkerShiqi2);
        var grid2 = await app.IdOfAsync(ShiqiGrid2);
        var before = await app.CountsAsync();

        await (await worker.PostJsonAsync("/api/areas", new { parentId = grid2, code = "150105001001002009", name = "9号楼" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.PostAsync($"/api/areas/{await app.IdOfAsync("150105001001002001")}/retire", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_create_without_a_code_fails_validation()
    {
        var client = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);

        var response = await client.PostJsonAsync("/api/areas", new { parentId = await app.IdOfAsync(Shiqi), name = "网格" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_grid_index_is_rebuilt_from_the_database_after_a_change()
    {
        var index = app.Services.GetService(typeof(GridIndex)) as GridIndex;
        var live = await app.WithDbAsync(db => db.Areas.CountAsync(a => a.Level == AreaLevel.Grid && !a.Retired && a.BoundaryGeoJson != null, Ct));

        index!.Count.ShouldBe(live);
    }
}
