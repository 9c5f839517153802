using System.Collections.Concurrent;
using System.Net;

namespace CommunityGrid.FaultTests;

/// <summary>A webhook target on 127.0.0.1 that answers 200 and remembers each event id it got.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public WebhookReceiver()
    {
        Port = AppProcess.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public ConcurrentDictionary<Guid, int> EventIds { get; } = new();

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (Guid.TryParse(context.Request.Headers["X-CommunityGrid-Event-Id"], out var id))
            {
                EventIds.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }
}
