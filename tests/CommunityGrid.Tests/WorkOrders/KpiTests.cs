using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>KPIs on a constructed history in 河西社区 (no other test of this fixture writes there).</summary>
public sealed class KpiTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private async Task<Guid> ResolvedOrderAsync(string title, TimeSpan acceptAfter, TimeSpan resolveAfter)
    {
        var id = await app.ReportAsync(DemoUsers.ResidentHexi1, new { categoryCode = "city.garbage", title });
        await app.ActAsync(DemoUsers.GridChiefHexi1, id, "dispatch", new { assigneeUserName = DemoUsers.GridChiefHexi1 });
        app.Clock.Advance(acceptAfter);
        await app.ActAsync(DemoUsers.GridChiefHexi1, id, "accept");
        app.Clock.Advance(resolveAfter);
        await app.ActAsync(DemoUsers.GridChiefHexi1, id, "resolve", new { note = "已清运" });
        await app.ActAsync(DemoUsers.GridChiefHexi1, id, "verify", new { });
        return id;
    }

    [Fact]
    public async Task The_five_rates_are_counted_as_the_spec_defines_them()
    {
        // 1: accepted in 30 min, resolved in time, satisfied.
        var a = await ResolvedOrderAsync("一号", TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
        await app.ActAsync(DemoUsers.ResidentHexi1, a, "callback", new { resolved = true, satisfaction = "Satisfied" });
        // 2: accepted late (3 h > 2 h limit), resolved late (> 24 h), basically satisfied.
        var b = await ResolvedOrderAsync("二号", TimeSpan.FromHours(3), TimeSpan.FromHours(30));
        await app.ActAsync(DemoUsers.ResidentHexi1, b, "callback", new { resolved = true, satisfaction = "BasicallySatisfied" });
        // 3: accepted in 1 h, resolved in time, unresolved and unsatisfied → redo, then resolved again and satisfied.
        var c = await ResolvedOrderAsync("三号", TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        await app.ActAsync(DemoUsers.ResidentHexi1, c, "callback", new { resolved = false, satisfaction = "Unsatisfied" });
        await app.ActAsync(DemoUsers.GridChiefHexi1, c, "resolve", new { note = "二次清运" });
        await app.ActAsync(DemoUsers.GridChiefHexi1, c, "verify", new { });
        await app.ActAsync(DemoUsers.ResidentHexi1, c, "callback", new { resolved = true, satisfaction = "Satisfied" });

        var kpi = await (await (await app.ClientForAsync(DemoUsers.CommunityAdminHexi)).GetAsync("/api/kpis?areaCode=150102001001&from=2026-12-01&to=2026-12-31")).JsonAsync();
        kpi.GetProperty("created").GetInt32().ShouldBe(3);
        Ratio(kpi, "responseRate").ShouldBe((2, 3));
        Ratio(kpi, "onTimeResolutionRate").ShouldBe((2, 3));
        Ratio(kpi, "resolutionRate").ShouldBe((3, 3)); // the last answer of each order counts
        Ratio(kpi, "satisfactionRate").ShouldBe((3, 3));
        Ratio(kpi, "redoRate").ShouldBe((1, 3));
        kpi.GetProperty("medianMinutesToAccept").GetDouble().ShouldBe(60);
        kpi.GetProperty("byCategory")[0].GetProperty("key").GetString().ShouldBe("city.garbage");
        kpi.GetProperty("byOrigin")[0].GetProperty("key").GetString().ShouldBe("Resident");
    }

    [Fact]
    public async Task Kpis_of_an_area_outside_the_callers_scope_are_404()
    {
        var response = await (await app.ClientForAsync(DemoUsers.CommunityAdminHexi)).GetAsync("/api/kpis?areaCode=150105001001");
        await response.ShouldBeProblemAsync(System.Net.HttpStatusCode.NotFound, "not_found");
    }

    private static (int, int) Ratio(System.Text.Json.JsonElement kpi, string name)
    {
        var r = kpi.GetProperty(name);
        return (r.GetProperty("numerator").GetInt32(), r.GetProperty("denominator").GetInt32());
    }
}
