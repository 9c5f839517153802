using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>The findings of the outside probe, one by one; <see cref="HostileInputFuzzTests"/> keeps their classes out.</summary>
public sealed class HostileInputTests(FuzzApp app) : IClassFixture<FuzzApp>
{
    private const string Garbage = "city.garbage";
    private const double Lat = 40.8110, Lng = 111.7010;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private async Task<string> HouseCodeAsync()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var households = await (await admin.GetAsync("/api/households?areaCode=150105001001001&pageSize=1", Ct)).JsonAsync();
        return households.GetProperty("items")[0].GetProperty("houseCode").GetString()!;
    }

    [Fact]
    public async Task A_NUL_in_a_description_is_refused_naming_the_field_and_the_public_feed_still_answers()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var response = await resident.PostAsJsonAsync("/api/work-orders", new { categoryCode = Garbage, title = "垃圾桶满了", description = "满了\0溢出来", latitude = Lat, longitude = Lng }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_characters");
        problem.GetProperty("field").GetString().ShouldBe("description");
        (await app.CreateClient().GetAsync("/open311/v2/requests.xml", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Text_is_trimmed_rid_of_zero_width_characters_and_composed_while_control_characters_and_lone_surrogates_are_refused()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var created = await (await resident.PostAsJsonAsync("/api/work-orders",
            new { categoryCode = Garbage, title = "  垃圾\u200B桶 cafe\u0301\uFEFF ", description = "第一行\r\n第二行", latitude = Lat, longitude = Lng }, Ct)).JsonAsync(HttpStatusCode.Created);
        created.GetProperty("order").GetProperty("title").GetString().ShouldBe("垃圾桶 café");
        created.GetProperty("order").GetProperty("description").GetString().ShouldBe("第一行\r\n第二行");

        foreach (var (field, raw) in new[] { ("title", "\"a\\nb\""), ("title", "\"a\\u0085b\""), ("description", "\"a\\u001bb\""), ("title", "\"\\uD800x\""), ("title", "\"a\\uFFFEb\""), ("description", "\"\\uDBFF\\uDFFF\"") })
        {
            var body = field == "title"
                ? $$"""{"categoryCode":"{{Garbage}}","title":{{raw}},"latitude":{{Lat}},"longitude":{{Lng}}}"""
                : $$"""{"categoryCode":"{{Garbage}}","title":"t","description":{{raw}},"latitude":{{Lat}},"longitude":{{Lng}}}""";
            var refused = await (await resident.PostAsync("/api/work-orders", Json(body), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_characters");
            refused.GetProperty("field").GetString().ShouldBe(field);
        }
    }

    [Fact]
    public async Task Direction_overrides_and_other_invisible_format_characters_are_dropped_so_a_title_reads_as_it_is_stored()
    {
        var resident = await app.ClientForAsync("resident.shiqi.01");
        // U+202E would show "垃圾桶满了gpj.exe" reversed; isolates, the Arabic letter mark and a tag character hide as well.
        var created = await (await resident.PostAsJsonAsync("/api/work-orders",
            new { categoryCode = Garbage, title = "垃圾桶\u202E满了\u202C\u2066外溢\u2069\u061C\U000E0041", latitude = Lat, longitude = Lng }, Ct)).JsonAsync(HttpStatusCode.Created);
        created.GetProperty("order").GetProperty("title").GetString().ShouldBe("垃圾桶满了外溢");
    }

    [Fact]
    public async Task A_date_out_of_the_years_the_app_knows_in_a_query_is_refused_with_its_name_not_a_server_error()
    {
        var street = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);
        foreach (var url in new[] { "/api/dashboards/150105001?from=9999-01-01&to=9999-12-31", "/api/kpis?areaCode=150105001&from=2026-11-01&to=9999-12-31" })
        {
            var problem = await (await street.GetAsync(url, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "date_out_of_range");
            problem.GetProperty("field").GetString().ShouldBe(url.Contains("dashboards", StringComparison.Ordinal) ? "from" : "to");
        }
    }

    [Fact]
    public async Task Non_finite_or_impossible_coordinates_are_refused_even_beside_a_house_code()
    {
        var house = await HouseCodeAsync();
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        foreach (var (lat, lng) in new[] { ("\"NaN\"", "111.7"), ("\"Infinity\"", "111.7"), ("1e308", "1e308"), ("1e400", "111.7"), ("91.5", "111.7"), ("40.8", "-181"), ("0", "0") })
        {
            var response = await worker.PostAsync("/api/work-orders",
                Json($$"""{"categoryCode":"{{Garbage}}","title":"坐标","houseCode":"{{house}}","latitude":{{lat}},"longitude":{{lng}}}"""), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{lat},{lng}: {body}");
            JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().ShouldBeOneOf("bad_request", "number_out_of_range", "point_out_of_range");
        }
    }

    [Fact]
    public async Task A_deadline_in_year_9999_and_a_date_in_year_1_are_refused()
    {
        var resident = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var order = (await (await resident.PostAsJsonAsync("/api/work-orders", new { categoryCode = Garbage, title = "督办", latitude = Lat, longitude = Lng }, Ct))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("order").GetProperty("id").GetGuid();
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);

        var far = await admin.PostAsync($"/api/work-orders/{order}/supervise", Json("""{"note":"加快","newDeadline":"9999-12-31T23:59:59Z"}"""), Ct);
        (await far.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "date_out_of_range")).GetProperty("field").GetString().ShouldBe("newDeadline");
        var early = await admin.PostAsync($"/api/work-orders/{order}/supervise", Json("""{"note":"加快","newDeadline":"0001-01-01T00:00:00Z"}"""), Ct);
        await early.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "date_out_of_range");
    }

    [Fact]
    public async Task A_null_item_in_a_list_is_refused()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var community = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        await (await admin.PostAsync("/api/webhooks",
            Json("""{"areaCode":"150105","name":"钩子","targetUrl":"https://example.org/hook","eventKinds":[null]}"""), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "null_not_allowed");
        await (await community.PostAsync("/api/volunteers/activities",
            Json("""{"title":"活动","type":"CleanUp","communityCode":"150105001001","address":"仕奇社区","shifts":[null]}"""), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "null_not_allowed");
        await (await community.PostAsync($"/api/households/{Guid.NewGuid()}/surveys",
            Json("""{"note":"走访","changes":[null]}"""), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "null_not_allowed");
    }

    [Fact]
    public async Task An_open311_form_with_an_encoded_NUL_is_refused_not_a_server_error()
    {
        var form = new StringContent("api_key=demo-open311-key%00&service_code=drain&lat=40.8110&long=111.7010&description=x", Encoding.ASCII, "application/x-www-form-urlencoded");
        var response = await app.CreateClient().PostAsync("/open311/v2/requests.json", form, Ct);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_characters");

        var query = await app.CreateClient().GetAsync("/open311/v2/requests.json?service_code=drain%00", Ct);
        await query.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_characters");
    }

    [Fact]
    public async Task Strings_longer_than_their_column_and_bodies_over_a_megabyte_are_refused()
    {
        var worker = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        foreach (var (field, length) in new[] { ("address", 201), ("hotlineTicket", 65), ("requesterName", 33), ("requesterPhone", 21) })
        {
            var body = new Dictionary<string, object> { ["categoryCode"] = Garbage, ["title"] = "长度", ["latitude"] = Lat, ["longitude"] = Lng, [field] = new string('长', length) };
            await (await worker.PostAsJsonAsync("/api/work-orders", body, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var huge = new { categoryCode = Garbage, title = "巨大", address = new string('长', 1_000_000), latitude = Lat, longitude = Lng };
        await (await worker.PostAsJsonAsync("/api/work-orders", huge, Ct)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task A_boundary_of_a_million_vertices_is_refused_at_the_door_and_one_over_the_vertex_limit_by_its_rule()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var million = Ring(1_000_000);
        await (await admin.PostAsync("/api/areas", Json($$"""{"parentId":"{{Guid.NewGuid()}}","code":"150105001001099","name":"巨大网格","boundary":{{million}}}"""), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        Should.Throw<CommunityGrid.Infrastructure.InvalidInputException>(() => CommunityGrid.Features.Areas.GeoJson.ParseBoundary(Ring(CommunityGrid.Features.Areas.Area.MaxBoundaryVertices + 1)))
            .Code.ShouldBe("boundary_too_detailed");
        CommunityGrid.Features.Areas.GeoJson.ParseBoundary(Ring(1_000)).Geometry.NumPoints.ShouldBe(1_001);
    }

    /// <summary>A valid polygon: <paramref name="vertices"/> points on a small circle in 仕奇社区, closed.</summary>
    private static string Ring(int vertices)
    {
        var points = Enumerable.Range(0, vertices).Select(i => (X: Lng + (0.001 * Math.Cos(2 * Math.PI * i / vertices)), Y: Lat + (0.001 * Math.Sin(2 * Math.PI * i / vertices)))).ToList();
        points.Add(points[0]);
        return "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(",", points.Select(p => FormattableString.Invariant($"[{p.X:F7},{p.Y:F7}]"))) + "]]}";
    }

    [Fact]
    public async Task An_empty_body_does_not_reset_a_points_policy_or_clear_a_phone()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        const string policy = "/api/points/policies/150105001001";
        var before = await (await admin.GetAsync(policy, Ct)).Content.ReadAsStringAsync(Ct);
        await (await admin.PutAsync(policy, Json("{}"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        (await (await admin.GetAsync(policy, Ct)).Content.ReadAsStringAsync(Ct)).ShouldBe(before);

        var community = await app.ClientForAsync(DemoUsers.CommunityAdminShiqi);
        var person = (await (await community.GetAsync("/api/people?areaCode=150105001001&pageSize=1", Ct)).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetGuid();
        var detail = await (await community.GetAsync($"/api/people/{person}", Ct)).Content.ReadAsStringAsync(Ct);
        var missing = await (await community.PutAsync($"/api/people/{person}/contact", Json("{}"), Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        missing.GetProperty("missing")[0].GetString().ShouldBe("phone");
        (await (await community.GetAsync($"/api/people/{person}", Ct)).Content.ReadAsStringAsync(Ct)).ShouldBe(detail);
    }
}
