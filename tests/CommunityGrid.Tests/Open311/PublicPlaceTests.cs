using System.Text.Json;
using CommunityGrid.Tests.WorkOrders;

namespace CommunityGrid.Tests.Open311;

/// <summary>
/// The public feed never tells where a complainant lives: no house code or room, neighbour disputes
/// only at grid level, and numbers or e-mail addresses in the text masked, in JSON and XML alike.
/// </summary>
public sealed class PublicPlaceTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    // A house of 仕奇社区 grid 1 (building 002, unit 02, room 0301).
    private const string House = "150105001001001002020301";

    private static Dictionary<string, string> AtTheHouse(string serviceCode, string description) => new()
    {
        ["api_key"] = Open311Calls.DemoKey,
        ["service_code"] = serviceCode,
        ["address_id"] = House,
        ["description"] = description,
        ["media_url"] = "https://example.com/photo.jpg",
    };

    private async Task<(JsonElement Request, string Body)> ReadJsonAsync(string number)
    {
        var response = await app.CreateClient().GetAsync($"/open311/v2/requests/{number}.json");
        var body = await response.Content.ReadAsStringAsync();
        return ((await response.Open311JsonAsync()).EnumerateArray().Single(), body);
    }

    private async Task<string> ReadXmlAsync(string number) =>
        await (await app.CreateClient().GetAsync($"/open311/v2/requests/{number}.xml")).Content.ReadAsStringAsync();

    [Theory]
    [InlineData("noise")]
    [InlineData("neighbour")]
    public async Task A_neighbour_complaint_filed_at_a_house_shows_only_its_grid(string serviceCode)
    {
        var number = await app.CreateClient().ReportAsync(AtTheHouse(serviceCode, "楼上天天半夜吵，我是 301 的"));

        var (request, body) = await ReadJsonAsync(number);
        var xml = await ReadXmlAsync(number);

        request.GetProperty("address").GetString().ShouldBe("仕奇社区第一网格");
        request.GetProperty("address_id").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("lat").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("long").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("description").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("media_url").ValueKind.ShouldBe(JsonValueKind.Null);
        foreach (var text in new[] { body, xml })
        {
            text.ShouldNotContain(House);
            text.ShouldNotContain("室");
            text.ShouldNotContain("301");
        }
    }

    [Fact]
    public async Task An_ordinary_request_filed_at_a_house_shows_its_building_not_the_house()
    {
        var form = AtTheHouse("drain", "厨房下水堵了");
        form["attribute[affects_others]"] = "no";
        var number = await app.CreateClient().ReportAsync(form);

        var (request, body) = await ReadJsonAsync(number);
        var xml = await ReadXmlAsync(number);

        request.GetProperty("address").GetString()!.ShouldStartWith("仕奇社区第一网格 ");
        request.GetProperty("address").GetString()!.ShouldEndWith("号楼");
        request.GetProperty("address_id").ValueKind.ShouldBe(JsonValueKind.Null);
        request.GetProperty("description").GetString()!.ShouldStartWith("厨房下水堵了");
        body.ShouldNotContain(House);
        xml.ShouldNotContain(House);
        body.ShouldNotContain("室");
    }

    [Fact]
    public async Task A_typed_address_is_published_only_down_to_its_building()
    {
        var form = Open311Calls.Drain();
        form["address_string"] = "仕奇社区 2号楼 1单元 101室";

        var number = await app.CreateClient().ReportAsync(form);
        var (request, _) = await ReadJsonAsync(number);

        request.GetProperty("address").GetString().ShouldBe("仕奇社区 2号楼");
    }

    [Fact]
    public async Task Phone_and_id_numbers_and_e_mail_in_a_description_are_masked_in_json_and_xml()
    {
        const string description = "联系 +8613911116666 或 １３９１１１１２２２２、139 1111 4444、139-1111-5555，身份证 150105 19900101 930X，邮箱 zhang.san@example.com";
        var number = await app.CreateClient().ReportAsync(Open311Calls.Drain(description));

        var (request, body) = await ReadJsonAsync(number);
        var xml = await ReadXmlAsync(number);

        request.GetProperty("description").GetString()!.ShouldStartWith("联系 139****6666 或 139****2222、139****4444、139****5555，身份证 150105********930X，邮箱 z***@example.com");
        foreach (var text in new[] { body, xml })
        {
            foreach (var leak in new[] { "13911116666", "１３９１１１１２２２２", "139 1111 4444", "139-1111-5555", "19900101", "zhang.san" })
            {
                text.ShouldNotContain(leak);
            }
        }
    }
}
