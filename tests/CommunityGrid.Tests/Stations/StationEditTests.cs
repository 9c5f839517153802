using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Stations;

public sealed class StationEditTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    private const string Licheng = "150104001001";
    // 俪城社区 spans 111.655–111.667 E, 40.790–40.798 N in the demo; 石羊桥社区 lies east of it.
    private const double InsideLat = 40.7952, InsideLng = 111.6585;
    private const double ShiyangqiaoLat = 40.7940, ShiyangqiaoLng = 111.6750;
    private static readonly string[] WaterOnly = ["Water"];
    private static readonly string[] UnknownFacility = ["Swimming"];
    private static readonly string[] WaterChargingToilet = ["Water", "Charging", "Toilet"];
    private static readonly string[] WaterChargingMedicine = ["Water", "Charging", "MedicineBox"];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    private static object NewStation(string name, double lat = InsideLat, double lng = InsideLng, object? facilities = null, string? opensAt = "06:30", string? closesAt = "21:00",
        bool roundTheClock = false, Guid? organisationId = null, string communityCode = Licheng) => new
        {
            communityCode,
            organisationId,
            name,
            address = "玉泉区石羊桥南路 66 号",
            latitude = lat,
            longitude = lng,
            facilities = facilities ?? new[] { "Water", "Microwave", "Wifi" },
            opensAt,
            closesAt,
            roundTheClock,
            contactName = "赵站长",
            contactPhone = "13904715099",
        };

    private async Task<Guid> SeededStationAsync(string name) =>
        (await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/stations")).EnumerateArray().Single(s => s.Str("name") == name).Id();

    private Task<(int Stations, int Organisations)> CountsAsync() => app.WithLedgerAsync(async (_, db) => (await db.Stations.CountAsync(), await db.Organisations.CountAsync()));

    private async Task<HttpResponseMessage> CreateAsync(string user, object body) => await (await app.As(user)).PostAsJsonAsync("/api/stations", body);

    private async Task<HttpResponseMessage> EditAsync(string user, Guid id, object body) => await (await app.As(user)).PutAsJsonAsync($"/api/stations/{id}", body);

    [Fact]
    public async Task The_community_admin_opens_a_station_with_its_own_station_organisation_and_riders_see_it()
    {
        var created = await app.PostAsync(DemoUsers.CommunityAdminLicheng, "/api/stations", NewStation("俪城东门红蜂驿站"), HttpStatusCode.Created);

        created.Str("name").ShouldBe("俪城东门红蜂驿站");
        created.Str("communityCode").ShouldBe(Licheng);
        created.Str("hours").ShouldBe("06:30–21:00");
        created.GetProperty("facilities").EnumerateArray().Select(f => f.GetString()).ShouldBe(["Water", "Microwave", "Wifi"]);
        created.GetProperty("isStaff").GetBoolean().ShouldBeTrue();
        var listed = (await app.GetJsonAsync(DemoUsers.RiderLicheng1, "/api/stations")).EnumerateArray().Single(s => s.Id() == created.Id());
        listed.Str("address").ShouldBe("玉泉区石羊桥南路 66 号");
        listed.GetProperty("isStaff").GetBoolean().ShouldBeFalse();

        var organisation = await app.WithLedgerAsync((_, db) => (from s in db.Stations
                                                                 join o in db.Organisations on s.OrganisationId equals o.Id
                                                                 where s.Id == created.Id()
                                                                 select o).SingleAsync());
        organisation.Kind.ShouldBe(OrganisationKind.Station);
        organisation.Name.ShouldBe("俪城东门红蜂驿站");
        organisation.ContactName.ShouldBe("赵站长");
        organisation.AreaPath.ShouldEndWith($"/{Licheng}/");
    }

    [Fact]
    public async Task The_city_admin_above_opens_one_round_the_clock_and_a_night_station_may_close_after_midnight()
    {
        var allDay = await app.PostAsync(DemoUsers.CityAdmin, "/api/stations", NewStation("俪城全天驿站", opensAt: null, closesAt: null, roundTheClock: true, facilities: Array.Empty<string>()), HttpStatusCode.Created);
        allDay.Str("hours").ShouldBe("24h");
        allDay.GetProperty("openNow").GetBoolean().ShouldBeTrue();
        allDay.GetProperty("facilities").GetArrayLength().ShouldBe(0);

        var night = await app.PostAsync(DemoUsers.CommunityAdminLicheng, "/api/stations", NewStation("俪城夜间驿站", opensAt: "18:00", closesAt: "02:00"), HttpStatusCode.Created);
        night.Str("hours").ShouldBe("18:00–02:00");
    }

    [Fact]
    public async Task A_point_outside_the_community_is_refused_422_and_nothing_is_written()
    {
        var before = await CountsAsync();

        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("石羊桥的驿站", ShiyangqiaoLat, ShiyangqiaoLng))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "location_outside_community");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("城外的驿站", 40.70, 111.50))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "location_outside_community");

        (await CountsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("07:00", "07:00", HttpStatusCode.UnprocessableEntity, "hours_empty")]
    [InlineData("07:00", null, HttpStatusCode.BadRequest, "hours_required")]
    [InlineData("7am", "22:00", HttpStatusCode.BadRequest, "hours_invalid")]
    [InlineData("07:00", "24:00", HttpStatusCode.BadRequest, "hours_invalid")]
    public async Task Hours_that_do_not_make_sense_are_refused_with_a_code_and_nothing_is_written(string? opensAt, string? closesAt, HttpStatusCode status, string code)
    {
        var before = await CountsAsync();
        var problem = await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("时间不对的驿站", opensAt: opensAt, closesAt: closesAt))).ShouldBeProblemAsync(status, code);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_missing_or_impossible_location_an_unknown_facility_and_an_empty_name_are_refused_and_nothing_is_written()
    {
        var before = await CountsAsync();
        var noPoint = new { communityCode = Licheng, name = "没有位置的驿站", address = "某路 1 号", facilities = WaterOnly, opensAt = "08:00", closesAt = "20:00" };

        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, noPoint)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "location_required");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("纬度不对的驿站", lat: 95))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "point_out_of_range"); // the input rule for every coordinate
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("设施不对的驿站", facilities: new object[] { 256 }))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "facilities_invalid");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("设施名不对的驿站", facilities: UnknownFacility))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("  "))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation(new string('驿', 101)))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Only_admins_of_the_community_or_above_open_stations_everyone_else_gets_404()
    {
        var before = await CountsAsync();
        foreach (var user in new[] { DemoUsers.CommunityAdminHexi, DemoUsers.DistrictAdminSaihan, DemoUsers.StationStaffLicheng1, DemoUsers.RiderLicheng1, DemoUsers.ResidentHexi1 })
        {
            await (await CreateAsync(user, NewStation("不该有的驿站"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("不存在的社区", communityCode: "150104001999"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.CreateClient().PostAsJsonAsync("/api/stations", NewStation("匿名的驿站"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_station_may_name_a_station_organisation_of_the_community_that_runs_none_yet()
    {
        var free = await app.WithLedgerAsync(async (_, db) =>
        {
            var licheng = await db.Areas.SingleAsync(a => a.Code == Licheng);
            var org = Organisation.Register(OrganisationKind.Station, "俪城南门驿站服务队", licheng, "钱队长", "13904715088");
            db.Add(org);
            await db.SaveChangesAsync();
            return org.Id;
        });
        var ids = await app.WithLedgerAsync(async (_, db) => new
        {
            Seeded = await db.Organisations.Where(o => o.Name == "俪城社区红蜂驿站").Select(o => o.Id).SingleAsync(),
            Merchant = await db.Organisations.Where(o => o.Name == "俪城5元剪发店").Select(o => o.Id).SingleAsync(),
            Hexi = await db.Organisations.Where(o => o.Name == "河西爱心理发店").Select(o => o.Id).SingleAsync(),
        });
        var before = await CountsAsync();

        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("已有驿站的组织", organisationId: ids.Seeded))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "organisation_has_station");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("商家不能开驿站", organisationId: ids.Merchant))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "organisation_not_a_station");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("别的社区的组织", organisationId: ids.Hexi))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("不存在的组织", organisationId: Guid.CreateVersion7()))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await CountsAsync()).ShouldBe(before);

        var created = await app.PostAsync(DemoUsers.CommunityAdminLicheng, "/api/stations", NewStation("俪城南门红蜂驿站", organisationId: free), HttpStatusCode.Created);
        (await app.WithLedgerAsync((_, db) => db.Stations.Where(s => s.Id == created.Id()).Select(s => s.OrganisationId).SingleAsync())).ShouldBe(free);
        (await CountsAsync()).ShouldBe((before.Stations + 1, before.Organisations));
        await (await CreateAsync(DemoUsers.CommunityAdminLicheng, NewStation("第二个", organisationId: free))).ShouldBeProblemAsync(HttpStatusCode.Conflict, "organisation_has_station");
    }

    [Fact]
    public async Task The_admin_edits_everything_and_moving_it_out_of_the_community_changes_nothing()
    {
        var created = await app.PostAsync(DemoUsers.CommunityAdminLicheng, "/api/stations", NewStation("俪城西门红蜂驿站"), HttpStatusCode.Created);
        var edited = await (await EditAsync(DemoUsers.CommunityAdminLicheng, created.Id(), new
        {
            name = "俪城西门红蜂驿站（新）",
            address = "玉泉区石羊桥南路 68 号",
            latitude = 40.7960,
            longitude = 111.6570,
            facilities = WaterChargingToilet,
            opensAt = "07:00",
            closesAt = "23:30",
            roundTheClock = false,
        })).JsonAsync();
        edited.Str("name").ShouldBe("俪城西门红蜂驿站（新）");
        edited.Str("address").ShouldBe("玉泉区石羊桥南路 68 号");
        edited.GetProperty("latitude").GetDouble().ShouldBe(40.7960);
        edited.Str("hours").ShouldBe("07:00–23:30");
        edited.GetProperty("facilities").EnumerateArray().Select(f => f.GetString()).ShouldBe(["Water", "Charging", "Toilet"]);

        await (await EditAsync(DemoUsers.CommunityAdminLicheng, created.Id(), new { latitude = ShiyangqiaoLat, longitude = ShiyangqiaoLng, facilities = Array.Empty<string>(), opensAt = "08:00", closesAt = "09:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "location_outside_community");
        await (await EditAsync(DemoUsers.CommunityAdminLicheng, created.Id(), new { opensAt = "08:00", closesAt = "09:00" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "facilities_required");
        await (await EditAsync(DemoUsers.CommunityAdminLicheng, created.Id(), new { facilities = Array.Empty<string>(), opensAt = "09:00", closesAt = "09:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "hours_empty");
        var after = await app.GetJsonAsync(DemoUsers.CommunityAdminLicheng, $"/api/stations/{created.Id()}");
        after.GetRawText().ShouldBe(edited.GetRawText());
    }

    [Fact]
    public async Task Station_staff_change_their_own_stations_facilities_and_hours_only()
    {
        var own = await SeededStationAsync("俪城社区红蜂驿站");
        var before = await app.GetJsonAsync(DemoUsers.StationStaffLicheng1, $"/api/stations/{own}");

        var edited = await (await EditAsync(DemoUsers.StationStaffLicheng1, own, new { facilities = WaterChargingMedicine, opensAt = "06:00", closesAt = "23:00" })).JsonAsync();
        edited.Str("hours").ShouldBe("06:00–23:00");
        edited.GetProperty("facilities").EnumerateArray().Select(f => f.GetString()).ShouldBe(["Water", "Charging", "MedicineBox"]);
        edited.Str("name").ShouldBe(before.Str("name"));

        // Sending the place back unchanged is fine; changing it is the community's job.
        (await EditAsync(DemoUsers.StationStaffLicheng1, own, new
        {
            name = before.Str("name"),
            address = before.Str("address"),
            latitude = before.GetProperty("latitude").GetDouble(),
            longitude = before.GetProperty("longitude").GetDouble(),
            facilities = WaterOnly,
            roundTheClock = true,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await EditAsync(DemoUsers.StationStaffLicheng1, own, new { name = "韩雪的驿站", facilities = WaterOnly, opensAt = "06:00", closesAt = "23:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "staff_edit_facilities_and_hours_only");
        await (await EditAsync(DemoUsers.StationStaffLicheng1, own, new { latitude = 40.7930, facilities = WaterOnly, opensAt = "06:00", closesAt = "23:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "staff_edit_facilities_and_hours_only");
        var now = await app.GetJsonAsync(DemoUsers.StationStaffLicheng1, $"/api/stations/{own}");
        now.Str("hours").ShouldBe("24h");
        now.Str("name").ShouldBe(before.Str("name"));

        var other = await SeededStationAsync("俪城商业街红蜂驿站");
        var body = new { facilities = WaterOnly, opensAt = "06:00", closesAt = "23:00" };
        foreach (var user in new[] { DemoUsers.StationStaffLicheng1, DemoUsers.RiderLicheng1, DemoUsers.CommunityAdminHexi, DemoUsers.MerchantHexi1 })
        {
            await (await EditAsync(user, other, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await (await EditAsync(DemoUsers.CommunityAdminLicheng, Guid.CreateVersion7(), body)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
