using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class PoolAndRaceTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private async Task<Guid> PublishedErrandAsync()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "service.shopping", title = "帮忙代购降压药" });
        (await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "dispatch", new { toPool = true })).Status().ShouldBe("AwaitingAcceptance");
        return id;
    }

    [Fact]
    public async Task A_service_order_in_the_pool_is_seen_by_party_members_of_the_grid_and_taken_by_one()
    {
        var id = await PublishedErrandAsync();
        var pool = await (await (await app.ClientForAsync(DemoUsers.PartyMemberShiqi2)).GetAsync("/api/work-orders/pool")).JsonAsync();
        pool.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ShouldContain(id);

        var elsewhere = await (await (await app.ClientForAsync(DemoUsers.RiderLicheng1)).GetAsync("/api/work-orders/pool")).JsonAsync();
        elsewhere.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ShouldNotContain(id);

        var taken = await app.ActAsync(DemoUsers.PartyMemberShiqi2, id, "accept");
        taken.GetProperty("handlerName").GetString().ShouldBe("何振华");
        await app.ActAsync(DemoUsers.PartyMemberShiqi2, id, "resolve", new { note = "药已送到老人家中" });
        (await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "verify", new { })).Status().ShouldBe("AwaitingCallback");
    }

    [Fact]
    public async Task A_repair_order_cannot_go_to_the_pool()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾未清运" });
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync($"/api/work-orders/{id}/dispatch", new { toPool = true });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_service_order");
    }

    [Fact]
    public async Task Two_members_accepting_at_once_one_wins_the_other_gets_409()
    {
        var first = await app.ClientForAsync(DemoUsers.PartyMemberShiqi1);
        var second = await app.ClientForAsync(DemoUsers.PartyMemberShiqi2);
        for (var round = 0; round < 5; round++)
        {
            var id = await PublishedErrandAsync();
            var responses = await Task.WhenAll(
                first.PostAsJsonAsync($"/api/work-orders/{id}/accept", new { }),
                second.PostAsJsonAsync($"/api/work-orders/{id}/accept", new { }));

            responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
            loser.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var code = (await loser.JsonAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString();
            code.ShouldBeOneOf("concurrent_change", "invalid_transition");

            var order = await app.GetAsync(DemoUsers.GridChiefShiqi1, id);
            order.Status().ShouldBe("InProgress");
            order.Kinds().Count(k => k == "accepted").ShouldBe(1);
        }
    }
}
