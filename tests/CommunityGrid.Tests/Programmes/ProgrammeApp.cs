using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.Programmes;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;

namespace CommunityGrid.Tests.Programmes;

/// <summary>The app on a fake clock, with helpers that read answers into the app's own records.</summary>
public sealed class ProgrammeApp : IncentiveApp
{
    public const string ShiqiCode = "150105001001";
    public const string HexiCode = "150102001001";

    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task<T> SendAsync<T>(string userName, HttpMethod method, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await SendRawAsync(userName, method, url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{method} {url} as {userName}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    public async Task<HttpResponseMessage> SendRawAsync(string userName, HttpMethod method, string url, object? body = null)
    {
        var client = await As(userName);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null || method != HttpMethod.Get)
        {
            request.Content = JsonContent.Create(body ?? new { });
        }

        return await client.SendAsync(request);
    }

    public Task<T> GetAsync<T>(string userName, string url) => SendAsync<T>(userName, HttpMethod.Get, url);

    public Task<T> PostAsync<T>(string userName, string url, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        SendAsync<T>(userName, HttpMethod.Post, url, body, expected);

    public Task<HttpResponseMessage> PostRawAsync(string userName, string url, object? body = null) => SendRawAsync(userName, HttpMethod.Post, url, body);

    /// <summary>Makes the community's council exactly these users' resident records, with the given rules.</summary>
    public async Task CouncilOfAsync(string admin, string communityCode, string[] members, int quorum = 50, int majority = 50, int voteDays = 7, int publicityDays = 5)
    {
        var council = await GetAsync<CouncilView>(admin, $"/api/councils/{communityCode}");
        var wanted = new List<Guid>();
        foreach (var m in members)
        {
            wanted.Add(await PersonIdAsync(m));
        }

        foreach (var m in council.Members.Where(m => !wanted.Contains(m.PersonId)))
        {
            await SendAsync<CouncilView>(admin, HttpMethod.Delete, $"/api/councils/{communityCode}/members/{m.PersonId}");
        }

        foreach (var id in wanted.Where(id => council.Members.All(m => m.PersonId != id)))
        {
            await PostAsync<CouncilView>(admin, $"/api/councils/{communityCode}/members", new { personId = id });
        }

        await SendAsync<CouncilView>(admin, HttpMethod.Put, $"/api/councils/{communityCode}", new { quorumPercent = quorum, majorityPercent = majority, voteDays, publicityDays });
    }

    /// <summary>Leaves <paramref name="leftYuan"/> yuan of this year's budget free, whatever earlier tests committed.</summary>
    public async Task<BudgetView> BudgetLeavingAsync(string admin, string communityCode, long leftYuan)
    {
        var now = await GetAsync<BudgetView>(admin, $"/api/micro-projects/budgets/{communityCode}");
        return await SendAsync<BudgetView>(admin, HttpMethod.Put, $"/api/micro-projects/budgets/{communityCode}", new { year = now.Year, capYuan = now.UsedYuan + leftYuan });
    }
}
