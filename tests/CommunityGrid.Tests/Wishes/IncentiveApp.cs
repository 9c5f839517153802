using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Wishes;

/// <summary>
/// The app for the incentive features (wishes, alliance, care visits, stations) on a fake clock that
/// starts now, with the ledger at hand so every test class can check that the books balance.
/// </summary>
public class IncentiveApp : AppFactory
{
    public IncentiveApp() => WithClock(DateTimeOffset.UtcNow).WithoutSweeps();

    /// <summary>A client of the user (the host caches the login and logs in again once the fake clock has aged it).</summary>
    public Task<HttpClient> As(string userName) => ClientForAsync(userName);

    public async Task<JsonElement> PostAsync(string userName, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await (await As(userName)).PostAsJsonAsync(url, body ?? new { })).JsonAsync(expected);

    public async Task<JsonElement> GetJsonAsync(string userName, string url) => await (await (await As(userName)).GetAsync(url)).JsonAsync();

    public Task<Guid> PersonIdAsync(string userName) =>
        this.WithLedgerAsync(async (_, db) => (await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync())!.Value);

    public async Task<long> PointsOfAsync(string userName) =>
        (await GetJsonAsync(userName, "/api/points/me")).GetProperty("account").GetProperty("balance").GetInt64();

    /// <summary>A tiny PNG uploaded by the user to /api/photos; its id.</summary>
    public async Task<Guid> UploadPhotoAsync(string userName)
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0, 0, 0, 0];
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var response = await (await As(userName)).PostAsync("/api/photos", new MultipartFormDataContent { { content, "file", "proof.png" } });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}

public static class IncentiveJson
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();

    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();
}
