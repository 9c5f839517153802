using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityGrid.Data;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>A seeded app of its own (the fuzz writes), with the background loops off so row counts only move by requests.</summary>
public sealed class FuzzApp : AppFactory
{
    public FuzzApp() => WithoutSweeps();
}

/// <summary>
/// Generated from the app's own OpenAPI document: for every POST/PUT/PATCH with a JSON or form
/// body, a plausible body is built from its schema and then spoiled by generated hostile
/// variants (huge, control, NUL, lone-surrogate and zero-width strings; non-finite, huge and
/// negative-zero numbers; dates in year 1 and 9999; null in lists; wrong types; missing members;
/// deep nesting; empty or malformed bodies; wrong content types). Each is sent as <c>admin</c> and
/// as a community admin. Never a 5xx; every 4xx is problem details with a code; a refusal writes nothing.
/// </summary>
/// <remarks>
/// Bounded: CG_FUZZ_SEED fixes the cases (default below), CG_FUZZ_CASES the cases per endpoint,
/// CG_FUZZ_SECONDS a total budget after which the remaining rounds are skipped (endpoints are
/// visited round-robin, so each gets its early cases first).
/// </remarks>
public sealed class HostileInputFuzzTests(FuzzApp app) : IClassFixture<FuzzApp>
{
    private const ulong DefaultSeed = 20261201;
    private const string Community = "150105001001";
    private const string Grid = "150105001001001";

    private string houseCode = "";
    private const string RawMarker = "@@raw";

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Hostile_variants_of_every_request_body_are_refused_with_problem_details_and_write_nothing()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("CG_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var casesPerEndpoint = int.TryParse(Environment.GetEnvironmentVariable("CG_FUZZ_CASES"), out var c) ? c : 10;
        var budget = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("CG_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var b) ? b : 100);

        using var anonymous = app.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var endpoints = Endpoints(document, this).ToList();
        endpoints.Count.ShouldBeGreaterThan(30, "the OpenAPI document lists the app's write endpoints");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            houseCode = await db.Areas.Where(a => a.Code.StartsWith(Grid) && a.Code.Length == Grid.Length + 9).Select(a => a.Code).OrderBy(c => c).FirstAsync();
        }

        var clients = new[] { await app.ClientForAsync(DemoUsers.CityAdmin), await app.ClientForAsync(DemoUsers.CommunityAdminShiqi) };
        var pcg = new PCG(1, seed);
        var failures = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0;
        for (var round = 0; round < casesPerEndpoint && started.Elapsed < budget; round++)
        {
            foreach (var endpoint in endpoints)
            {
                var mutation = MutationGen(endpoint).Generate(pcg, null, out _);
                var client = clients[(round + sent) % clients.Length];
                var failure = await SendAsync(client, endpoint, mutation);
                sent++;
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        // Whatever was accepted, the public feeds and the lists still answer.
        foreach (var read in new[] { "/open311/v2/requests.xml", "/open311/v2/requests.json", "/open311/v2/services.xml" })
        {
            var feed = await anonymous.GetAsync(read, TestContext.Current.CancellationToken);
            if (!feed.IsSuccessStatusCode)
            {
                failures.Add($"GET {read} after the fuzz: {(int)feed.StatusCode} {Short(await feed.Content.ReadAsStringAsync())}");
            }
        }

        foreach (var read in new[] { "/api/work-orders", "/api/people", "/api/wishes", "/api/volunteers/activities", "/api/audit" })
        {
            var list = await clients[0].GetAsync(read, TestContext.Current.CancellationToken);
            if ((int)list.StatusCode >= 500)
            {
                failures.Add($"GET {read} after the fuzz: {(int)list.StatusCode} {Short(await list.Content.ReadAsStringAsync())}");
            }
        }

        TestContext.Current.SendDiagnosticMessage($"fuzz: seed {seed}, {endpoints.Count} endpoints, {sent} requests in {started.Elapsed.TotalSeconds:F0} s");
        failures.ShouldBeEmpty($"seed {seed}:\n" + string.Join("\n", failures.Distinct().Take(40)));
    }

    private async Task<string?> SendAsync(HttpClient client, Endpoint endpoint, Mutation mutation)
    {
        var before = await WrittenRowsAsync();
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path) { Content = mutation.Content() };
        HttpResponseMessage response;
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        try
        {
            response = await client.SendAsync(request, guard.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return $"{endpoint} {mutation}: no answer within {HangGuard.TotalSeconds} s";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                return $"{endpoint} {mutation}: {status} {Short(body)}";
            }

            if (status >= 400)
            {
                if (endpoint.Path.StartsWith("/open311/", StringComparison.Ordinal) && IsOpen311Error(body))
                {
                    // GeoReport v2 answers errors in its own shape: [{"code":…,"description":…}].
                }
                else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    return $"{endpoint} {mutation}: {status} without problem details ({response.Content.Headers.ContentType}) {Short(body)}";
                }

                else
                {
                    using var problem = JsonDocument.Parse(body);
                    if (!problem.RootElement.TryGetProperty("code", out var code) || code.GetString() is not { Length: > 0 })
                    {
                        return $"{endpoint} {mutation}: {status} problem details without a code {Short(body)}";
                    }
                }

                var after = await WrittenRowsAsync();
                if (after != before && !endpoint.Path.StartsWith("/api/auth/", StringComparison.Ordinal)) // a failed sign-in is counted (lockout) by design
                {
                    return $"{endpoint} {mutation}: refused ({status}) yet wrote {after - before} rows: {Short(body)}";
                }
            }

            return null;
        }
    }

    /// <summary>Rows a write would leave: the audit log, the outbox and the main tables (one query, it runs twice per case).</summary>
    private async Task<long> WrittenRowsAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database.SqlQueryRaw<long>(CountWrittenRows).SingleAsync();
    }

    private static readonly string CountWrittenRows = "SELECT " + string.Join(" + ",
        new[] { "AuditEntries", "OutboxMessages", "WorkOrders", "WorkOrderEvents", "PointsTransfers", "Photos", "People", "Areas", "InboxMessages", "Wishes", "VolunteerActivities", "SignUps" }
            .Select(t => "(SELECT COUNT(*) FROM \"" + t + "\")")) + " AS \"Value\"";

    private static bool IsOpen311Error(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0
                && list[0].TryGetProperty("code", out _) && list[0].TryGetProperty("description", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Short(string body) => body.Length > 300 ? body[..300] + "…" : body;

    // ---- The endpoints and their plausible bodies, from the OpenAPI document ----

    private sealed record Endpoint(string Method, string Path, string? MediaType, JsonNode? Body)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static IEnumerable<Endpoint> Endpoints(JsonNode document, HostileInputFuzzTests test)
    {
        var schemas = document["components"]?["schemas"];
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("post" or "put" or "patch"))
                {
                    continue;
                }

                var concretePath = FillRoute(path, operation!["parameters"]);
                var content = operation["requestBody"]?["content"]?.AsObject();
                var json = content?.FirstOrDefault(m => m.Key.Contains("json", StringComparison.Ordinal));
                var form = content?.FirstOrDefault(m => m.Key is "application/x-www-form-urlencoded");
                if (json is { Key: not null } j)
                {
                    yield return new Endpoint(method.ToUpperInvariant(), concretePath, "application/json", test.Plausible(j.Value?["schema"], schemas, "", 0));
                }
                else if (form is { Key: not null } f)
                {
                    yield return new Endpoint(method.ToUpperInvariant(), concretePath, f.Key, test.Plausible(f.Value?["schema"], schemas, "", 0));
                }
                else if (content is null)
                {
                    // No body documented: hostile bodies must still be harmless.
                    yield return new Endpoint(method.ToUpperInvariant(), concretePath, null, null);
                }
            }
        }

        // Open311 takes form posts that the document does not describe.
        yield return new Endpoint("POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded", new JsonObject
        {
            ["api_key"] = "demo-open311-key",
            ["service_code"] = "drain",
            ["lat"] = "40.811",
            ["long"] = "111.701",
            ["description"] = "测试描述",
            ["first_name"] = "测试",
            ["phone"] = "13900001111",
        });
    }

    private static string FillRoute(string path, JsonNode? parameters)
    {
        foreach (var p in parameters?.AsArray() ?? [])
        {
            if (p?["in"]?.GetValue<string>() != "path")
            {
                continue;
            }

            var name = p["name"]!.GetValue<string>();
            var value = p["schema"]?["format"]?.GetValue<string>() == "uuid" ? Guid.NewGuid().ToString() : name == "format" ? "json" : Community;
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    private JsonNode? Plausible(JsonNode? schema, JsonNode? schemas, string name, int depth)
    {
        if (schema is null || depth > 6)
        {
            return null;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return Plausible(schemas?[reference.Split('/')[^1]], schemas, name, depth + 1);
        }

        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema[combinator] is JsonArray options)
            {
                var first = options.FirstOrDefault(o => o?["type"]?.ToString() != "null");
                return Plausible(first, schemas, name, depth + 1);
            }
        }

        if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } firstValue)
        {
            return firstValue.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue v => v.GetValue<string>(),
            _ => schema["properties"] is not null ? "object" : null,
        };
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                foreach (var (member, memberSchema) in schema["properties"]?.AsObject() ?? [])
                {
                    result[member] = Plausible(memberSchema, schemas, member, depth + 1);
                }

                return result;
            case "array":
                return new JsonArray(Plausible(schema["items"], schemas, name, depth + 1));
            case "integer":
                return 1;
            case "number":
                return name.Contains("lon", StringComparison.OrdinalIgnoreCase) ? 111.701 : 40.811;
            case "boolean":
                return true;
            case "string":
                return (schema["format"]?.GetValue<string>(), name.ToLowerInvariant()) switch
                {
                    ("uuid", _) => Guid.NewGuid().ToString(),
                    ("date-time", _) => "2026-12-05T02:00:00Z",
                    ("date", _) => "1980-05-01",
                    (_, var n) when n.Contains("phone", StringComparison.Ordinal) => "13900001111",
                    (_, "housecode" or "address_id") => houseCode,
                    (_, "categorycode" or "service_code") => "city.garbage",
                    (_, "gridcode") => Grid,
                    (_, "username") => "fuzz.nobody", // the token endpoint: never a real account, whose failures would lock it
                    (_, var n) when n.Contains("username", StringComparison.Ordinal) => DemoUsers.GridChiefShiqi1,
                    (_, var n) when n.Contains("url", StringComparison.Ordinal) => "https://example.org/hook",
                    (_, var n) when n.Contains("code", StringComparison.Ordinal) => Community,
                    _ => "测试文字",
                };
            default:
                return "测试";
        }
    }

    // ---- Hostile variants, generated ----

    private abstract record Mutation
    {
        public abstract HttpContent? Content();
    }

    /// <summary>The plausible body with one place spoiled; raw JSON stands in for values JSON cannot hold (1e400, "\uD800").</summary>
    private sealed record Spoiled(string MediaType, JsonNode? Body, string Where, string What, string Raw) : Mutation
    {
        public override HttpContent Content()
        {
            if (MediaType == "application/json")
            {
                var text = (Body?.ToJsonString() ?? "null").Replace($"\"{RawMarker}\"", Raw, StringComparison.Ordinal);
                return new StringContent(text, Encoding.UTF8, MediaType);
            }

            var fields = (Body as JsonObject ?? []).Select(p => new KeyValuePair<string, string>(
                p.Key, p.Value?.ToString() is { } v ? v.Replace(RawMarker, UnJson(Raw), StringComparison.Ordinal) : ""));
            return new FormUrlEncodedContent(fields);
        }

        public override string ToString() => $"[{Where} = {What}]";

        private static string UnJson(string raw) => raw.StartsWith('"') ? raw.Trim('"').Replace("\\u0000", "\0", StringComparison.Ordinal).Replace("\\uD800", "\uFFFD", StringComparison.Ordinal) : raw;
    }

    private sealed record WholeBody(string Name, byte[] Bytes, string? MediaType) : Mutation
    {
        public override HttpContent Content()
        {
            var content = new ByteArrayContent(Bytes);
            if (MediaType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
            }

            return content;
        }

        public override string ToString() => $"[body: {Name}]";
    }

    /// <summary>Hostile values as raw JSON text.</summary>
    private static readonly (string What, string Raw)[] HostileValues =
    [
        ("1 MB string", JsonSerializer.Serialize(new string('长', 1_000_000))),
        ("NUL", "\"a\\u0000b\""),
        ("C0 control", "\"a\\u0001\\u001bb\""),
        ("C1 control", "\"a\\u0085\\u009bb\""),
        ("line break in text", "\"a\\r\\nb\""),
        ("lone high surrogate", "\"a\\uD800b\""),
        ("lone low surrogate", "\"\\uDC00\""),
        ("zero-width", "\"\\u200B\\u200D\\uFEFF\""),
        ("bidi override", "\"\\u202Eevil\""),
        ("empty string", "\"\""),
        ("blanks", "\"   \""),
        ("NaN string", "\"NaN\""),
        ("Infinity string", "\"Infinity\""),
        ("-Infinity string", "\"-Infinity\""),
        ("1e308", "1e308"),
        ("1e400", "1e400"),
        ("-1e400", "-1e400"),
        ("-0", "-0"),
        ("huge integer", "123456789012345678901234567890"),
        ("int.MaxValue+1", "2147483648"),
        ("negative", "-1"),
        ("91.5", "91.5"),
        ("-181", "-181"),
        ("fraction", "0.5"),
        ("year 0001", "\"0001-01-01T00:00:00Z\""),
        ("year 9999", "\"9999-12-31T23:59:59Z\""),
        ("date 9999", "\"9999-12-31\""),
        ("not a date", "\"2026-13-45T99:99:99Z\""),
        ("null", "null"),
        ("[null]", "[null]"),
        ("[null, null]", "[null,null]"),
        ("[\"\\u0000\"]", "[\"\\u0000\"]"),
        ("empty object", "{}"),
        ("empty array", "[]"),
        ("true", "true"),
        ("number for string", "12"),
        ("string for number", "\"x\""),
        ("nested 100 deep", new string('[', 100) + new string(']', 100)),
        ("object with NUL key", "{\"\\u0000\":1}"),
        ("guid-ish", "\"00000000-0000-0000-0000-000000000000\""),
    ];

    private static readonly string[] TextValues = ["1 MB string", "NUL", "C0 control", "C1 control", "line break in text", "lone high surrogate", "lone low surrogate", "zero-width", "bidi override", "empty string", "blanks", "null", "number for string", "object with NUL key"];
    private static readonly string[] NumberValues = ["NaN string", "Infinity string", "-Infinity string", "1e308", "1e400", "-1e400", "-0", "huge integer", "int.MaxValue+1", "negative", "fraction", "91.5", "-181", "null", "string for number"];
    private static readonly string[] DateValues = ["year 0001", "year 9999", "date 9999", "not a date", "empty string", "null", "NUL"];
    private static readonly string[] ListValues = ["[null]", "[null, null]", "[\"\\u0000\"]", "empty object", "null", "nested 100 deep", "true"];

    /// <summary>The hostile values that suit what stands at a place (a number, a date, a list, text), and now and then any.</summary>
    private static Gen<(string What, string Raw)> HostileFor(JsonNode? plausible)
    {
        var names = plausible switch
        {
            JsonArray => ListValues,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => NumberValues,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && DateTime.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, out _) => DateValues,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TextValues,
            _ => HostileValues.Select(h => h.What).ToArray(),
        };
        var suited = names.Select(n => HostileValues.Single(h => h.What == n)).ToArray();
        return Gen.Frequency((4, Gen.OneOf(suited)), (1, Gen.OneOf(HostileValues)));
    }

    private static Gen<Mutation> MutationGen(Endpoint endpoint)
    {
        var whole = Gen.OneOf<Mutation>(
            new WholeBody("empty", [], "application/json"),
            new WholeBody("null", "null"u8.ToArray(), "application/json"),
            new WholeBody("array", "[]"u8.ToArray(), "application/json"),
            new WholeBody("string", "\"x\""u8.ToArray(), "application/json"),
            new WholeBody("unterminated", "{\"a\":"u8.ToArray(), "application/json"),
            new WholeBody("trailing garbage", "{}}}"u8.ToArray(), "application/json"),
            new WholeBody("5000 deep", Encoding.ASCII.GetBytes(new string('[', 5000) + new string(']', 5000)), "application/json"),
            new WholeBody("invalid UTF-8", [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'], "application/json"),
            new WholeBody("2 MB", Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), "application/json"),
            new WholeBody("text/plain", Encoding.UTF8.GetBytes(endpoint.Body?.ToJsonString() ?? "{}"), "text/plain"),
            new WholeBody("xml", "<a>1</a>"u8.ToArray(), "application/xml"),
            new WholeBody("form for json", "a=%00&b=1"u8.ToArray(), "application/x-www-form-urlencoded"),
            new WholeBody("no content type", "{}"u8.ToArray(), null));

        var places = Places(endpoint.Body).ToList();
        if (endpoint.MediaType is null || places.Count == 0)
        {
            return whole;
        }

        var spoil = Gen.Int[0, places.Count - 1].SelectMany(p => HostileFor(Locate(endpoint.Body, places[p])).Select(Gen.Int[0, 7], (value, how) =>
        {
            var body = endpoint.Body!.DeepClone();
            var place = places[p];
            var (what, raw) = value;
            var steps = place.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (how == 0 && Locate(body, "/" + string.Join('/', steps[..^1])) is JsonObject parent)
            {
                // A member left out.
                parent.Remove(steps[^1]);
                return (Mutation)new Spoiled(endpoint.MediaType, body, place, "missing", "");
            }

            Replace(body, place, JsonValue.Create(RawMarker));
            return new Spoiled(endpoint.MediaType, body, place, what, raw);
        }));
        return Gen.Frequency((1, whole), (5, spoil));
    }

    /// <summary>Every member and array item of the body, as JSON-pointer-like paths.</summary>
    private static IEnumerable<string> Places(JsonNode? node, string at = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    yield return at + "/" + name;
                    foreach (var inner in Places(value, at + "/" + name))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return at + "/" + i.ToString(CultureInfo.InvariantCulture);
                    foreach (var inner in Places(a[i], at + "/" + i.ToString(CultureInfo.InvariantCulture)))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static JsonNode? Locate(JsonNode? root, string path)
    {
        var node = root;
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonObject o => o[step],
                JsonArray a => a[int.Parse(step, CultureInfo.InvariantCulture)],
                _ => null,
            };
        }

        return node;
    }

    private static void Replace(JsonNode root, string path, JsonNode value)
    {
        var steps = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = Locate(root, "/" + string.Join('/', steps[..^1]));
        switch (parent)
        {
            case JsonObject o:
                o[steps[^1]] = value;
                break;
            case JsonArray a:
                a[int.Parse(steps[^1], CultureInfo.InvariantCulture)] = value;
                break;
        }
    }
}
