using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class CatalogueEditingTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static object Details(string name, int acceptHours, int resolveDays, string routesTo = "Grid", bool active = true) => new
    {
        name,
        nameEn = (string?)null,
        routesTo,
        isServiceOrder = false,
        isConsultation = false,
        open311Code = (string?)null,
        active,
        acceptLimit = new { value = acceptHours, unit = "Hours" },
        resolveLimit = new { value = resolveDays, unit = "WorkingDays" },
    };

    private async Task<System.Text.Json.JsonElement> CategoryAsync(string code)
    {
        var all = await (await app.CreateClient().GetAsync("/api/work-orders/categories")).JsonAsync();
        return all.EnumerateArray().Single(c => c.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task The_city_admin_changes_a_categorys_limits_and_new_orders_get_them()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var changed = await (await admin.PutAsJsonAsync("/api/work-orders/categories/city.road", Details("道路破损", 4, 7))).JsonAsync();
        changed.GetProperty("resolveLimit").GetString().ShouldBe("7 个工作日");

        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.road", title = "路面塌陷" });
        var order = await app.GetAsync(DemoUsers.GridChiefShiqi1, id);
        order.GetProperty("categoryName").GetString().ShouldBe("道路破损");
    }

    [Fact]
    public async Task Only_the_city_admin_edits_the_catalogue_and_bad_limits_change_nothing()
    {
        var before = await CategoryAsync("city.garbage");
        var district = await app.ClientForAsync(DemoUsers.DistrictAdminSaihan);
        await (await district.PutAsJsonAsync("/api/work-orders/categories/city.garbage", Details("改名", 2, 2)))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_city_admin");

        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        await (await admin.PutAsJsonAsync("/api/work-orders/categories/city.garbage", Details("改名", 0, 2)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "time_limit_invalid");
        await (await admin.PutAsJsonAsync("/api/work-orders/categories/no.such", Details("改名", 2, 2)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var after = await CategoryAsync("city.garbage");
        after.GetProperty("name").GetString().ShouldBe(before.GetProperty("name").GetString());
        after.GetProperty("acceptLimit").GetString().ShouldBe(before.GetProperty("acceptLimit").GetString());
    }

    [Fact]
    public async Task A_new_category_joins_the_catalogue_once()
    {
        var admin = await app.ClientForAsync(DemoUsers.CityAdmin);
        var created = await (await admin.PostAsJsonAsync("/api/work-orders/categories", new { code = "city.kiosk", parentCode = "city", details = Details("报刊亭损坏", 2, 1) }))
            .JsonAsync(HttpStatusCode.Created);
        created.GetProperty("code").GetString().ShouldBe("city.kiosk");
        (await CategoryAsync("city.kiosk")).GetProperty("name").GetString().ShouldBe("报刊亭损坏");

        await (await admin.PostAsJsonAsync("/api/work-orders/categories", new { code = "city.kiosk", details = Details("报刊亭损坏", 2, 1) }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "category_exists");
        await (await admin.PostAsJsonAsync("/api/work-orders/categories", new { code = "city.other", parentCode = "nope", details = Details("其他", 2, 1) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "parent_unknown");
    }

    [Fact]
    public async Task A_districts_routing_table_sends_a_property_category_to_the_grid_there_only()
    {
        // 三顺店社区 lies in 回民区 (150103); 9号楼 is in an estate managed by 鑫诚物业.
        var district = await app.ClientForAsync(DemoUsers.CityAdmin);
        var table = await (await district.PutAsJsonAsync("/api/work-orders/routing/150103", new[] { new { categoryCode = "property.drain", routesTo = "Grid" } })).JsonAsync();
        table.GetProperty("overrides")[0].GetProperty("routesTo").GetString().ShouldBe("Grid");

        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "property.drain", title = "9号楼下水堵塞" });
        var order = await app.GetAsync(DemoUsers.GridChiefSanshundian1, id);
        order.GetProperty("routedTo").GetString().ShouldBe("Grid");
        order.GetProperty("propertyOrganisationId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        // Clearing the table restores the catalogue's routing.
        (await (await district.PutAsJsonAsync("/api/work-orders/routing/150103", Array.Empty<object>())).JsonAsync()).GetProperty("overrides").GetArrayLength().ShouldBe(0);
        var again = await app.GetAsync(DemoUsers.GridChiefSanshundian1, await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "property.drain", title = "9号楼下水又堵了" }));
        again.GetProperty("routedTo").GetString().ShouldBe("Property");
    }

    [Fact]
    public async Task A_district_admin_edits_only_its_own_routing_and_a_bad_table_changes_nothing()
    {
        var saihan = await app.ClientForAsync(DemoUsers.DistrictAdminSaihan);
        await (await saihan.PutAsJsonAsync("/api/work-orders/routing/150103", new[] { new { categoryCode = "property.drain", routesTo = "Grid" } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var ok = await (await saihan.PutAsJsonAsync("/api/work-orders/routing/150105", new[] { new { categoryCode = "property.lighting", routesTo = "Grid" } })).JsonAsync();
        ok.GetProperty("overrides").GetArrayLength().ShouldBe(1);
        await (await saihan.PutAsJsonAsync("/api/work-orders/routing/150105", new[]
        {
            new { categoryCode = "property.drain", routesTo = "Grid" },
            new { categoryCode = "no.such", routesTo = "Grid" },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "category_unknown");

        var still = await (await saihan.GetAsync("/api/work-orders/routing/150105")).JsonAsync();
        still.GetProperty("overrides").GetArrayLength().ShouldBe(1);
        still.GetProperty("overrides")[0].GetProperty("categoryCode").GetString().ShouldBe("property.lighting");
    }
}
