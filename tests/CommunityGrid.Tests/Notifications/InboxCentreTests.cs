using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Tests.Accounts;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Notifications;

/// <summary>The notification centre's answers: groups, unread first, the badge's count (docs/decisions/0022).</summary>
public sealed class InboxCentreTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private static object Leak => new { categoryCode = "property.drain", title = "卫生间下水返味", description = "味道很大" };

    private static async Task<InboxPage> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/inbox" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadAsync<InboxPage>();
    }

    [Fact]
    public async Task Groups_split_the_inbox_into_to_do_alerts_and_progress()
    {
        var id = await app.ReportAsync("resident.sanshundian.01", Leak);
        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        await app.ActAsync("property.sanshundian.01", id, "accept");
        var resident = await app.ClientForAsync("resident.sanshundian.01");
        var grid = await app.ClientForAsync("grid.sanshundian.01");

        // The grid is asked to dispatch (to do); the requester hears of progress; each group holds only its own kinds.
        (await PageAsync(grid, "?group=todo&pageSize=100")).Items.ShouldContain(m => m.WorkOrderId == id && m.Kind == "routed");
        var progress = await PageAsync(resident, "?group=progress&pageSize=100");
        progress.Items.ShouldContain(m => m.WorkOrderId == id && m.Kind == "accepted");
        progress.Items.ShouldAllBe(m => Inbox.GroupOf(m.Kind) == InboxGroup.Progress);
        (await PageAsync(resident, "?group=alerts&pageSize=100")).Items.ShouldAllBe(m => Inbox.GroupOf(m.Kind) == InboxGroup.Alerts);

        var all = await PageAsync(resident, "?pageSize=100");
        var parts = 0;
        foreach (var g in new[] { "todo", "alerts", "progress" })
        {
            parts += (await PageAsync(resident, $"?group={g}&pageSize=100")).Total;
        }

        parts.ShouldBe(all.Total, "the three groups partition the inbox");
    }

    [Fact]
    public async Task Unread_first_lists_an_older_unread_message_before_a_newer_read_one_and_the_badge_count_follows()
    {
        var first = await app.ReportAsync("resident.sanshundian.01", Leak);
        await app.ActAsync("grid.sanshundian.01", first, "dispatch", new { toProperty = true });
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await app.ReportAsync("resident.sanshundian.01", Leak);
        await app.ActAsync("grid.sanshundian.01", second, "dispatch", new { toProperty = true });
        var client = await app.ClientForAsync("resident.sanshundian.01");
        var newest = (await PageAsync(client, "?pageSize=100")).Items.First(m => m.WorkOrderId == second);
        var older = (await PageAsync(client, "?pageSize=100")).Items.First(m => m.WorkOrderId == first);
        older.ReadAt.ShouldBeNull();
        (await client.PostAsync($"/api/inbox/{newest.Id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        static int At(IReadOnlyList<InboxItem> items, Guid id) => items.ToList().FindIndex(m => m.Id == id);
        var newestFirst = (await PageAsync(client, "?pageSize=100")).Items;
        At(newestFirst, newest.Id).ShouldBeLessThan(At(newestFirst, older.Id));
        var unreadFirst = (await PageAsync(client, "?unreadFirst=true&pageSize=100")).Items;
        At(unreadFirst, older.Id).ShouldBeLessThan(At(unreadFirst, newest.Id));
        var firstRead = unreadFirst.ToList().FindIndex(m => m.ReadAt != null);
        unreadFirst.Skip(firstRead).ShouldAllBe(m => m.ReadAt != null, "no unread message after a read one");

        var unread = (await client.GetAppJsonAsync<InboxCount>("/api/inbox/unread")).Unread;
        unread.ShouldBe(unreadFirst.Count(m => m.ReadAt == null));
        (await client.PostAsync("/api/inbox/read-all", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAppJsonAsync<InboxCount>("/api/inbox/unread")).Unread.ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_group_is_refused_with_its_code()
    {
        var client = await app.ClientForAsync("resident.sanshundian.01");
        await (await client.GetAsync("/api/inbox?group=spam")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "inbox_group_unknown");
    }

    [Fact]
    public async Task The_inbox_page_shows_unread_messages_and_the_header_badge_the_servers_count()
    {
        var id = await app.ReportAsync("resident.sanshundian.01", Leak);
        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        var api = await app.ClientForAsync("resident.sanshundian.01");
        var unread = (await api.GetAppJsonAsync<InboxCount>("/api/inbox/unread")).Unread;
        unread.ShouldBeGreaterThan(0);

        var browser = await app.SignedInBrowserAsync("resident.sanshundian.01");
        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/inbox"));
        html.ShouldContain("消息中心");
        html.ShouldContain($"data-unread=\"{unread}\"");
        html.ShouldContain("inbox-item unread");
        WebUtility.HtmlDecode(await browser.GetStringAsync("/")).ShouldContain($"data-unread=\"{unread}\"", customMessage: "the badge on another page shows the same count");
    }
}
