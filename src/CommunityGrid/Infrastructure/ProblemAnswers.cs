using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// The problem answers an API endpoint can give, written into its metadata so the OpenAPI document lists them
/// with the problem-details schema: every endpoint answers 400 (bad input) and 404 (not found or out of scope —
/// never 403), a signed-in endpoint 401, and one that changes state also 409 (a rule of the current state
/// refuses it) and 422 (the request breaks a rule of the data it names). The codes are those the exception
/// handler maps from the kind of rule broken (<see cref="ProblemHandling"/>).
/// </summary>
internal static class ProblemAnswers
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    public static TBuilder WithProblemAnswers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions, so AllowAnonymous and declared answers are seen.
        builder.Finally(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var changesState = methods.Any(m => m is not ("GET" or "HEAD"));
            List<int> answers = [StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound];
            if (!endpoint.Metadata.OfType<IAllowAnonymous>().Any())
            {
                answers.Add(StatusCodes.Status401Unauthorized);
            }

            if (changesState)
            {
                answers.AddRange([StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity]);
            }

            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            foreach (var status in answers.Where(s => !declared.Contains(s)))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ProblemJson));
            }
        });
        return builder;
    }
}
