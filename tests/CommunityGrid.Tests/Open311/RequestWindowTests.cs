using System.Net;
using CommunityGrid.Tests.WorkOrders;

namespace CommunityGrid.Tests.Open311;

/// <summary>GET requests by requested_datetime: the last 90 days by default, never a wider window.</summary>
public sealed class RequestWindowTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    [Fact]
    public async Task The_date_window_defaults_to_the_last_90_days_and_start_and_end_pick_an_earlier_one()
    {
        var client = app.CreateClient();
        var early = await client.ReportAsync(Open311Calls.Drain("一百天前的报告"));
        app.Clock.Advance(TimeSpan.FromDays(100));
        var late = await client.ReportAsync(Open311Calls.Drain("今天的报告"));

        var recent = await (await client.GetAsync("/open311/v2/requests.json")).Open311JsonAsync();
        recent.Ids().ShouldContain(late);
        recent.Ids().ShouldNotContain(early);

        var then = await (await client.GetAsync("/open311/v2/requests.json?start_date=2026-11-30T00:00:00%2B08:00&end_date=2026-12-02T00:00:00Z")).Open311JsonAsync();
        then.Ids().ShouldContain(early);
        then.Ids().ShouldNotContain(late);

        var fromStart = await (await client.GetAsync("/open311/v2/requests.json?start_date=2026-11-30T00:00:00Z")).Open311JsonAsync();
        fromStart.Ids().ShouldContain(early);
        fromStart.Ids().ShouldNotContain(late);

        var untilEnd = await (await client.GetAsync("/open311/v2/requests.json?end_date=2026-12-02")).Open311JsonAsync();
        untilEnd.Ids().ShouldContain(early);
        untilEnd.Ids().ShouldNotContain(late);
    }

    [Fact]
    public async Task A_window_wider_than_90_days_is_400()
    {
        var response = await app.CreateClient().GetAsync("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z");
        (await response.ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("90");
    }

    [Fact]
    public async Task A_date_that_is_not_a_w3c_datetime_is_400()
    {
        await (await app.CreateClient().GetAsync("/open311/v2/requests.json?start_date=yesterday")).ShouldBeOpen311ErrorAsync(HttpStatusCode.BadRequest);
    }
}
