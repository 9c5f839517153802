using System.Net.Http.Json;
using System.Threading.Channels;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommunityGrid.Tests.Notifications;

public sealed class LivePushTests(NotificationApp app) : IClassFixture<NotificationApp>
{
    private sealed record Token(string AccessToken);

    private async Task<HubConnection> ConnectAsync(string userName)
    {
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password = Infrastructure.AppFactory.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<Token>())!.AccessToken;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, NotificationHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task An_open_page_of_the_assignee_hears_about_a_dispatch_after_it_is_committed()
    {
        var pushes = Channel.CreateUnbounded<InboxPush>();
        await using var assignee = await ConnectAsync(DemoUsers.BuildingHeadShiqi1);
        assignee.On<InboxPush>("inbox", p => pushes.Writer.TryWrite(p));
        await using var bystander = await ConnectAsync(DemoUsers.BuildingHeadShiqi1.Replace("building", "party", StringComparison.Ordinal));
        var strayed = 0;
        bystander.On<InboxPush>("inbox", _ => Interlocked.Increment(ref strayed));

        var id = await app.ReportAsync(DemoUsers.ResidentShiqi1, new { categoryCode = "city.garbage", title = "楼道堆放杂物" });
        await app.ActAsync(DemoUsers.GridChiefShiqi1, id, "dispatch", new { assigneeUserName = DemoUsers.BuildingHeadShiqi1 });

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var push = await pushes.Reader.ReadAsync(wait.Token);
        push.WorkOrderId.ShouldBe(id);
        push.Kind.ShouldBe("dispatched");
        push.Text.ShouldContain("请及时签收");
        var inbox = await app.InboxAsync(DemoUsers.BuildingHeadShiqi1, id);
        inbox.ShouldContain(m => m.GetProperty("id").GetGuid() == push.Id);
        strayed.ShouldBe(0);
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_callers()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, NotificationHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            })
            .Build();
        await using (connection)
        {
            var error = await Should.ThrowAsync<HttpRequestException>(connection.StartAsync());
            error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }
    }
}
