using System.Net;
using System.Text.Json;
using CommunityGrid.Features.Governance;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Governance;

public sealed class GridWorkTests(GovernanceApp app) : IClassFixture<GovernanceApp>
{
    private const string Worker = "grid.shiqi.02"; // 仕奇社区 grid 2
    private const string Grid3Chief = "gridchief.150105001001003";
    private static readonly string[] ElderAlone = ["Elderly80Plus", "LivingAlone"];

    [Fact]
    public async Task A_patrol_records_its_route_and_a_finding_becomes_an_order_with_its_photo_and_place()
    {
        await app.RefusedAsync("resident.shiqi.01", "/api/governance/patrols", new { }, HttpStatusCode.Forbidden, "grid_staff_only");
        var patrol = await app.PostAsync<PatrolView>(Worker, "/api/governance/patrols", new { areaCode = (string?)null }, HttpStatusCode.Created);
        patrol.GridCode.ShouldBe("150105001001002");
        await app.RefusedAsync(Worker, "/api/governance/patrols", new { }, HttpStatusCode.Conflict, "patrol_in_progress");

        var url = $"/api/governance/patrols/{patrol.Id}";
        await app.PostAsync<PatrolView>(Worker, $"{url}/points", new { latitude = 40.8105, longitude = 111.7055 });
        await app.RefusedAsync("grid.shiqi.01", $"{url}/points", new { latitude = 40.8105, longitude = 111.7055 }, HttpStatusCode.Forbidden, "not_your_patrol");
        await app.RefusedAsync(Worker, $"{url}/points", new { latitude = 91.0, longitude = 111.7055 }, HttpStatusCode.BadRequest, "point_out_of_range");

        var finding = new { categoryCode = "property.wires", title = "5号楼楼道飞线充电", description = "二单元一楼有电动车飞线充电", latitude = 40.8110, longitude = 111.7060, houseCode = (string?)null, photoIds = Array.Empty<Guid>() };
        await app.RefusedAsync(Worker, $"{url}/findings", finding, HttpStatusCode.BadRequest, "photo_required");
        var photo = await app.UploadPhotoAsync(Worker);
        var found = await app.PostAsync<PatrolView>(Worker, $"{url}/findings", finding with { photoIds = new[] { photo } });
        var order = found.Findings.Single();
        found.Route.Count.ShouldBe(2);
        var detail = await app.GetAsync<JsonElement>(Worker, $"/api/work-orders/{order.WorkOrderId}");
        detail.GetProperty("origin").GetString().ShouldBe("Patrol");
        detail.GetProperty("gridCode").GetString().ShouldBe("150105001001002");
        detail.GetProperty("latitude").GetDouble().ShouldBe(40.8110);
        detail.GetProperty("timeline")[0].GetProperty("photos").EnumerateArray().Select(p => p.GetGuid()).ShouldBe([photo]);

        var ended = await app.PostAsync<PatrolView>(Worker, $"{url}/end", new { note = "发现飞线充电一处，已上报" });
        ended.EndedAt.ShouldNotBeNull();
        ended.CallerMayRecord.ShouldBeFalse();
        await app.RefusedAsync(Worker, $"{url}/points", new { latitude = 40.8105, longitude = 111.7055 }, HttpStatusCode.Conflict, "patrol_ended");
        await app.RefusedAsync(Worker, $"{url}/findings", finding with { photoIds = new[] { photo } }, HttpStatusCode.Conflict, "patrol_ended");
        await app.RefusedAsync("community.hexi", HttpMethod.Get, url, null, HttpStatusCode.NotFound, "not_found");
        (await app.GetAsync<PatrolView>("community.shiqi", url)).Findings.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Visits_list_overdue_households_first_and_coverage_is_the_visited_share_of_the_grids_households()
    {
        // The demo's worker has households whose follow-up visit is overdue: they come first, most overdue on top.
        var due = await app.GetAsync<Page<DueVisit>>(Worker, "/api/governance/visits/due?pageSize=200");
        due.Items[0].Overdue.ShouldBeTrue();
        due.Items.Select(d => d.DaysOverdue).ShouldBeInOrder(SortDirection.Descending);
        due.Items.ShouldAllBe(d => d.GridCode == "150105001001002");

        // Grid 3 has no visits in the demo: two visits made here are its whole coverage.
        var grid3 = await app.WithDbAsync(db => db.Areas.SingleAsync(a => a.Code == "150105001001003"));
        var households = await app.WithDbAsync(db => db.Households.Where(h => h.AreaPath.StartsWith(grid3.Path)).OrderBy(h => h.AreaPath).Select(h => h.Id).ToListAsync());
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddHours(8));
        await app.RefusedAsync(Grid3Chief, "/api/governance/visits", new { householdId = households[0], outcome = "Met", careTagsSeen = Array.Empty<string>(), note = (string?)null, nextDueOn = today },
            HttpStatusCode.BadRequest, "next_visit_invalid");
        await app.RefusedAsync(Worker, "/api/governance/visits", new { householdId = households[0], outcome = "Met", careTagsSeen = Array.Empty<string>(), note = (string?)null, nextDueOn = today.AddDays(30) },
            HttpStatusCode.Forbidden, "grid_staff_only");
        var visit = await app.PostAsync<VisitView>(Grid3Chief, "/api/governance/visits",
            new { householdId = households[0], outcome = "Met", careTagsSeen = ElderAlone, note = "老人独居，身体尚可", nextDueOn = today.AddDays(7) }, HttpStatusCode.Created);
        visit.CareTagsSeen.ShouldBe([CommunityGrid.Features.People.CareTags.LivingAlone, CommunityGrid.Features.People.CareTags.Elderly80Plus], ignoreOrder: true);
        await app.PostAsync<VisitView>(Grid3Chief, "/api/governance/visits",
            new { householdId = households[1], outcome = "NotHome", careTagsSeen = Array.Empty<string>(), note = (string?)null, nextDueOn = today.AddDays(3) }, HttpStatusCode.Created);
        // A second visit to the same household counts it once.
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await app.PostAsync<VisitView>(Grid3Chief, "/api/governance/visits",
            new { householdId = households[1], outcome = "Met", careTagsSeen = Array.Empty<string>(), note = (string?)null, nextDueOn = today.AddDays(30) }, HttpStatusCode.Created);

        var query = $"/api/governance/coverage?areaCode=150105001001&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        var coverage = await app.GetAsync<CoverageReport>("community.shiqi", query);
        var row = coverage.Grids.Items.Single(g => g.GridCode == "150105001001003");
        row.Households.ShouldBe(households.Count);
        row.VisitedHouseholds.ShouldBe(2);
        row.CoveragePercent.ShouldBe(Math.Round(200.0 / households.Count, 1, MidpointRounding.AwayFromZero));
        row.OverdueHouseholds.ShouldBe(0);
        row.Workers.Single().Visits.ShouldBe(3);

        // Her own view holds only her grid; one week on, the first household's follow-up is overdue.
        (await app.GetAsync<CoverageReport>(Grid3Chief, query)).Grids.Items.Select(g => g.GridCode).ShouldBe(["150105001001003"]);
        app.Clock.Advance(TimeSpan.FromDays(8));
        var later = $"/api/governance/coverage?areaCode=150105001001003&from={today:yyyy-MM-dd}&to={today.AddDays(8):yyyy-MM-dd}";
        (await app.GetAsync<CoverageReport>("street.renminlu", later)).Grids.Items.Single().OverdueHouseholds.ShouldBe(1);
        var mine = await app.GetAsync<Page<DueVisit>>(Grid3Chief, "/api/governance/visits/due?pageSize=200");
        mine.Items[0].HouseholdId.ShouldBe(households[0]);
        mine.Items[0].DaysOverdue.ShouldBe(1);
        await app.RefusedAsync("community.hexi", HttpMethod.Get, later, null, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_duty_list_holds_at_most_ten_items_and_an_eleventh_is_refused()
    {
        const string url = "/api/governance/communities/150105001001/duty-list";
        (await app.GetAsync<DutyListView>("grid.shiqi.01", url)).Items.Count.ShouldBe(6);
        var ten = Enumerable.Range(1, 10).Select(i => new { text = $"职责{i}" }).ToArray();
        await app.RefusedAsync("community.shiqi", HttpMethod.Put, url, new { items = ten.Append(new { text = "职责11" }).ToArray() }, (HttpStatusCode)422, "duty_list_full");
        var list = await app.PutAsync<DutyListView>("community.shiqi", url, new { items = ten });
        list.Items.Select(i => i.Position).ShouldBe(Enumerable.Range(1, 10));
        await app.RefusedAsync("community.shiqi", url, new { text = "协助收取物业费" }, (HttpStatusCode)422, "duty_list_full");
        await app.RefusedAsync("grid.shiqi.01", url, new { text = "自己加一条" }, HttpStatusCode.Forbidden, "only_admins_approve_duties");
        await app.RefusedAsync("community.hexi", HttpMethod.Get, url, null, HttpStatusCode.NotFound, "not_found");
        (await app.GetAsync<DutyListView>("grid.shiqi.01", url)).Items.Count.ShouldBe(10);
    }
}
