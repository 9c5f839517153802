using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class EscalationTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    [Fact]
    public async Task An_unaccepted_property_order_turns_yellow_then_red_and_walks_the_whole_five_level_chain()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "property.drain", title = "9号楼下水堵塞" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });

        app.Clock.Advance(TimeSpan.FromMinutes(95)); // 79% of the 2-hour acceptance limit
        await app.SweepAsync();
        (await app.GetAsync(DemoUsers.GridChiefSanshundian1, id)).GetProperty("urgency").GetString().ShouldBe("Yellow");

        app.Clock.Advance(TimeSpan.FromMinutes(25)); // at the limit: red, first level of the chain
        await app.SweepAsync();
        var red = await app.GetAsync(DemoUsers.GridChiefSanshundian1, id);
        red.GetProperty("urgency").GetString().ShouldBe("Red");
        red.GetProperty("escalationLevel").GetInt32().ShouldBe(1);

        for (var level = 2; level <= 5; level++)
        {
            app.Clock.Advance(TimeSpan.FromHours(4));
            await app.SweepAsync();
            (await app.GetAsync(DemoUsers.GridChiefSanshundian1, id)).GetProperty("escalationLevel").GetInt32().ShouldBe(level);
        }

        app.Clock.Advance(TimeSpan.FromHours(4));
        await app.SweepAsync();
        var top = await app.GetAsync(DemoUsers.GridChiefSanshundian1, id);
        top.GetProperty("escalationLevel").GetInt32().ShouldBe(5, "the chain ends at the street's red-property service centre");
        var notes = top.GetProperty("timeline").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "escalated")
            .Select(e => e.GetProperty("note").GetString()!).ToList();
        notes.Count.ShouldBe(5);
        notes[0].ShouldContain("楼栋长");
        notes[2].ShouldContain("物业公司");
        notes[4].ShouldContain("街道红色物业服务中心");
        top.Kinds().ShouldContain("warning");
        top.Kinds().ShouldContain("overdue");

        var kpi = await (await (await app.ClientForAsync(DemoUsers.CommunityAdminSanshundian)).GetAsync("/api/kpis?areaCode=150103001001")).JsonAsync();
        kpi.GetProperty("overdueNow").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_grid_matter_escalates_grid_community_street_district()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾未清运" });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "dispatch", new { assigneeUserName = DemoUsers.BuildingHeadShiqi1 });
        await app.ActAsync(DemoUsers.BuildingHeadShiqi1, id, "accept");
        app.Clock.Advance(TimeSpan.FromHours(24 + (4 * 4)));
        await app.SweepAsync();
        var order = await app.GetAsync(DemoUsers.GridChiefShiqi1, id);
        order.GetProperty("escalationLevel").GetInt32().ShouldBe(4);
        order.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "escalated")
            .GetProperty("note").GetString()!.ShouldContain("区");
    }

    [Fact]
    public async Task Without_a_rating_in_seven_days_the_order_closes_as_no_callback()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "consult.policy", title = "老年卡怎么办理" });
        (await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "resolve", new { note = "已告知到社区服务大厅办理" })).Status().ShouldBe("AwaitingCallback");
        app.Clock.Advance(TimeSpan.FromDays(8));
        await app.SweepAsync();
        var order = await app.GetAsync(DemoUsers.GridChiefShiqi1, id);
        order.Status().ShouldBe("Closed");
        order.GetProperty("closedHow").GetString().ShouldBe("NoCallback");
    }
}
