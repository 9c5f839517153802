using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Triage;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.WorkOrders;

namespace CommunityGrid.Tests.Triage;

public sealed class TriageTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private async Task<TriageAnswer> TriageAsync(string userName, object body)
    {
        var client = await app.ClientForAsync(userName);
        var response = await client.PostAsJsonAsync("/api/work-orders/triage", body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TriageAnswer>())!;
    }

    [Fact]
    public async Task A_residents_words_become_the_category_her_building_and_the_estates_property_company()
    {
        var answer = await TriageAsync("resident.sanshundian.01", new { text = "9号楼下水道又堵了，厨房的水半天下不去" });

        answer.Suggestions[0].CategoryCode.ShouldBe("property.drain");
        answer.Suggestions[0].CategoryName.ShouldBe("下水堵塞");
        answer.Suggestions.Count.ShouldBe(3);
        answer.Suggestions.Select(s => s.Confidence).ShouldBeInOrder(SortDirection.Descending);
        answer.NeedsManualTriage.ShouldBeFalse();
        var place = answer.Place.ShouldNotBeNull();
        place.Source.ShouldBe("text");
        place.Level.ShouldBe("Building");
        place.Written.ShouldBe("9号楼");
        place.EstateName.ShouldBe("顺达小区");
        place.Name.ShouldBe("顺达小区9号楼");
        var route = answer.RoutesTo.ShouldNotBeNull();
        route.Target.ShouldBe("Property");
        route.HandlerName.ShouldBe("鑫诚物业服务有限公司");
    }

    [Fact]
    public async Task A_named_unit_and_room_of_the_community_resolve_to_the_house()
    {
        var answer = await TriageAsync("community.sanshundian", new { text = "来电人称9号楼1单元201室楼上漏水，卫生间天花板一直滴水" });

        answer.Suggestions[0].CategoryCode.ShouldBe("property.leak");
        var place = answer.Place.ShouldNotBeNull();
        place.Level.ShouldBe("House");
        place.Name.ShouldBe("顺达小区9号楼1单元201室");
        place.HouseCode.ShouldNotBeNull();
        answer.RoutesTo!.HandlerName.ShouldBe("鑫诚物业服务有限公司");
    }

    [Fact]
    public async Task A_complaint_naming_no_place_falls_back_to_the_residents_home_and_a_grid_matter_to_her_grid()
    {
        var answer = await TriageAsync("resident.shiqi.01", new { text = "小区门口的垃圾好几天没人清运了，臭死了" });

        answer.Suggestions[0].CategoryCode.ShouldBe("city.garbage");
        answer.Place.ShouldNotBeNull().Source.ShouldBe("home");
        answer.Place.Level.ShouldBe("House");
        answer.RoutesTo.ShouldNotBeNull().Target.ShouldBe("Grid");
        answer.RoutesTo.HandlerName.ShouldBe(answer.Place.GridName);
    }

    [Fact]
    public async Task Without_a_home_the_map_point_gives_the_grid()
    {
        var answer = await TriageAsync("grid.shiqi.01", new { text = "路灯不亮，晚上黑漆漆的", latitude = 40.811, longitude = 111.702 });

        answer.Suggestions[0].CategoryCode.ShouldBe("city.streetlight");
        answer.Place.ShouldNotBeNull().Source.ShouldBe("point");
        answer.Place.GridCode.ShouldBe("150105001001001");
    }

    [Theory]
    [InlineData("asdkjh qwpoeiru zxmcnv")]
    [InlineData("Hello, I would like to know the weather tomorrow")]
    [InlineData("😡😡😡🙏")]
    [InlineData("。。。？？？")]
    public async Task Nonsense_english_and_emoji_are_answered_plainly_as_needing_a_person(string text)
    {
        var answer = await TriageAsync("resident.shiqi.01", new { text });

        answer.NeedsManualTriage.ShouldBeTrue();
        answer.Suggestions.Count.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task Two_thousand_characters_are_triaged_and_one_more_is_refused()
    {
        var text = string.Concat(Enumerable.Repeat("电梯坏了，", 400));
        text.Length.ShouldBe(2000);
        (await TriageAsync("resident.shiqi.01", new { text })).Suggestions[0].CategoryCode.ShouldBe("property.elevator");

        var client = await app.ClientForAsync("resident.shiqi.01");
        var problem = await (await client.PostAsJsonAsync("/api/work-orders/triage", new { text = text + "啊" })).Content.ReadAsStringAsync();
        problem.ShouldContain("\"code\"");
        (await client.PostAsJsonAsync("/api/work-orders/triage", new { text = text + "啊" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_text_is_a_problem(string text)
    {
        var client = await app.ClientForAsync("resident.shiqi.01");
        var response = await client.PostAsJsonAsync("/api/work-orders/triage", new { text });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_house_outside_the_callers_areas_is_unknown_and_a_point_off_the_globe_is_refused()
    {
        var client = await app.ClientForAsync("resident.shiqi.01");
        await (await client.PostAsJsonAsync("/api/work-orders/triage", new { text = "下水堵了", houseCode = "150103001001001003010201" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "house_unknown");
        await (await client.PostAsJsonAsync("/api/work-orders/triage", new { text = "下水堵了", latitude = 91.0, longitude = 111.7 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "point_out_of_range");
    }

    [Fact]
    public async Task Anonymous_callers_are_not_triaged() =>
        (await app.CreateClient().PostAsJsonAsync("/api/work-orders/triage", new { text = "下水堵了" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
}
