using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>
/// Answers read into the app's own response records instead of walked as raw JSON. Strict as
/// <c>GetProperty</c> was: a member the record needs that the answer lacks, or a null where the
/// record says non-null, fails the read.
/// </summary>
public static class Answers
{
    /// <summary>How the app writes JSON (web defaults, enums by name), read strictly.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Asserts the status (showing the body when it differs) and reads the answer as <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonSerializer.Deserialize<T>(body, Json) ?? throw new ShouldAssertException($"The answer was null: {body}");
    }

    public static T As<T>(this JsonElement element) =>
        element.Deserialize<T>(Json) ?? throw new ShouldAssertException($"The answer was null: {element}");
}
