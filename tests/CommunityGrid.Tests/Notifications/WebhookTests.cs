using System.Net;
using System.Net.Http.Json;
using System.Text;
using CommunityGrid.Data;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Notifications;

public sealed class WebhookTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private const string Admin = DemoUsers.CommunityAdminSanshundian;
    private const string Community = "150103001001";
    private static readonly string[] Nonsense = ["nonsense"];

    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    /// <summary>Delivers until nothing is due, moving the clock past the longest possible backoff between passes.</summary>
    private async Task DeliverAllAsync(int passes = 12)
    {
        for (var pass = 1; pass <= passes; pass++)
        {
            await app.DeliverAsync();
            var pending = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Status == DeliveryStatus.Pending).Select(m => m.Attempts).ToListAsync());
            if (pending.Count == 0)
            {
                return;
            }

            app.Clock.Advance(OutboxProcessor.LongestBackoff(pending.Max()));
        }
    }

    [Fact]
    public async Task Events_reach_a_receiver_that_was_down_exactly_once_and_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 4);
        var (hook, secret) = await app.SubscribeAsync(Admin, Community, receiver.Url);
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        var number = (await app.GetAsync(DemoUsers.ResidentSanshundian1, id)).GetProperty("number").GetString();

        await app.DeliverAsync();
        receiver.Accepted.ShouldBeEmpty("the receiver answered 503 to the first four calls");
        (await app.DeliveriesAsync(Admin, hook, "pending")).ShouldAllBe(d => d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("lastError").GetString()!.Contains("503"));
        await DeliverAllAsync();
        (await app.DeliverAsync()).ShouldBe(0, "nothing is left to send");

        var deliveries = await app.DeliveriesAsync(Admin, hook);
        deliveries.Count.ShouldBe(4);
        deliveries.ShouldAllBe(d => d.GetProperty("status").GetString() == "Delivered" && d.GetProperty("attempts").GetInt32() > 1);
        receiver.Accepted.Keys.Order().ShouldBe(deliveries.Select(d => d.GetProperty("id").GetGuid().ToString()).Order());
        receiver.Duplicates.ShouldBe(0);
        receiver.Requests.Count.ShouldBe(8, "four failures, then each event once");
        receiver.Accepted.Values.Select(r => r.Json.GetProperty("kind").GetString()).ShouldBe(["registered", "routed", "dispatched", "accepted"], ignoreOrder: true);
        foreach (var r in receiver.Accepted.Values)
        {
            r.Signature.ShouldBe(OutboxProcessor.Sign(secret, r.Body));
            r.Signature.ShouldStartWith("sha256=");
            long.Parse(r.Timestamp, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
            r.Json.GetProperty("order").GetProperty("number").GetString().ShouldBe(number);
        }

        // Retries carry the same id and the same bytes, so a receiver can de-duplicate them.
        foreach (var group in receiver.Requests.GroupBy(r => r.EventId))
        {
            group.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Count().ShouldBe(1);
        }

        await app.UnsubscribeAsync(Admin, hook);
    }

    [Fact]
    public async Task A_wecom_robot_gets_a_text_line_on_escalation_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (hook, _) = await app.SubscribeAsync(Admin, Community, receiver.Url, "wecom", ["escalated"]);
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        var number = (await app.GetAsync(DemoUsers.ResidentSanshundian1, id)).GetProperty("number").GetString()!;
        app.Clock.Advance(TimeSpan.FromHours(2)); // the acceptance limit: red, and the first level of the chain
        await app.SweepAsync();
        await DeliverAllAsync();

        var mine = receiver.Accepted.Values.Where(r => r.Json.GetProperty("text").GetProperty("content").GetString()!.Contains(number, StringComparison.Ordinal)).ToList();
        var robot = mine.ShouldHaveSingleItem().Json;
        robot.GetProperty("msgtype").GetString().ShouldBe("text");
        robot.GetProperty("text").GetProperty("content").GetString().ShouldBe($"【工单超时升级】{number} 9号楼下水堵塞 已升级至楼栋长/单元长督办");
        receiver.Accepted.Values.ShouldAllBe(r => r.Json.GetProperty("text").GetProperty("content").GetString()!.StartsWith("【工单超时升级】", StringComparison.Ordinal));
        await app.UnsubscribeAsync(Admin, hook);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_makes_a_dead_delivery_that_can_be_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: int.MaxValue);
        var (hook, _) = await app.SubscribeAsync(Admin, Community, receiver.Url, "dingtalk", ["accepted"]);
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await DeliverAllAsync();

        var dead = (await app.DeliveriesAsync(Admin, hook, "dead")).ShouldHaveSingleItem();
        dead.GetProperty("attempts").GetInt32().ShouldBe(NotificationApp.MaxAttempts);
        dead.GetProperty("lastError").GetString()!.ShouldContain("503");
        receiver.Requests.Count.ShouldBe(NotificationApp.MaxAttempts);

        receiver.FailNext(0);
        var client = await app.ClientForAsync(Admin);
        var retried = await (await client.PostAsync($"/api/webhooks/{hook}/deliveries/{dead.GetProperty("id").GetGuid()}/retry", null)).JsonAsync();
        retried.GetProperty("status").GetString().ShouldBe("Pending");
        await DeliverAllAsync();
        (await app.DeliveriesAsync(Admin, hook)).ShouldHaveSingleItem().GetProperty("status").GetString().ShouldBe("Delivered");
        receiver.Accepted.Count.ShouldBe(1);
        await app.UnsubscribeAsync(Admin, hook);
    }

    [Fact]
    public async Task Two_processors_at_once_send_each_row_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (hook, _) = await app.SubscribeAsync(Admin, Community, receiver.Url);
        for (var i = 0; i < 3; i++)
        {
            var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
            await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(app.DeliverAsync)));
        await DeliverAllAsync();

        var deliveries = await app.DeliveriesAsync(Admin, hook);
        deliveries.Count.ShouldBe(9);
        deliveries.ShouldAllBe(d => d.GetProperty("status").GetString() == "Delivered" && d.GetProperty("attempts").GetInt32() == 1);
        receiver.Requests.Count.ShouldBe(9);
        receiver.Duplicates.ShouldBe(0);
        await app.UnsubscribeAsync(Admin, hook);
    }

    [Fact]
    public async Task A_failed_save_leaves_neither_the_order_change_nor_its_notifications()
    {
        var (hook, _) = await app.SubscribeAsync(Admin, Community, new Uri("http://127.0.0.1:9/hook"));
        var id = await app.ReportAsync(DemoUsers.ResidentSanshundian1, Drain);
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "dispatch", new { toProperty = true });
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "accept");
        await app.ActAsync(DemoUsers.PropertyStaffSanshundian1, id, "resolve", new { note = "已疏通" });
        await app.ActAsync(DemoUsers.GridChiefSanshundian1, id, "verify", new { });

        // Two writers load the order; the first closes it, the second's save then fails on the version check.
        using var scopeA = app.Services.CreateScope();
        using var scopeB = app.Services.CreateScope();
        var a = scopeA.ServiceProvider.GetRequiredService<AppDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<AppDbContext>();
        var orderA = await a.WorkOrders.SingleAsync(o => o.Id == id);
        var orderB = await b.WorkOrders.SingleAsync(o => o.Id == id);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        orderB.CloseWithoutCallback(now);
        await b.SaveChangesAsync();

        orderA.CloseWithoutCallback(now);
        var lostEvent = orderA.LastEvent!.Id;
        await Should.ThrowAsync<DbUpdateException>(a.SaveChangesAsync());
        a.ChangeTracker.Entries<OutboxMessage>().Count(e => e.Entity.EventId == lostEvent).ShouldBe(1, "the outbox row was part of the failed save");
        a.ChangeTracker.Entries<InboxMessage>().Count(e => e.Entity.EventId == lostEvent).ShouldBe(1, "so was the requester's message");

        var closed = await app.QueryAsync(db => db.WorkOrderEvents.AsNoTracking().Where(e => e.WorkOrderId == id && e.Kind == "closed").Select(e => e.Id).ToListAsync());
        closed.ShouldBe([orderB.LastEvent!.Id]);
        (await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.EventId == lostEvent))).ShouldBe(0);
        (await app.QueryAsync(db => db.InboxMessages.AsNoTracking().CountAsync(m => m.EventId == lostEvent))).ShouldBe(0);
        (await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().CountAsync(m => m.EventId == closed[0] && m.SubscriptionId == hook))).ShouldBe(1);
        (await app.QueryAsync(db => db.InboxMessages.AsNoTracking().CountAsync(m => m.EventId == closed[0]))).ShouldBe(1);
        await app.UnsubscribeAsync(Admin, hook);
    }

    [Fact]
    public async Task Webhooks_belong_to_the_admins_of_their_area_and_the_secret_is_shown_once()
    {
        var (hook, secret) = await app.SubscribeAsync(Admin, Community, new Uri("http://127.0.0.1:9/hook"), "json", ["escalated", "callback_pending"]);
        secret.ShouldStartWith("whsec_");
        var own = await app.ClientForAsync(Admin);
        var view = await (await own.GetAsync($"/api/webhooks/{hook}")).JsonAsync();
        view.TryGetProperty("secret", out _).ShouldBeFalse();
        view.GetProperty("eventKinds").EnumerateArray().Select(k => k.GetString()).ShouldBe(["callback_pending", "escalated"]);
        view.GetProperty("format").GetString().ShouldBe("json");
        (await (await own.GetAsync("/api/webhooks")).JsonAsync()).GetProperty("items").EnumerateArray().ShouldContain(w => w.GetProperty("id").GetGuid() == hook);

        var street = await app.ClientForAsync(DemoUsers.StreetAdminRenminlu);
        await (await street.GetAsync($"/api/webhooks/{hook}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await street.PostAsJsonAsync("/api/webhooks", new { areaCode = Community, name = "x", targetUrl = "https://example.org/h" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var grid = await app.ClientForAsync(DemoUsers.GridChiefSanshundian1);
        await (await grid.PostAsJsonAsync("/api/webhooks", new { areaCode = "150103001001001", name = "x", targetUrl = "https://example.org/h" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await own.PostAsJsonAsync("/api/webhooks", new { areaCode = Community, name = "x", targetUrl = "https://example.org/h", eventKinds = Nonsense }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "event_kind_unknown");
        await (await own.PostAsJsonAsync("/api/webhooks", new { areaCode = Community, name = "x", targetUrl = "ftp://example.org/h" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "target_url_invalid");

        var updated = await (await own.PutAsJsonAsync($"/api/webhooks/{hook}", new { name = "督办群", targetUrl = "https://example.org/robot", format = "dingtalk", active = false })).JsonAsync();
        updated.GetProperty("active").GetBoolean().ShouldBeFalse();
        updated.GetProperty("format").GetString().ShouldBe("dingtalk");
        var rotated = await (await own.PostAsync($"/api/webhooks/{hook}/rotate-secret", null)).JsonAsync();
        rotated.GetProperty("secret").GetString().ShouldNotBe(secret);
        await app.UnsubscribeAsync(Admin, hook);
        await (await own.GetAsync($"/api/webhooks/{hook}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public void Backoff_grows_to_a_cap_and_jitter_stays_within_a_fifth()
    {
        OutboxProcessor.Backoff(1, 0.5).ShouldBe(TimeSpan.FromSeconds(10));
        OutboxProcessor.Backoff(2, 0.5).ShouldBe(TimeSpan.FromSeconds(30));
        OutboxProcessor.Backoff(3, 0.5).ShouldBe(TimeSpan.FromMinutes(2));
        OutboxProcessor.Backoff(4, 0.5).ShouldBe(TimeSpan.FromMinutes(10));
        OutboxProcessor.Backoff(50, 0.5).ShouldBe(TimeSpan.FromHours(4));
        OutboxProcessor.Backoff(1, 0).ShouldBe(TimeSpan.FromSeconds(8));
        OutboxProcessor.LongestBackoff(1).ShouldBe(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231 test case 2.
        OutboxProcessor.Sign("Jefe", Encoding.UTF8.GetBytes("what do ya want for nothing?"))
            .ShouldBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
