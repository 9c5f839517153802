using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>The order's detail tells each caller what they may do next, as the routes to POST.</summary>
public sealed class AllowedActionsTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    private async Task<string[]> AllowedAsync(string userName, Guid id) =>
        [.. (await app.GetAsync(userName, id)).GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!)];

    [Fact]
    public async Task Each_party_of_the_loop_is_offered_exactly_its_next_steps_and_each_offered_step_succeeds()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        (await AllowedAsync(DemoUsers.ResidentSanshundian1, id)).ShouldBe(["cancel"]);
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBe(["dispatch", "merge"]);
        (await AllowedAsync(DemoUsers.CommunityAdminSanshundian, id)).ShouldBe(["dispatch", "supervise", "merge"]);
        (await AllowedAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBeEmpty();

        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        (await AllowedAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBe(["accept", "return"]);
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBe(["merge"]);
        (await AllowedAsync(DemoUsers.ResidentSanshundian1, id)).ShouldBe(["cancel"]);

        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        (await AllowedAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBe(["return", "request-extension", "resolve"]);
        (await AllowedAsync(DemoUsers.ResidentSanshundian1, id)).ShouldBeEmpty();
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBeEmpty();
        (await AllowedAsync(DemoUsers.CommunityAdminSanshundian, id)).ShouldBe(["supervise"]);

        var deadline = (await app.GetAsync(DemoUsers.PropertyStaffSanshundian1, id)).GetProperty("resolveDeadline").GetDateTime();
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "request-extension", new { until = DateTime.SpecifyKind(deadline.AddDays(3), DateTimeKind.Utc), reason = "需更换主管道" });
        (await AllowedAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBe(["return", "resolve"]);
        (await AllowedAsync(DemoUsers.CommunityAdminSanshundian, id)).ShouldBe(["approve-extension", "supervise"]);

        await app.ActAsync(DemoUsers.CommunityAdminSanshundian, id, "approve-extension", new { approve = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通下水管道" });
        (await AllowedAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBeEmpty();
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBe(["verify", "reject-verification"]);

        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { });
        (await AllowedAsync(DemoUsers.ResidentSanshundian1, id)).ShouldBe(["callback"]);
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBe(["callback"]);

        (await app.ActAsync(DemoUsers.ResidentSanshundian1, id, "callback", new { resolved = true, satisfaction = "Satisfied" })).Status().ShouldBe("Closed");
        (await AllowedAsync(DemoUsers.ResidentSanshundian1, id)).ShouldBeEmpty();
        (await AllowedAsync(DemoUsers.CommunityAdminSanshundian, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_published_errand_is_offered_to_the_grids_party_members_and_consultations_are_offered_an_answer()
    {
        var errand = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "service.shopping", title = "帮忙代购降压药" });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, errand, "dispatch", new { toPool = true });
        (await AllowedAsync(DemoUsers.PartyMemberShiqi2, errand)).ShouldBe(["accept"]);
        (await AllowedAsync(DemoUsers.ResidentShiqi1, errand)).ShouldBe(["cancel"]);

        var question = await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "consult.social", title = "医保报销怎么办理" });
        (await AllowedAsync(DemoUsers.GridChiefSanshundian1, question)).ShouldBe(["dispatch", "resolve", "merge"]);
    }

    [Fact]
    public async Task Returning_an_order_withdraws_the_handlers_pending_extension_request()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        var accepted = await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        var until = DateTime.SpecifyKind(accepted.GetProperty("resolveDeadline").GetDateTime().AddDays(3), DateTimeKind.Utc);
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "request-extension", new { until, reason = "需更换主管道" });

        var returned = await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "return", new { reason = "主管道属供水公司，请改派" });

        returned.GetProperty("extensionRequestedUntil").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await AllowedAsync(DemoUsers.CommunityAdminSanshundian, id)).ShouldNotContain("approve-extension");
        var response = await (await app.ClientForAsync(DemoUsers.CommunityAdminSanshundian)).PostAsJsonAsync($"/api/work-orders/{id}/approve-extension", new { approve = true });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "no_extension_pending");
    }
}
