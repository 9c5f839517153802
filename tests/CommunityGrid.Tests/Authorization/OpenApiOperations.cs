using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CommunityGrid.Tests.Authorization;

/// <summary>One operation of the app's own OpenAPI document: what the matrix sends a request to.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Query, JsonObject? BodySchema, bool Multipart)
{
    public string Key => $"{Method} {Path}";

    public bool IsSafe => Method == "GET";

    /// <summary>The names of the route parameters, in order of appearance.</summary>
    public IReadOnlyList<(string Segment, string Name)> RouteParameters => [.. RouteParameter.Matches(Path).Select(m => (PreviousSegment(m.Index), m.Groups[1].Value))];

    /// <summary>The last literal segment before a parameter: "work-orders" for /api/work-orders/{id}/accept.</summary>
    private string PreviousSegment(int index) =>
        Path[..index].Split('/').LastOrDefault(s => s.Length > 0 && !s.Contains('{', StringComparison.Ordinal)) ?? "";

    internal static readonly Regex RouteParameter = new(@"\{([A-Za-z]+)\}", RegexOptions.Compiled);
}

public sealed record ApiParameter(string Name, bool Required, string Type, string? Format);

/// <summary>Reads the operations of the OpenAPI document and makes minimal request bodies from its schemas.</summary>
public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    public static IReadOnlyList<ApiOperation> Read(string json)
    {
        var doc = JsonNode.Parse(json)!.AsObject();
        var schemas = doc["components"]?["schemas"]?.AsObject();
        var result = new List<ApiOperation>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject op)
                {
                    continue;
                }

                var query = (op["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject())
                    .Where(p => (string?)p["in"] == "query")
                    .Select(p => new ApiParameter((string)p["name"]!, (bool?)p["required"] ?? false, TypeOf(p["schema"]), (string?)p["schema"]?["format"]))
                    .ToList();
                var content = op["requestBody"]?["content"]?.AsObject();
                JsonObject? body = null;
                var multipart = false;
                if (content?["application/json"]?["schema"] is JsonObject jsonSchema)
                {
                    body = Resolve(jsonSchema, schemas);
                }
                else if (content?["multipart/form-data"] is not null)
                {
                    multipart = true;
                }

                result.Add(new ApiOperation(method.ToUpperInvariant(), path, query, body is null ? null : Inline(body, schemas, 0), multipart));
            }
        }

        return result;
    }

    private static string TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        null when schema?["properties"] is not null => "object",
        JsonArray types => types.Select(t => (string)t!).FirstOrDefault(t => t != "null") ?? "string",
        JsonValue v => (string)v!,
        _ => "string",
    };

    private static JsonObject Resolve(JsonObject schema, JsonObject? schemas)
    {
        // An optional body or a nullable reference: { "anyOf"/"oneOf": [ { "type": "null" }, { "$ref": … } ] }.
        if ((schema["anyOf"] ?? schema["oneOf"]) is JsonArray choices
            && choices.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] != "null") is { } choice)
        {
            return Resolve(choice, schemas);
        }

        if ((string?)schema["$ref"] is { } reference && schemas is not null)
        {
            return schemas[reference.Split('/')[^1]]!.AsObject();
        }

        return schema;
    }

    /// <summary>The schema with its references inlined (bounded: request types are shallow).</summary>
    private static JsonObject Inline(JsonObject schema, JsonObject? schemas, int depth)
    {
        var resolved = Resolve(schema, schemas).DeepClone().AsObject();
        if (depth > 4)
        {
            return resolved;
        }

        if (resolved["properties"] is JsonObject props)
        {
            foreach (var name in props.Select(p => p.Key).ToList())
            {
                props[name] = Inline(props[name]!.AsObject(), schemas, depth + 1);
            }
        }

        if (resolved["items"] is JsonObject items)
        {
            resolved["items"] = Inline(items, schemas, depth + 1);
        }

        return resolved;
    }

    /// <summary>
    /// A minimal body: every required property with a plausible value of its type, and <paramref name="fill"/>
    /// asked first for each property (a scoped reference such as houseCode or personId is filled from the catalogue).
    /// </summary>
    public static JsonNode? Sample(JsonObject? schema, Func<string, string?> fill)
    {
        if (schema is null)
        {
            return null;
        }

        return SampleOf(schema, fill, null, 0);
    }

    private static JsonNode? SampleOf(JsonObject schema, Func<string, string?> fill, string? name, int depth)
    {
        if (name is not null && fill(name) is { } filled)
        {
            return TypeOf(schema) is "integer" or "number" && long.TryParse(filled, out var number) ? JsonValue.Create(number) : JsonValue.Create(filled);
        }

        // A nullable field nobody points anywhere is sent as null: the smallest body that passes validation.
        if (name is not null && schema["type"] is JsonArray types && types.Any(t => (string?)t == "null"))
        {
            return null;
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }

        var type = TypeOf(schema);
        var format = (string?)schema["format"];
        return type switch
        {
            "object" when depth < 4 => SampleObject(schema, fill, depth),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            "boolean" => JsonValue.Create(false),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1),
            _ => format switch
            {
                "uuid" => JsonValue.Create(Guid.NewGuid().ToString()),
                "date-time" => JsonValue.Create(DateTime.UtcNow.AddDays(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                "date" => JsonValue.Create(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3)).ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                "time" => JsonValue.Create("09:00:00"),
                "int32" or "int64" => JsonValue.Create("1"),
                _ => JsonValue.Create("矩阵测试"),
            },
        };
    }

    private static JsonObject SampleObject(JsonObject schema, Func<string, string?> fill, int depth)
    {
        var result = new JsonObject();
        var required = (schema["required"]?.AsArray() ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            // Optional properties are left out, except scoped references: an optional houseCode still points somewhere.
            var value = fill(name);
            if (required.Contains(name) || value is not null)
            {
                result[name] = SampleOf(property!.AsObject(), fill, name, depth + 1);
            }
        }

        return result;
    }

    public static string Serialize(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "{}";
}
