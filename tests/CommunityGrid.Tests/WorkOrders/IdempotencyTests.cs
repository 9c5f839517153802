using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

public sealed class IdempotencyTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static HttpRequestMessage Report(string key, string title) => new(HttpMethod.Post, "/api/work-orders")
    {
        Content = JsonContent.Create(new { categoryCode = "city.garbage", title }),
        Headers = { { "Idempotency-Key", key } },
    };

    private static async Task<int> MyOrdersAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/work-orders?mine=true&pageSize=1")).JsonAsync()).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_retried_report_with_the_same_key_returns_the_first_answer_and_creates_one_order()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        var before = await MyOrdersAsync(client);
        var first = await (await client.SendAsync(Report("retry-1", "楼下垃圾桶满了"))).JsonAsync(HttpStatusCode.Created);
        var again = await client.SendAsync(Report("retry-1", "楼下垃圾桶满了"));
        again.Headers.GetValues("Idempotent-Replayed").ShouldContain("true");
        var second = await again.JsonAsync(HttpStatusCode.Created);

        second.GetProperty("order").GetProperty("id").GetGuid().ShouldBe(first.GetProperty("order").GetProperty("id").GetGuid());
        (await MyOrdersAsync(client)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_writes_nothing()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi2);
        await client.SendAsync(Report("retry-2", "第一次"));
        var before = await MyOrdersAsync(client);
        var response = await client.SendAsync(Report("retry-2", "不一样的内容"));
        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        (await MyOrdersAsync(client)).ShouldBe(before);
    }

    [Fact]
    public async Task Parallel_retries_with_one_key_create_one_order()
    {
        var client = await app.ClientForAsync(DemoUsers.ResidentShiqi1);
        var before = await MyOrdersAsync(client);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Report("burst-1", "路灯不亮"))));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBeGreaterThanOrEqualTo(1);
        (await MyOrdersAsync(client)).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_retried_transition_is_not_applied_twice()
    {
        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "垃圾未清运" });
        var grid = await app.ClientForAsync(DemoUsers.GridChiefShiqi1);
        HttpRequestMessage Dispatch() => new(HttpMethod.Post, $"/api/work-orders/{id}/dispatch")
        {
            Content = JsonContent.Create(new { assigneeUserName = DemoUsers.BuildingHeadShiqi1 }),
            Headers = { { "Idempotency-Key", "dispatch-" + id } },
        };
        (await grid.SendAsync(Dispatch())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await grid.SendAsync(Dispatch())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.GetAsync(DemoUsers.GridChiefShiqi1, id)).Kinds().Count(k => k == "dispatched").ShouldBe(1);
    }
}
