using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>Reads answers into the app's own records with the app's JSON settings (enums as names).</summary>
public static class AppJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Options))!;

    public static async Task<T> GetAppJsonAsync<T>(this HttpClient client, string path) =>
        (await client.GetFromJsonAsync<T>(path, Options))!;
}
