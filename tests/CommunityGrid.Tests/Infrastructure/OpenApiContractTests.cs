using System.Text.Json;

namespace CommunityGrid.Tests.Infrastructure;

/// <summary>The OpenAPI document tells clients every problem answer an endpoint can give, with its schema.</summary>
[Collection(SharedApp.Name)]
public sealed class OpenApiContractTests(AppFactory app)
{
    private static readonly string[] Contracted = ["/api/work-orders", "/api/points", "/api/volunteers", "/api/photos"];

    [Fact]
    public async Task Every_work_order_points_and_volunteer_endpoint_lists_its_problem_answers()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).JsonAsync();
        var missing = new List<string>();
        var checkedOperations = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (!Contracted.Any(p => path.Name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (method is not ("GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
                {
                    continue;
                }

                checkedOperations++;
                string[] expected = method == "GET" ? ["400", "404"] : ["400", "404", "409", "422"];
                var responses = operation.Value.GetProperty("responses");
                foreach (var status in expected)
                {
                    if (!responses.TryGetProperty(status, out var answer) || !IsProblem(answer))
                    {
                        missing.Add($"{method} {path.Name} → {status}");
                    }
                }
            }
        }

        checkedOperations.ShouldBeGreaterThan(40);
        missing.ShouldBeEmpty();
    }

    private static bool IsProblem(JsonElement answer) =>
        answer.TryGetProperty("content", out var content)
        && content.TryGetProperty("application/problem+json", out var media)
        && media.TryGetProperty("schema", out var schema)
        && schema.GetRawText().Contains("ProblemDetails", StringComparison.Ordinal);
}
