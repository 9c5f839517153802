using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace CommunityGrid.Tests.Open311;

/// <summary>How a 311 client talks to /open311/v2/: form posts and JSON or XML answers.</summary>
public static class Open311Calls
{
    public const string DemoKey = "demo-open311-key";

    /// <summary>A point inside 仕奇社区 grid 1 (150105001001001).</summary>
    public const string ShiqiLat = "40.8110";
    public const string ShiqiLong = "111.7020";

    public static Dictionary<string, string> Drain(string description = "厨房下水堵了两天") => new()
    {
        ["api_key"] = DemoKey,
        ["service_code"] = "drain",
        ["lat"] = ShiqiLat,
        ["long"] = ShiqiLong,
        ["address_string"] = "仕奇社区 1号楼",
        ["first_name"] = "三",
        ["last_name"] = "张",
        ["phone"] = "13912345678",
        ["email"] = "zhangsan@example.com",
        ["description"] = description,
        ["attribute[floor]"] = "3",
        ["attribute[affects_others]"] = "yes",
    };

    public static Task<HttpResponseMessage> PostRequestAsync(this HttpClient client, IEnumerable<KeyValuePair<string, string>> form, string format = "json") =>
        client.PostAsync($"/open311/v2/requests.{format}", new FormUrlEncodedContent(form));

    /// <summary>Posts and returns the new service_request_id.</summary>
    public static async Task<string> ReportAsync(this HttpClient client, IEnumerable<KeyValuePair<string, string>> form)
    {
        var answer = await (await client.PostRequestAsync(form)).Open311JsonAsync();
        return answer[0].GetProperty("service_request_id").GetString()!;
    }

    public static async Task<JsonElement> Open311JsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", body);
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<XElement> Open311XmlAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/xml", body);
        response.Content.Headers.ContentType?.CharSet.ShouldBe("utf-8", body);
        var document = XDocument.Parse(body);
        document.Declaration?.Encoding.ShouldBe("utf-8", StringCompareShould.IgnoreCase);
        return document.Root!;
    }

    /// <summary>The spec's JSON error list: [{"code": status, "description": "…"}].</summary>
    public static async Task<string> ShouldBeOpen311ErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var errors = await response.Open311JsonAsync(status);
        errors.ValueKind.ShouldBe(JsonValueKind.Array);
        errors.GetArrayLength().ShouldBe(1);
        errors[0].GetProperty("code").GetInt32().ShouldBe((int)status);
        return errors[0].GetProperty("description").GetString()!;
    }

    public static IEnumerable<string> Ids(this JsonElement requests) =>
        requests.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!);

    public static string Text(this XElement element, string name) => element.Element(name)?.Value ?? throw new ShouldAssertException($"<{name}> missing in {element}");
}
