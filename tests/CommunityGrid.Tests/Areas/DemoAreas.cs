using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Areas;

/// <summary>Codes and helpers over the seeded demo city (docs/demo-data.md).</summary>
internal static class DemoAreas
{
    public const string City = "150100";
    public const string Saihan = "150105";
    public const string Renminlu = "150105001";
    public const string Shiqi = "150105001001";
    public const string Zhaowuda = "150105001002";
    public const string Sanshundian = "150103001001";
    public const string ShiqiGrid1 = "150105001001001";
    public const string ShiqiGrid2 = "150105001001002";
    public const string ShiqiGrid3 = "150105001001003";
    public const string ShiqiGrid4 = "150105001001004";
    public const string ShiqiGrid6 = "150105001001006";
    public const string ShiqiGrid1Building1 = "150105001001001001";
    public const string SanshundianGrid1 = "150103001001001";

    // 仕奇社区's block is lng 111.700–111.712, lat 40.805–40.813; grid 1 is its north-west cell.
    public const double InShiqiGrid1Lat = 40.811;
    public const double InShiqiGrid1Lng = 111.702;

    public static async Task<Guid> IdOfAsync(this AppFactory app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Areas.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    public static async Task<T> WithDbAsync<T>(this AppFactory app, Func<AppDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Row counts of the tables an area write may touch, to prove a refused write wrote nothing.</summary>
    public static Task<(int Areas, int Audit, int Roles)> CountsAsync(this AppFactory app) =>
        app.WithDbAsync(async db => (await db.Areas.CountAsync(), await db.AuditEntries.CountAsync(), await db.RoleAssignments.CountAsync()));

    public static string Rectangle(double west, double south, double east, double north) =>
        FormattableString.Invariant($$"""{"type":"Polygon","coordinates":[[[{{west}},{{south}}],[{{east}},{{south}}],[{{east}},{{north}}],[{{west}},{{north}}],[{{west}},{{south}}]]]}""");

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        await client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);
}
