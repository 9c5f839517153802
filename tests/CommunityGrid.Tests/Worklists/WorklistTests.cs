using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Worklists;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.WorkOrders;

namespace CommunityGrid.Tests.Worklists;

public sealed class WorklistTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static object Noise(string title) => new { categoryCode = "dispute.noise", title, description = "晚上十点以后还在放音乐" };

    private async Task<Worklist> WorklistOfAsync(string userName)
    {
        var client = await app.ClientForAsync(userName);
        var response = await client.GetAsync("/api/worklist");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadAsync<Worklist>();
    }

    private static WorklistSection Section(Worklist list, string code) => list.Sections.Single(s => s.Code == code);

    [Fact]
    public async Task An_order_dispatched_to_a_grid_worker_is_on_their_list_to_accept_and_nowhere_outside_its_community()
    {
        var id = await app.ReportAsync("resident.shiqi.02", Noise("楼下广场舞音响太大（待签收）"));
        var dispatchBefore = Section(await WorklistOfAsync("grid.shiqi.02"), "orders_to_dispatch").Count;
        dispatchBefore.ShouldBeGreaterThan(0, "a new report waits for dispatch in its grid");
        (await WorklistOfAsync("community.shiqi")).Sections.ShouldContain(s => s.Code == "orders_unassigned" && s.Items.Any(i => i.Href == $"/orders/{id}"));

        await app.ActAsync("grid.shiqi.02", id, "dispatch", new { assigneeUserName = "grid.shiqi.02" });

        var worker = await WorklistOfAsync("grid.shiqi.02");
        var toAccept = Section(worker, "orders_to_accept");
        toAccept.Items.ShouldContain(i => i.Href == $"/orders/{id}" && i.Title == "楼下广场舞音响太大（待签收）" && i.DueAt != null);
        Section(worker, "orders_to_dispatch").Count.ShouldBe(dispatchBefore - 1);

        foreach (var outsider in new[] { "grid.sanshundian.01", "community.hexi", "property.sanshundian.01", "resident.shiqi.01" })
        {
            (await WorklistOfAsync(outsider)).Sections.SelectMany(s => s.Items).ShouldNotContain(i => i.Href == $"/orders/{id}", outsider);
        }
    }

    [Fact]
    public async Task An_accepted_order_moves_to_the_handlers_list_by_its_deadline()
    {
        var id = await app.ReportAsync("resident.shiqi.02", Noise("装修噪音（办理中）"));
        await app.ActAsync("grid.shiqi.02", id, "dispatch", new { assigneeUserName = "grid.shiqi.02" });
        await app.ActAsync("grid.shiqi.02", id, "accept");

        var worker = await WorklistOfAsync("grid.shiqi.02");
        Section(worker, "orders_to_accept").Items.ShouldNotContain(i => i.Href == $"/orders/{id}");
        var handling = Section(worker, "orders_to_handle");
        handling.Items.ShouldContain(i => i.Href == $"/orders/{id}");
        handling.Items.Single(i => i.Href == $"/orders/{id}").DueAt.ShouldNotBeNull("an order in progress shows its deadline");
    }

    [Fact]
    public async Task Each_role_gets_its_own_sections()
    {
        string[] Codes(Worklist w) => [.. w.Sections.Select(s => s.Code)];
        Codes(await WorklistOfAsync("grid.shiqi.01")).ShouldBe(["orders_to_accept", "orders_to_handle", "orders_to_dispatch", "orders_to_verify", "visits_due", "wishes_to_review"], ignoreOrder: true);
        Codes(await WorklistOfAsync("community.shiqi")).ShouldBe(["orders_unassigned", "orders_overdue", "orders_problem", "extensions_pending", "wishes_to_review", "visits_due"], ignoreOrder: true);
        Codes(await WorklistOfAsync("street.renminlu")).ShouldBe(["orders_red", "orders_yellow", "orders_problem", "worst_communities"], ignoreOrder: true);
        Codes(await WorklistOfAsync("property.sanshundian.01")).ShouldBe(["property_orders"]);
        Codes(await WorklistOfAsync("merchant.hexi.01")).ShouldBe(["bookings_open"]);
        Codes(await WorklistOfAsync("party.shiqi.01")).ShouldContain("my_tasks");
        (await WorklistOfAsync("resident.hexi.01")).Sections.ShouldBeEmpty("a resident with nothing to rate has nothing to do");
    }

    [Fact]
    public async Task The_grid_chief_of_a_resident_living_alone_sees_her_overdue_visit()
    {
        var chief = await WorklistOfAsync("gridchief.150102001001001");
        var visits = Section(chief, "visits_due");
        visits.Count.ShouldBeGreaterThan(0);
        visits.Items.ShouldContain(i => i.Title == "白玉兰" && i.Href == "/care-visits");
    }

    [Fact]
    public async Task A_resolved_order_asks_its_requester_to_rate_it_on_their_worklist()
    {
        var id = await app.ReportAsync("resident.shiqi.02", Noise("楼上装修（待评价）"));
        await app.ActAsync("grid.shiqi.02", id, "dispatch", new { assigneeUserName = "grid.shiqi.02" });
        await app.ActAsync("grid.shiqi.02", id, "accept");
        await app.ActAsync("grid.shiqi.02", id, "resolve", new { note = "已协调，约定施工时间" });
        await app.ActAsync("grid.shiqi.02", id, "verify", new { });

        Section(await WorklistOfAsync("resident.shiqi.02"), "orders_to_rate").Items.ShouldContain(i => i.Href == $"/orders/{id}");
    }

    [Fact]
    public async Task Anonymous_callers_get_no_worklist()
    {
        (await app.CreateClient().GetAsync("/api/worklist")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
