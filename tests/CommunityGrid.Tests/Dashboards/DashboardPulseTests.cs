using System.Net.Http.Json;
using System.Threading.Channels;
using CommunityGrid.Features.Dashboards;
using CommunityGrid.Features.Notifications;
using CommunityGrid.Tests.WorkOrders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommunityGrid.Tests.Dashboards;

/// <summary>The nudge the big screen refreshes on: sent when an order is filed, only to pages that may see it.</summary>
public sealed class DashboardPulseTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private sealed record Token(string AccessToken);

    private sealed record Pulse(string Kind, DateTime At);

    private async Task<(HubConnection Connection, Channel<Pulse> Pulses)> ConnectAsync(string userName)
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
        var pulses = Channel.CreateUnbounded<Pulse>();
        connection.On<Pulse>(DashboardPulse.Message, p => pulses.Writer.TryWrite(p));
        await connection.StartAsync();
        return (connection, pulses);
    }

    [Fact]
    public async Task A_filed_order_nudges_the_dashboards_of_its_areas_and_no_others()
    {
        var (street, streetPulses) = await ConnectAsync("street.renminlu");
        var (hexi, hexiPulses) = await ConnectAsync("community.hexi");
        await using (street)
        await using (hexi)
        {
            // First an order in 仕奇社区 (人民路街道), a minute later one in 河西社区.
            await app.ReportAsync("resident.shiqi.01", new { categoryCode = "city.garbage", title = "仕奇苑垃圾", latitude = 40.8110, longitude = 111.7020 });
            var shiqiAt = app.Clock.GetUtcNow().UtcDateTime;
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            await app.ReportAsync("resident.hexi.01", new { categoryCode = "city.garbage", title = "河西小区垃圾" });
            var hexiAt = app.Clock.GetUtcNow().UtcDateTime;

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await streetPulses.Reader.ReadAsync(wait.Token);
            first.Kind.ShouldBe("filed");
            first.At.ShouldBe(shiqiAt);
            // One connection hears its messages in order: had 仕奇's nudge strayed to 河西, it would come first.
            var hexiFirst = await hexiPulses.Reader.ReadAsync(wait.Token);
            hexiFirst.At.ShouldBe(hexiAt);
        }
    }
}
