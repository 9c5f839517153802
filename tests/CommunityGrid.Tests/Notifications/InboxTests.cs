using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Notifications;

public sealed class InboxTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    private static IEnumerable<string> Kinds(IEnumerable<System.Text.Json.JsonElement> messages) => messages.Select(m => m.GetProperty("kind").GetString()!);

    [Fact]
    public async Task Requester_assignee_and_grid_staff_hear_about_dispatch_accept_and_resolve()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通下水管道" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { note = "入户核实，已通畅" });

        var requester = await app.InboxAsync(DemoUsers.ResidentSanshundian1, id);
        Kinds(requester).ShouldBe(["callback_pending", "verified", "handled", "accepted", "dispatched"], ignoreOrder: true);
        var accepted = requester.Single(m => m.GetProperty("kind").GetString() == "accepted");
        accepted.GetProperty("text").GetString()!.ShouldContain("已接单");
        accepted.GetProperty("title").GetString()!.ShouldContain("9号楼下水堵塞");
        accepted.GetProperty("textEn").GetString()!.ShouldStartWith("Order accepted");

        // The property company is the assignee; its own acceptance and resolution are not news to it.
        Kinds(await app.InboxAsync(DemoUsers.PropertyStaffSanshundian1, id)).ShouldBe(["verified", "dispatched"], ignoreOrder: true);
        Kinds(await app.InboxAsync(DemoUsers.GridChiefSanshundian1, id)).ShouldBe(["handled", "routed"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_requester_gets_an_sms_when_asked_to_rate_and_the_logging_sender_takes_it()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { });

        var sms = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.WorkOrderId == id && m.Channel == OutboxChannel.Sms).ToListAsync());
        var text = sms.ShouldHaveSingleItem();
        text.EventKind.ShouldBe("callback_pending");
        text.Recipient!.Length.ShouldBe(11);
        text.Payload.ShouldContain("请登录评价");

        for (var i = 0; i < 10 && await app.DeliverAsync() > 0; i++)
        {
        }

        (await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == text.Id))).Status.ShouldBe(DeliveryStatus.Delivered);
    }

    [Fact]
    public async Task Reading_one_and_all_updates_the_unread_count()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        var client = await app.ClientForAsync(DemoUsers.ResidentSanshundian1);

        var unread = await (await client.GetAsync("/api/inbox?unread=true&pageSize=1")).JsonAsync();
        var before = unread.GetProperty("unread").GetInt32();
        before.ShouldBeGreaterThanOrEqualTo(2);
        unread.GetProperty("total").GetInt32().ShouldBe(before);
        unread.GetProperty("items").GetArrayLength().ShouldBe(1, "the page size is honoured");

        var first = (await app.InboxAsync(DemoUsers.ResidentSanshundian1, id))[0].GetProperty("id").GetGuid();
        var afterOne = await (await client.PostAsync($"/api/inbox/{first}/read", null)).JsonAsync();
        afterOne.GetProperty("unread").GetInt32().ShouldBe(before - 1);
        (await app.InboxAsync(DemoUsers.ResidentSanshundian1, id)).Single(m => m.GetProperty("id").GetGuid() == first)
            .GetProperty("readAt").ValueKind.ShouldNotBe(System.Text.Json.JsonValueKind.Null);

        (await (await client.PostAsync("/api/inbox/read-all", null)).JsonAsync()).GetProperty("unread").GetInt32().ShouldBe(0);
        (await (await client.GetAsync("/api/inbox?unread=true")).JsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Someone_elses_message_is_404()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        var theirs = (await app.InboxAsync(DemoUsers.ResidentSanshundian1, id)).First().GetProperty("id").GetGuid();

        var other = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        await (await other.PostAsync($"/api/inbox/{theirs}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.PostAsync($"/api/inbox/{Guid.NewGuid()}/read", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.InboxAsync(DemoUsers.ResidentShiqi1, id)).ShouldBeEmpty();
        (await app.InboxAsync(DemoUsers.ResidentSanshundian1, id)).Single(m => m.GetProperty("id").GetGuid() == theirs)
            .GetProperty("readAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null, "a stranger cannot mark it read");
    }

    [Fact]
    public async Task The_requester_of_a_merged_duplicate_follows_the_original()
    {
        var original = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾未清运" });
        var duplicate = await app.ReportAsync(DemoUsers.ResidentShiqi2, new { categoryCode = "city.garbage", title = "门口垃圾没人收" });
        await app.ActAsync(DemoUsers.CommunityAdminShiqi, duplicate, "merge", new { originalId = original });
        await app.ActAsync(DemoUsers.CommunityAdminShiqi, original, "dispatch", new { assigneeUserName = DemoUsers.BuildingHeadShiqi1 });

        var followers = await app.QueryAsync(db => db.WorkOrderFollowers.AsNoTracking().Where(f => f.WorkOrderId == original).ToListAsync());
        followers.ShouldHaveSingleItem().MergedOrderId.ShouldBe(duplicate);
        Kinds(await app.InboxAsync(DemoUsers.ResidentShiqi2, duplicate)).ShouldBe(["merged"]);
        var followed = (await app.InboxAsync(DemoUsers.ResidentShiqi2, original)).ShouldHaveSingleItem();
        followed.GetProperty("kind").GetString().ShouldBe("dispatched");
        followed.GetProperty("text").GetString()!.ShouldStartWith("您反映的问题已并入此工单");
        Kinds(await app.InboxAsync(DemoUsers.BuildingHeadShiqi1, original)).ShouldBe(["dispatched"]);
    }

    [Fact]
    public async Task Escalation_reaches_the_handler_the_grid_and_the_community_with_an_sms_to_the_handler()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾桶满溢" });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "dispatch", new { assigneeUserName = DemoUsers.BuildingHeadShiqi1 });
        await app.ActAsync(DemoUsers.BuildingHeadShiqi1, id, "accept");
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.SweepAsync();

        Kinds(await app.InboxAsync(DemoUsers.BuildingHeadShiqi1, id)).ShouldContain("escalated");
        Kinds(await app.InboxAsync(DemoUsers.GridChiefShiqi1, id)).ShouldContain("escalated");
        var supervisor = (await app.InboxAsync(DemoUsers.CommunityAdminShiqi, id)).Where(m => m.GetProperty("kind").GetString() == "escalated").ToList();
        supervisor.ShouldNotBeEmpty();
        supervisor[0].GetProperty("text").GetString()!.ShouldStartWith("已升级至");
        Kinds(await app.InboxAsync(DemoUsers.ResidentShiqi1, id)).ShouldNotContain("escalated");
        var sms = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.WorkOrderId == id && m.Channel == OutboxChannel.Sms).ToListAsync());
        sms.ShouldNotBeEmpty();
        sms.ShouldAllBe(m => m.EventKind == "escalated");
    }

    [Fact]
    public async Task The_inbox_needs_a_login()
    {
        var anonymous = app.CreateClient();
        (await anonymous.GetAsync("/api/inbox")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsJsonAsync("/api/webhooks", new { })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
