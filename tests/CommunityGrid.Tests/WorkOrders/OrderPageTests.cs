using System.Text.RegularExpressions;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.WorkOrders;

/// <summary>
/// The order page offers a form for exactly the steps the order's detail lists in <c>allowedActions</c>:
/// both come from <c>ViewOrder</c>, so a button cannot be offered that the rules would refuse, nor be missing.
/// </summary>
public sealed partial class OrderPageTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static object Drain => new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了两天" };

    /// <summary>The page's form names (Blazor's <c>_handler</c>) and the API route each form posts to.</summary>
    private static readonly Dictionary<string, string> RouteOfForm = new(StringComparer.Ordinal)
    {
        ["rate"] = "callback",
        ["dispatch"] = "dispatch",
        ["answer"] = "resolve",
        ["merge"] = "merge",
        ["accept"] = "accept",
        ["return"] = "return",
        ["resolve"] = "resolve",
        ["extend"] = "request-extension",
        ["verify"] = "verify",
        ["reject"] = "reject-verification",
        ["extension"] = "approve-extension",
        ["supervise"] = "supervise",
        ["cancel"] = "cancel",
    };

    [Fact]
    public async Task Each_party_sees_forms_for_exactly_the_steps_the_order_allows_them_round_the_loop()
    {
        var id = await app.ReportAsync("resident.sanshundian.01", Drain);
        string[] everyone = ["resident.sanshundian.01", "grid.sanshundian.01", "property.sanshundian.01", "community.sanshundian"];
        await EachSeesTheirStepsAsync(id, everyone);

        await app.ActAsync("grid.sanshundian.01", id, "dispatch", new { toProperty = true });
        await EachSeesTheirStepsAsync(id, everyone);

        await app.ActAsync("property.sanshundian.01", id, "accept");
        await app.ActAsync("property.sanshundian.01", id, "request-extension", new { until = "2026-12-20T18:00:00", reason = "需要更换管道" });
        await EachSeesTheirStepsAsync(id, everyone);

        await app.ActAsync("property.sanshundian.01", id, "resolve", new { note = "已疏通下水管道" });
        await EachSeesTheirStepsAsync(id, everyone);

        await app.ActAsync("grid.sanshundian.01", id, "verify", new { note = "入户核实，已通畅" });
        await EachSeesTheirStepsAsync(id, everyone);
    }

    private async Task EachSeesTheirStepsAsync(Guid id, string[] users)
    {
        foreach (var user in users)
        {
            var allowed = (await app.GetAsync(user, id)).GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToHashSet();
            var client = await app.ClientForAsync(user);
            var html = await client.GetStringAsync($"/orders/{id}");
            var offered = FormName().Matches(html).Select(m => m.Groups[1].Value).Where(RouteOfForm.ContainsKey).Select(f => RouteOfForm[f]).ToHashSet();

            offered.OrderBy(r => r, StringComparer.Ordinal).ShouldBe(allowed.OrderBy(r => r, StringComparer.Ordinal), $"{user} on the order page");
        }
    }

    [GeneratedRegex("name=\"_handler\" value=\"([^\"]+)\"")]
    private static partial Regex FormName();
}
