using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class ClosedLoopTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    [Fact]
    public async Task A_blocked_drain_goes_from_report_to_rating_through_the_property_company()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var order = await app.GetAsync(DemoUsers.ResidentSanshundian1, id);
        order.Status().ShouldBe("AwaitingDispatch");
        order.GetProperty("routedTo").GetString().ShouldBe("Property");
        order.GetProperty("gridCode").GetString().ShouldBe("150103001001001");

        (await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true })).Status().ShouldBe("AwaitingAcceptance");
        (await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept")).Status().ShouldBe("InProgress");
        (await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通下水管道" })).Status().ShouldBe("AwaitingVerification");
        (await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { note = "入户核实，已通畅" })).Status().ShouldBe("AwaitingCallback");
        var rated = await app.ActAsync(DemoUsers.ResidentSanshundian1, id, "callback", new { resolved = true, satisfaction = "Satisfied", comment = "很及时" });

        rated.Status().ShouldBe("Closed");
        rated.Kinds().ShouldBe(["registered", "routed", "dispatched", "accepted", "handled", "verified", "callback_pending", "rated", "closed"]);
        rated.GetProperty("timeline")[3].GetProperty("text").GetString()!.ShouldContain("已接单");
    }

    [Fact]
    public async Task A_report_names_who_handles_it_and_routing_is_credited_to_the_system_not_the_reporter()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);
        var toProperty = await (await client.PostAsJsonAsync("/api/work-orders", Drain)).JsonAsync(HttpStatusCode.Created);
        toProperty.GetProperty("order").GetProperty("routedTo").GetString().ShouldBe("Property");
        toProperty.GetProperty("handledBy").GetString().ShouldBe("鑫诚物业服务有限公司");
        var timeline = toProperty.GetProperty("order").GetProperty("timeline").EnumerateArray().ToList();
        timeline.Single(e => e.GetProperty("kind").GetString() == "registered").GetProperty("actorName").GetString().ShouldBe("王秀珍");
        timeline.Single(e => e.GetProperty("kind").GetString() == "routed").GetProperty("actorName").GetString().ShouldBe("系统");

        var toGrid = await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.road", title = "小区门口路面塌陷" })).JsonAsync(HttpStatusCode.Created);
        toGrid.GetProperty("order").GetProperty("routedTo").GetString().ShouldBe("Grid");
        toGrid.GetProperty("handledBy").GetString().ShouldBe(toGrid.GetProperty("order").GetProperty("gridName").GetString());
        var order = await app.GetAsync(DemoUsers.GridChiefSanshundian1, toGrid.GetProperty("order").GetProperty("id").GetGuid());
        order.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "routed").GetProperty("actorName").GetString().ShouldBe("系统");
    }

    [Fact]
    public async Task A_resident_cannot_dispatch()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.ResidentSanshundian1)).PostAsJsonAsync($"/api/work-orders/{id}/dispatch", new { toProperty = true });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_grid_staff");
    }

    [Fact]
    public async Task Dispatch_to_a_worker_outside_the_grid_is_rejected()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/work-orders/{id}/dispatch", new { assigneeUserName = DemoUsers.PartyMemberShiqi1 });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "assignee_outside_grid");
        (await app.GetAsync(DemoUsers.GridChiefSanshundian1, id)).Status().ShouldBe("AwaitingDispatch");
    }

    [Fact]
    public async Task Only_the_assignee_can_accept()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/work-orders/{id}/accept", new { });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_assignee");
    }

    [Fact]
    public async Task Verifying_an_order_that_is_not_done_is_409_invalid_transition()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/work-orders/{id}/verify", new { });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Staff_of_another_community_get_404_for_the_order()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefShiqi1)).GetAsync($"/api/work-orders/{id}");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var act = await (await app.ClientForAsync(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync($"/api/work-orders/{id}/dispatch", new { toProperty = true });
        await act.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Another_resident_gets_404_for_my_order()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.ResidentShiqi1)).GetAsync($"/api/work-orders/{id}");
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_requester_can_cancel_before_acceptance_but_not_after()
    {
        var first = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        (await app.ActAsync(DemoUsers.ResidentSanshundian1, first, "cancel", new { note = "已自行解决" })).Status().ShouldBe("Cancelled");

        var second = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, second, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, second, "accept");
        var response = await (await app.ClientForAsync(DemoUsers.ResidentSanshundian1)).PostAsJsonAsync($"/api/work-orders/{second}/cancel", new { });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task Bad_reports_are_400_and_write_nothing()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);
        var before = (await (await client.GetAsync("/api/work-orders?pageSize=1")).JsonAsync()).GetProperty("total").GetInt32();

        await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "no.such", title = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "category_unknown");
        await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = "垃圾", latitude = 39.9, longitude = 116.4 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "outside_all_grids");
        await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "title_invalid");
        var patrol = await app.ClientForAsync(DemoUsers.GridChiefSanshundian1);
        await (await patrol.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.garbage", title = "垃圾满溢", latitude = 40.826, longitude = 111.642 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "photo_required");

        (await (await client.GetAsync("/api/work-orders?pageSize=1")).JsonAsync()).GetProperty("total").GetInt32().ShouldBe(before);
    }

    [Fact]
    public async Task A_return_with_reason_goes_back_to_dispatch_and_three_hand_offs_make_a_problem_order()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        for (var i = 0; i < 3; i++)
        {
            await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
            (await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "return", new { reason = "不属于物业管辖范围" })).Status().ShouldBe("AwaitingDispatch");
        }

        var order = await app.GetAsync(DemoUsers.GridChiefSanshundian1, id);
        order.GetProperty("handoffCount").GetInt32().ShouldBe(3);
        order.GetProperty("isProblemOrder").GetBoolean().ShouldBeTrue();
        order.Kinds().ShouldContain("problem_order");
    }

    [Fact]
    public async Task Three_unsatisfied_callbacks_make_a_problem_order()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        for (var i = 0; i < 3; i++)
        {
            await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已处理" });
            await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { });
            (await app.ActAsync(DemoUsers.ResidentSanshundian1, id, "callback", new { resolved = false, satisfaction = "Unsatisfied", comment = "还是堵" })).Status().ShouldBe("InProgress");
        }

        var order = await app.GetAsync(DemoUsers.GridChiefSanshundian1, id);
        order.GetProperty("redoCount").GetInt32().ShouldBe(3);
        order.GetProperty("isProblemOrder").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_failed_verification_sends_it_back_to_the_handler()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已处理" });
        (await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "reject-verification", new { reason = "现场仍有积水" })).Status().ShouldBe("InProgress");
    }

    [Fact]
    public async Task An_extension_is_requested_by_the_handler_and_approved_by_the_community_not_the_grid()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        var accepted = await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        var deadline = accepted.GetProperty("resolveDeadline").GetDateTime();
        var until = deadline.AddDays(3);
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "request-extension", new { until = DateTime.SpecifyKind(until, DateTimeKind.Utc), reason = "需更换主管道，等待配件" });

        var byGrid = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/work-orders/{id}/approve-extension", new { approve = true });
        await byGrid.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_level_above");

        var approved = await app.ActAsync(DemoUsers.CommunityAdminSanshundian, id, "approve-extension", new { approve = true, note = "同意" });
        approved.GetProperty("resolveDeadline").GetDateTime().ShouldBe(until, TimeSpan.FromSeconds(1));
        approved.Kinds().ShouldContain("extension_approved");
    }

    [Fact]
    public async Task A_consultation_is_answered_on_the_spot_but_a_repair_is_not()
    {
        var question = await app.ReportAsync(DemoUsers.ResidentSanshundian1, new { categoryCode = "consult.social", title = "医保报销怎么办理" });
        (await app.ActAsync(DemoUsers.GridChiefSanshundian1, question, "resolve", new { note = "已电话告知办理流程" })).Status().ShouldBe("AwaitingCallback");

        var repair = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        var response = await (await app.ClientForAsync(DemoUsers.GridChiefSanshundian1)).PostAsJsonAsync($"/api/work-orders/{repair}/resolve", new { note = "答复" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task The_street_supervises_with_a_new_deadline_and_a_grid_worker_cannot()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾桶满溢" });
        var byGrid = await (await app.ClientForAsync(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync($"/api/work-orders/{id}/supervise", new { note = "尽快" });
        await byGrid.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_a_supervisor");

        var supervised = await app.ActAsync(DemoUsers.StreetAdminRenminlu, id, "supervise", new { note = "请今日内清运", newDeadline = app.Clock.GetUtcNow().UtcDateTime.AddHours(6) });
        supervised.Kinds().ShouldContain("supervised");
    }

    [Fact]
    public async Task A_second_report_nearby_suggests_the_first_and_staff_merge_it()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var first = await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.road", title = "人行道破损", latitude = 40.8110, longitude = 111.7010 })).JsonAsync(HttpStatusCode.Created);
        var second = await (await (await app.ClientForAsync(DemoUsers.ResidentShiqi2)).PostAsJsonAsync("/api/work-orders",
            new { categoryCode = "city.road", title = "路面坑洼", latitude = 40.8112, longitude = 111.7012 })).JsonAsync(HttpStatusCode.Created);
        var firstId = first.GetProperty("order").GetProperty("id").GetGuid();
        var secondId = second.GetProperty("order").GetProperty("id").GetGuid();
        second.GetProperty("possibleDuplicates").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldContain(firstId);

        var far = await (await client.PostAsJsonAsync("/api/work-orders", new { categoryCode = "city.road", title = "远处路面", latitude = 40.8065, longitude = 111.7115 })).JsonAsync(HttpStatusCode.Created);
        far.GetProperty("possibleDuplicates").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldNotContain(firstId);

        (await app.ActAsync(DemoUsers.CommunityAdminShiqi, secondId, "merge", new { originalId = firstId })).Status().ShouldBe("Merged");
        (await app.GetAsync(DemoUsers.CommunityAdminShiqi, firstId)).Kinds().ShouldContain("duplicate_merged");

        // The merged requester follows the original: they read its progress, but not who reported it first.
        var followed = await app.GetAsync(DemoUsers.ResidentShiqi2, firstId);
        followed.Kinds().ShouldContain("duplicate_merged");
        var firstReporter = first.GetProperty("order").GetProperty("requesterName").GetString()!;
        followed.GetProperty("requesterName").GetString().ShouldNotBe(firstReporter);
        followed.GetProperty("requesterName").GetString()!.ShouldContain('*');
        (await app.GetAsync(DemoUsers.ResidentShiqi1, firstId)).GetProperty("requesterName").GetString().ShouldBe(firstReporter);
        // Following gives sight, not a say: the follower cannot act on the original.
        await (await (await app.ClientForAsync(DemoUsers.ResidentShiqi2)).PostAsJsonAsync($"/api/work-orders/{firstId}/cancel", new { }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_the_requester");
    }
}
