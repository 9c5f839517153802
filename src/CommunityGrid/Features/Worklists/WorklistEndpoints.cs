using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Worklists;

/// <summary>GET /api/worklist: what needs the caller now, scoped to the caller (docs/decisions/0022).</summary>
internal static class WorklistEndpoints
{
    public static IServiceCollection AddWorklists(this IServiceCollection services) => services.AddScoped<WorklistQuery>();

    public static RouteGroupBuilder MapWorklist(this RouteGroupBuilder api)
    {
        api.MapGet("/worklist", Get).WithTags("Worklist")
            .WithSummary("What needs the caller now: orders to accept, handle, dispatch or verify, overdue and problem orders, wishes to review, care visits due, bookings, the weakest communities by KPI — by the caller's roles and scope.");
        return api;
    }

    private static async Task<Ok<Worklist>> Get(WorklistQuery query, CancellationToken ct) => TypedResults.Ok(await query.ForCallerAsync(ct));
}
