using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Governance;

public sealed record RoundQuery([property: MaxLength(Area.CodeMaxLength)] string? CommunityCode = null, int? Page = null, int? PageSize = null);

public sealed record RankingQuery([property: Required, MaxLength(Area.CodeMaxLength)] string AreaCode, [property: Required, MaxLength(8)] string Period);

public sealed record CoverageQuery([property: Required, MaxLength(Area.CodeMaxLength)] string AreaCode, DateOnly From, DateOnly To, int? Page = null, int? PageSize = null);

public sealed record PatrolQuery(bool Mine = false, int? Page = null, int? PageSize = null);

public sealed record PageQuery(int? Page = null, int? PageSize = null);

/// <summary>红色物业 governance under /api/governance: the chain, 考核评价, 联席会议, and the grid worker's day.</summary>
public static class GovernanceEndpoints
{
    public static IServiceCollection AddGovernance(this IServiceCollection services) =>
        services.AddScoped<GovernanceOrders>().AddScoped<EstateChain>().AddScoped<Assessments>().AddScoped<Meetings>().AddScoped<GridWorkLog>();

    public static RouteGroupBuilder MapGovernance(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var g = api.MapGroup("/governance").WithTags("Governance");
        const int Bad = StatusCodes.Status400BadRequest, Missing = StatusCodes.Status404NotFound, Clash = StatusCodes.Status409Conflict,
            Refused = StatusCodes.Status403Forbidden, Unprocessable = StatusCodes.Status422UnprocessableEntity;

        g.MapGet("/estates/{id:guid}/chain", async Task<Ok<EstateChainView>> (Guid id, EstateChain chain, CancellationToken ct) => TypedResults.Ok(await chain.OfAsync(id, ct)))
            .WithSummary("五级联动: the estate's chain as people, with the open orders pressed at each level.").ProducesProblem(Missing);
        g.MapPut("/estates/{id:guid}/committee", async Task<NoContent> (Guid id, SetCommitteeRequest request, Assessments a, CancellationToken ct) =>
            {
                await a.SetCommitteeAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Names the owners' committee that scores the estate in assessments.").ProducesProblem(Bad).ProducesProblem(Missing);

        g.MapGet("/assessment-templates", async Task<Ok<IReadOnlyList<TemplateView>>> ([Required, MaxLength(Area.CodeMaxLength)] string communityCode, Assessments a, CancellationToken ct) =>
                TypedResults.Ok(await a.TemplatesAsync(communityCode, ct)))
            .WithSummary("Assessment templates a community may open rounds from (its own and its street's).").ProducesProblem(Missing);
        g.MapPost("/assessment-templates", async Task<Created<TemplateView>> (DefineTemplateRequest request, Assessments a, CancellationToken ct) =>
            {
                var t = await a.DefineTemplateAsync(request, ct);
                return TypedResults.Created($"/api/governance/assessment-templates?communityCode={request.CommunityCode}", t);
            })
            .WithSummary("Defines a template of weighted criteria (weights sum to 100) with red and yellow lines.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing);

        g.MapGet("/rounds", async Task<Ok<Page<RoundListItem>>> ([AsParameters] RoundQuery q, Assessments a, CancellationToken ct) =>
                TypedResults.Ok(await a.ListAsync(q.CommunityCode, q.Page, q.PageSize, ct)))
            .WithSummary("Assessment rounds of the caller's communities, latest first.").ProducesProblem(Missing);
        g.MapPost("/rounds", async Task<Created<RoundView>> (OpenRoundRequest request, Assessments a, CancellationToken ct) =>
            {
                var round = await a.OpenAsync(request, ct);
                return TypedResults.Created($"/api/governance/rounds/{round.Id}", round);
            })
            .WithSummary("Opens a quarterly round for the community's estates from a template.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapGet("/rounds/{id:guid}", async Task<Ok<RoundView>> (Guid id, Assessments a, CancellationToken ct) => TypedResults.Ok(await a.GetAsync(id, ct)))
            .WithSummary("A round: criteria, each estate's scoring so far and what the caller may score; the results once closed.").ProducesProblem(Missing);
        g.MapPost("/rounds/{id:guid}/scores", async Task<Ok<RoundView>> (Guid id, ScoreRequest request, Assessments a, CancellationToken ct) => TypedResults.Ok(await a.ScoreAsync(id, request, ct)))
            .WithSummary("Scores an estate as the caller's party (community, owners' committee, resident): once, by the deadline, typed criteria only.")
            .ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapPost("/rounds/{id:guid}/close", async Task<Ok<RoundView>> (Guid id, Assessments a, CancellationToken ct) => TypedResults.Ok(await a.CloseAsync(id, ct)))
            .WithSummary("Closes the round: computes the data criteria from the period's orders and writes every estate's result; a closed round never changes.")
            .ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapGet("/rankings", async Task<Ok<StreetRanking>> ([AsParameters] RankingQuery q, Assessments a, CancellationToken ct) => TypedResults.Ok(await a.RankingAsync(q.AreaCode, q.Period, ct)))
            .WithSummary("The ranking of a street's estates in a period (e.g. 2026Q4) with the red/yellow list.").ProducesProblem(Missing);
        g.MapGet("/organisations/{id:guid}/assessments", async Task<Ok<CompanyHistory>> (Guid id, Assessments a, CancellationToken ct) => TypedResults.Ok(await a.HistoryAsync(id, ct)))
            .WithSummary("A property company's (or committee's) results across closed rounds, with the change from the round before.").ProducesProblem(Missing);

        g.MapGet("/meetings", async Task<Ok<Page<MeetingListItem>>> ([AsParameters] RoundQuery q, Meetings m, CancellationToken ct) =>
                TypedResults.Ok(await m.ListAsync(q.CommunityCode, q.Page, q.PageSize, ct)))
            .WithSummary("联席会议 of the caller's communities, latest first.").ProducesProblem(Missing);
        g.MapPost("/meetings", async Task<Created<MeetingView>> (ConveneMeetingRequest request, Meetings m, CancellationToken ct) =>
            {
                var meeting = await m.ConveneAsync(request, ct);
                return TypedResults.Created($"/api/governance/meetings/{meeting.Id}", meeting);
            })
            .WithSummary("Records a joint meeting: agenda and attendees (present or absent); it opens with the last meeting's open decisions.")
            .ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing);
        g.MapGet("/meetings/{id:guid}", async Task<Ok<MeetingView>> (Guid id, Meetings m, CancellationToken ct) => TypedResults.Ok(await m.GetAsync(id, ct)))
            .WithSummary("A meeting with its decisions' progress and what the previous meeting left open.").ProducesProblem(Missing);
        g.MapPost("/meetings/{id:guid}/decisions", async Task<Ok<MeetingView>> (Guid id, DecideRequest request, Meetings m, CancellationToken ct) => TypedResults.Ok(await m.DecideAsync(id, request, ct)))
            .WithSummary("Records a decision and turns it, in one step, into a work order dispatched to its owner.")
            .ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapPost("/meetings/{id:guid}/conclude", async Task<Ok<MeetingView>> (Guid id, ConcludeMeetingRequest request, Meetings m, CancellationToken ct) => TypedResults.Ok(await m.ConcludeAsync(id, request, ct)))
            .WithSummary("Concludes the meeting with its minutes; a concluded meeting never changes.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);

        g.MapGet("/patrols", async Task<Ok<Page<PatrolListItem>>> ([AsParameters] PatrolQuery q, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.PatrolsAsync(q.Mine, q.Page, q.PageSize, ct)))
            .WithSummary("民情日志: patrols of the caller's grids (or only hers), latest first.");
        g.MapPost("/patrols", async Task<Created<PatrolView>> (StartPatrolRequest request, GridWorkLog log, CancellationToken ct) =>
            {
                var patrol = await log.StartPatrolAsync(request, ct);
                return TypedResults.Created($"/api/governance/patrols/{patrol.Id}", patrol);
            })
            .WithSummary("A grid worker starts a patrol of her grid (one at a time).").ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapGet("/patrols/{id:guid}", async Task<Ok<PatrolView>> (Guid id, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.PatrolAsync(id, ct)))
            .WithSummary("A patrol with its route and findings.").ProducesProblem(Missing);
        g.MapPost("/patrols/{id:guid}/points", async Task<Ok<PatrolView>> (Guid id, RoutePointRequest request, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.AddPointAsync(id, request, ct)))
            .WithSummary("Adds a route point (the phone's position, or a tap on the map).").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash).ProducesProblem(Unprocessable);
        g.MapPost("/patrols/{id:guid}/findings", async Task<Ok<PatrolView>> (Guid id, FindingRequest request, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.ReportFindingAsync(id, request, ct)))
            .WithSummary("A finding becomes a work order in one step, with its photo and place.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);
        g.MapPost("/patrols/{id:guid}/end", async Task<Ok<PatrolView>> (Guid id, EndPatrolRequest request, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.EndPatrolAsync(id, request, ct)))
            .WithSummary("Ends the patrol with what she saw.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Clash);

        g.MapPost("/visits", async Task<Created<VisitView>> (RecordVisitRequest request, GridWorkLog log, CancellationToken ct) =>
            {
                var visit = await log.RecordVisitAsync(request, ct);
                return TypedResults.Created($"/api/governance/visits/due", visit);
            })
            .WithSummary("入户走访: records a household visit with its outcome, care needs seen and the next visit due.").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing);
        g.MapGet("/visits/due", async Task<Ok<Page<DueVisit>>> ([AsParameters] PageQuery q, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.DueAsync(q.Page, q.PageSize, ct)))
            .WithSummary("The households of the caller's grids, overdue first, then due soonest.");

        g.MapGet("/communities/{code}/duty-list", async Task<Ok<DutyListView>> (string code, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.DutiesAsync(code, ct)))
            .WithSummary("网格员职责清单: the community's approved duties (at most 10).").ProducesProblem(Missing);
        g.MapPost("/communities/{code}/duty-list", async Task<Ok<DutyListView>> (string code, AddDutyRequest request, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.AddDutyAsync(code, request, ct)))
            .WithSummary("Approves one more duty; an eleventh is refused (duty_list_full).").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Unprocessable);
        g.MapPut("/communities/{code}/duty-list", async Task<Ok<DutyListView>> (string code, ReplaceDutiesRequest request, GridWorkLog log, CancellationToken ct) => TypedResults.Ok(await log.ReplaceDutiesAsync(code, request, ct)))
            .WithSummary("Replaces the whole duty list (at most 10 items).").ProducesProblem(Bad).ProducesProblem(Refused).ProducesProblem(Missing).ProducesProblem(Unprocessable);

        g.MapGet("/coverage", async Task<Ok<CoverageReport>> ([AsParameters] CoverageQuery q, GridWorkLog log, CancellationToken ct) =>
                TypedResults.Ok(await log.CoverageAsync(q.AreaCode, q.From, q.To, q.Page, q.PageSize, ct)))
            .WithSummary("Coverage per grid: households visited ÷ households, patrol hours and findings per worker, overdue visits.").ProducesProblem(Bad).ProducesProblem(Missing);
        return api;
    }
}
