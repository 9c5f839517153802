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
        var id = await app.ReportAsync("resident.sanshundian.01", Drain);
        (await AllowedAsync("resident.sanshundian.01", id)).ShouldBe(["cancel"]);
        (await AllowedAsync("grid.sanshundian.01", id)).ShouldBe(["dispatch", "merge"]);
        (await AllowedAsync("community.sanshundian", id)).ShouldBe(["dispatch", "supervise", "merge"]);
        (await AllowedAsync("property.sanshundian.01", id)).ShouldBeEmpty();

        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        (await AllowedAsync("property.sanshundian.01", id)).ShouldBe(["accept", "return"]);
        (await AllowedAsync("grid.sanshundian.01", id)).ShouldBe(["merge"]);
        (await AllowedAsync("resident.sanshundian.01", id)).ShouldBe(["cancel"]);

        await app.ActAsync("property.sanshundian.01", id, "accept");
        (await AllowedAsync("property.sanshundian.01", id)).ShouldBe(["return", "request-extension", "resolve"]);
        (await AllowedAsync("resident.sanshundian.01", id)).ShouldBeEmpty();
        (await AllowedAsync("grid.sanshundian.01", id)).ShouldBeEmpty();
        (await AllowedAsync("community.sanshundian", id)).ShouldBe(["supervise"]);

        var deadline = (await app.GetAsync("property.sanshundian.01", id)).GetProperty("resolveDeadline").GetDateTime();
        await app.ActAsync("property.sanshundian.01", id, "request-extension", new { until = DateTime.SpecifyKind(deadline.AddDays(3), DateTimeKind.Utc), reason = "需更换主管道" });
        (await AllowedAsync("property.sanshundian.01", id)).ShouldBe(["return", "resolve"]);
        (await AllowedAsync("community.sanshundian", id)).ShouldBe(["approve-extension", "supervise"]);

        await app.ActAsync("community.sanshundian", id, "approve-extension", new { approve = true });
        await app.ActAsync("property.sanshundian.01", id, "resolve", new { note = "已疏通下水管道" });
        (await AllowedAsync("property.sanshundian.01", id)).ShouldBeEmpty();
        (await AllowedAsync("grid.sanshundian.01", id)).ShouldBe(["verify", "reject-verification"]);

        await app.ActAsync("grid.sanshundian.01", id, "verify", new { });
        (await AllowedAsync("resident.sanshundian.01", id)).ShouldBe(["callback"]);
        (await AllowedAsync("grid.sanshundian.01", id)).ShouldBe(["callback"]);

        (await app.ActAsync("resident.sanshundian.01", id, "callback", new { resolved = true, satisfaction = "Satisfied" })).Status().ShouldBe("Closed");
        (await AllowedAsync("resident.sanshundian.01", id)).ShouldBeEmpty();
        (await AllowedAsync("community.sanshundian", id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_published_errand_is_offered_to_the_grids_party_members_and_consultations_are_offered_an_answer()
    {
        var errand = await app.ReportAsync("resident.shiqi.01", new { categoryCode = "service.shopping", title = "帮忙代购降压药" });
        await app.ActAsync("grid.shiqi.01", errand, "dispatch", new { toPool = true });
        (await AllowedAsync("party.shiqi.02", errand)).ShouldBe(["accept"]);
        (await AllowedAsync("resident.shiqi.01", errand)).ShouldBe(["cancel"]);

        var question = await app.ReportAsync("resident.sanshundian.01", new { categoryCode = "consult.social", title = "医保报销怎么办理" });
        (await AllowedAsync("grid.sanshundian.01", question)).ShouldBe(["dispatch", "resolve", "merge"]);
    }

    [Fact]
    public async Task Returning_an_order_withdraws_the_handlers_pending_extension_request()
    {
        var id = await app.ReportAsync("resident.sanshundian.01", Drain);
        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        var accepted = await app.ActAsync("property.sanshundian.01", id, "accept");
        var until = DateTime.SpecifyKind(accepted.GetProperty("resolveDeadline").GetDateTime().AddDays(3), DateTimeKind.Utc);
        await app.ActAsync("property.sanshundian.01", id, "request-extension", new { until, reason = "需更换主管道" });

        var returned = await app.ActAsync("property.sanshundian.01", id, "return", new { reason = "主管道属供水公司，请改派" });

        returned.GetProperty("extensionRequestedUntil").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await AllowedAsync("community.sanshundian", id)).ShouldNotContain("approve-extension");
        var response = await (await app.ClientForAsync("community.sanshundian")).PostAsJsonAsync($"/api/work-orders/{id}/approve-extension", new { approve = true });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "no_extension_pending");
    }
}
