using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityGrid.Data;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Governance;

/// <summary>
/// The app for governance on a fake clock that starts now (the demo's meetings, patrols and visits are dated from
/// the moment it was seeded), the sweep and delivery off. Answers are read into the app's own records.
/// </summary>
public class GovernanceApp : AppFactory
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public GovernanceApp() => WithClock(DateTimeOffset.UtcNow).WithoutSweeps();

    private readonly Dictionary<string, (HttpClient Client, DateTimeOffset At)> clients = [];
    private readonly SemaphoreSlim clientLock = new(1, 1);

    /// <summary>One logged-in client per user, logged in again once the fake clock has moved past its token.</summary>
    public async Task<HttpClient> As(string userName)
    {
        await clientLock.WaitAsync();
        try
        {
            if (!clients.TryGetValue(userName, out var held) || Clock.GetUtcNow() - held.At > TimeSpan.FromHours(1))
            {
                held = (await ClientForAsync(userName), Clock.GetUtcNow());
                clients[userName] = held;
            }

            return held.Client;
        }
        finally
        {
            clientLock.Release();
        }
    }

    public async Task<T> GetAsync<T>(string userName, string url)
    {
        var response = await (await As(userName)).GetAsync(url);
        return await ReadAsync<T>(response, HttpStatusCode.OK);
    }

    public async Task<T> PostAsync<T>(string userName, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await (await As(userName)).PostAsJsonAsync(url, body ?? new { });
        return await ReadAsync<T>(response, expected);
    }

    public async Task<T> PutAsync<T>(string userName, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await (await As(userName)).PutAsJsonAsync(url, body);
        return await ReadAsync<T>(response, expected);
    }

    /// <summary>Sends and expects a refusal with this status and code.</summary>
    public async Task RefusedAsync(string userName, HttpMethod method, string url, object? body, HttpStatusCode status, string code)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await (await As(userName)).SendAsync(request);
        await response.ShouldBeProblemAsync(status, code);
    }

    public Task RefusedAsync(string userName, string url, object? body, HttpStatusCode status, string code) => RefusedAsync(userName, HttpMethod.Post, url, body, status, code);

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var scope = Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A tiny PNG uploaded by the user to /api/photos; its id.</summary>
    public async Task<Guid> UploadPhotoAsync(string userName)
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0, 0, 0, 0];
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var response = await (await As(userName)).PostAsync("/api/photos", new MultipartFormDataContent { { content, "file", "finding.png" } });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>The quarter the fake clock is in, as a round names it (2026Q4), with its year and number.</summary>
    public (int Year, int Quarter, string Period) ThisQuarter()
    {
        var beijing = Clock.GetUtcNow().UtcDateTime.AddHours(8);
        var quarter = ((beijing.Month - 1) / 3) + 1;
        return (beijing.Year, quarter, $"{beijing.Year}Q{quarter}");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in clients.Values)
        {
            client.Dispose();
        }

        clientLock.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
