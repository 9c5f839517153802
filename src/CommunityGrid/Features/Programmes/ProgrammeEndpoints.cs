using CommunityGrid.Features.Photos;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Programmes;

/// <summary>Community programmes: 民生微实事 with the residents' council, and the events calendar.</summary>
internal static class ProgrammeEndpoints
{
    public static IServiceCollection AddProgrammes(this IServiceCollection services)
    {
        services.AddScoped<MicroProjects>();
        services.AddScoped<CouncilsAndBudgets>();
        services.AddScoped<CommunityEvents>();
        services.AddScoped<JobsAndTraining>();
        return services;
    }

    public static RouteGroupBuilder MapProgrammes(this RouteGroupBuilder api)
    {
        MapMicroProjects(api.MapGroup("/micro-projects").WithTags("Micro-projects"));
        MapCouncils(api.MapGroup("/councils").WithTags("Micro-projects"));
        MapEvents(api.MapGroup("/events").WithTags("Events"));
        MapJobs(api.MapGroup("/jobs").WithTags("Jobs and training"));
        return api;
    }

    private static void MapMicroProjects(RouteGroupBuilder group)
    {
        group.MapPost("/", async Task<Created<MicroProjectView>> (ProposeMicroProject request, MicroProjects projects, CancellationToken ct) =>
        {
            var project = await projects.ProposeAsync(request, ct);
            return TypedResults.Created($"/api/micro-projects/{project.Id}", project);
        }).WithSummary("提议 a 民生微实事 for a community, with a cost estimate in yuan; by its residents or staff.");
        group.MapGet("/", async Task<Ok<Page<MicroProjectItem>>> (MicroProjects projects, string? communityCode, MicroProjectStatus? status, int? year, int? page, int? pageSize,
            CancellationToken ct) => TypedResults.Ok(await projects.ListAsync(communityCode, status, year, page, pageSize, ct)))
            .WithSummary("The micro-projects of the caller's communities, newest first.");
        group.MapGet("/budgets/{communityCode}", async Task<Ok<BudgetView>> (string communityCode, int? year, CouncilsAndBudgets budgets, CancellationToken ct) =>
            TypedResults.Ok(await budgets.BudgetAsync(communityCode, year, ct)))
            .WithSummary("The community's micro-project budget for a year (default: this year, Beijing time): cap, used, left.");
        group.MapPut("/budgets/{communityCode}", async Task<Ok<BudgetView>> (string communityCode, SetBudget request, CouncilsAndBudgets budgets, CancellationToken ct) =>
            TypedResults.Ok(await budgets.SetBudgetAsync(communityCode, request, ct)))
            .WithSummary("Sets a year's budget cap; never below what screened-in projects have committed (409 cap_below_committed).");
        group.MapGet("/{id:guid}", async Task<Ok<MicroProjectView>> (Guid id, MicroProjects projects, CancellationToken ct) => TypedResults.Ok(await projects.ViewAsync(id, ct)));
        group.MapPost("/{id:guid}/screen", async Task<Ok<MicroProjectView>> (Guid id, ScreenMicroProject request, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ScreenAsync(id, request, ct)))
            .WithSummary("筛选: passes → the estimate is committed to the year's budget (422 budget_cap_exceeded when it does not fit) and the council vote opens.");
        group.MapPost("/{id:guid}/votes", async Task<Ok<MicroProjectView>> (Guid id, CastVote request, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.VoteAsync(id, request, ct)))
            .WithSummary("A council member votes For, Against or Abstain; a second vote changes the first; after the close 409 vote_closed.");
        group.MapPost("/{id:guid}/close-vote", async Task<Ok<MicroProjectView>> (Guid id, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.CloseVoteAsync(id, ct)))
            .WithSummary("Counts the votes once by the council's quorum and majority: approved → 公示; otherwise not approved and the budget is released.");
        group.MapPost("/{id:guid}/objections", async Task<Ok<MicroProjectView>> (Guid id, ObjectToMicroProject request, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ObjectAsync(id, request, ct)))
            .WithSummary("异议 by a resident during the publicity period, once each; after it 409 publicity_over.");
        group.MapPost("/{id:guid}/start", async Task<Ok<MicroProjectView>> (Guid id, MicroProjects projects, CancellationToken ct) => TypedResults.Ok(await projects.StartAsync(id, ct)))
            .WithSummary("开始实施 once the publicity period has ended.");
        group.MapPost("/{id:guid}/updates", async Task<Ok<MicroProjectView>> (Guid id, ReportProgress request, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.ReportAsync(id, request, ct)))
            .WithSummary("实施进展: a note and photos uploaded to /api/photos by the caller.");
        group.MapPost("/{id:guid}/complete", async Task<Ok<MicroProjectView>> (Guid id, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.CompleteAsync(id, ct)));
        group.MapPost("/{id:guid}/evaluations", async Task<Ok<MicroProjectView>> (Guid id, EvaluateMicroProject request, MicroProjects projects, CancellationToken ct) =>
            TypedResults.Ok(await projects.EvaluateAsync(id, request, ct)))
            .WithSummary("评价 of a completed project by a resident: a rating 1–5 and a comment, once each (409 already_evaluated).");
        group.MapGet("/{id:guid}/photos/{photoId:guid}", async Task<FileContentHttpResult> (Guid id, Guid photoId, MicroProjects projects, IPhotoStore store, Microsoft.AspNetCore.Http.HttpContext http,
            CancellationToken ct) =>
        {
            await projects.PhotoAsync(id, photoId, ct);
            var bytes = await store.ReadAsync(photoId, ct) ?? throw new NotFoundException("photo");
            var type = Photos.ImageMetadata.Sniff(bytes) ?? "application/octet-stream";
            return TypedResults.File(bytes, type);
        });
    }

    private static void MapCouncils(RouteGroupBuilder group)
    {
        group.MapGet("/{communityCode}", async Task<Ok<CouncilView>> (string communityCode, CouncilsAndBudgets councils, CancellationToken ct) =>
            TypedResults.Ok(await councils.CouncilAsync(communityCode, ct)))
            .WithSummary("居民议事会: its named members and voting rules.");
        group.MapPut("/{communityCode}", async Task<Ok<CouncilView>> (string communityCode, CouncilSettings request, CouncilsAndBudgets councils, CancellationToken ct) =>
            TypedResults.Ok(await councils.ConfigureAsync(communityCode, request, ct)))
            .WithSummary("Quorum (1–100% of members voting), majority (more than 50–99% of votes cast for), vote and publicity days.");
        group.MapPost("/{communityCode}/members", async Task<Ok<CouncilView>> (string communityCode, AddCouncilMember request, CouncilsAndBudgets councils, CancellationToken ct) =>
            TypedResults.Ok(await councils.AddMemberAsync(communityCode, request, ct)))
            .WithSummary("Adds a registered resident of the community to its council.");
        group.MapDelete("/{communityCode}/members/{personId:guid}", async Task<Ok<CouncilView>> (string communityCode, Guid personId, CouncilsAndBudgets councils, CancellationToken ct) =>
            TypedResults.Ok(await councils.RemoveMemberAsync(communityCode, personId, ct)));
    }

    private static void MapEvents(RouteGroupBuilder group)
    {
        group.MapPost("/", async Task<Created<EventView>> (PlanEvent request, CommunityEvents events, CancellationToken ct) =>
        {
            var e = await events.PlanAsync(request, ct);
            return TypedResults.Created($"/api/events/{e.Id}", e);
        }).WithSummary("Plans a community event (times without a zone are Beijing time); community admins.");
        group.MapGet("/", async Task<Ok<MonthView>> (string communityCode, string? month, int? page, int? pageSize, CommunityEvents events, CancellationToken ct) =>
            TypedResults.Ok(await events.MonthAsync(communityCode, month, page, pageSize, ct)))
            .WithSummary("A month (yyyy-MM, Beijing time) of a community's calendar with the caller's sign-ups marked.");
        group.MapGet("/mine", async Task<Ok<Page<EventItem>>> (int? page, int? pageSize, CommunityEvents events, CancellationToken ct) =>
            TypedResults.Ok(await events.MineAsync(page, pageSize, ct)));
        group.MapGet("/{id:guid}", async Task<Ok<EventView>> (Guid id, CommunityEvents events, CancellationToken ct) => TypedResults.Ok(await events.ViewAsync(id, ct)));
        group.MapPost("/{id:guid}/sign-up", async Task<Ok<EventView>> (Guid id, CommunityEvents events, CancellationToken ct) => TypedResults.Ok(await events.SignUpAsync(id, ct)))
            .WithSummary("报名: a seat while seats are left (409 event_full) and the event has not started; once per person.");
        group.MapPost("/{id:guid}/withdraw", async Task<Ok<EventView>> (Guid id, CommunityEvents events, CancellationToken ct) => TypedResults.Ok(await events.WithdrawAsync(id, ct)));
        group.MapPost("/{id:guid}/cancel", async Task<Ok<EventView>> (Guid id, CommunityEvents events, CancellationToken ct) => TypedResults.Ok(await events.CancelAsync(id, ct)));
        group.MapGet("/{id:guid}/calendar.ics", async Task<ContentHttpResult> (Guid id, CommunityEvents events, Microsoft.AspNetCore.Http.HttpContext http, CancellationToken ct) =>
            TypedResults.Text(await events.EventCalendarAsync(id, http.Request.Host.Host, ct), Calendar.ContentType))
            .AllowAnonymous().WithSummary("One event as an iCalendar (.ics) file; public.");
        group.MapGet("/communities/{communityCode}/calendar.ics", async Task<ContentHttpResult> (string communityCode, CommunityEvents events, Microsoft.AspNetCore.Http.HttpContext http,
            CancellationToken ct) => TypedResults.Text(await events.CommunityCalendarAsync(communityCode, http.Request.Host.Host, ct), Calendar.ContentType))
            .AllowAnonymous().WithSummary("A community's events calendar as iCalendar (.ics) for phone subscriptions; public.");
    }

    private static void MapJobs(RouteGroupBuilder group)
    {
        group.MapPost("/postings", async Task<Created<PostingView>> (PostJob request, JobsAndTraining jobs, CancellationToken ct) =>
        {
            var posting = await jobs.PostAsync(request, ct);
            return TypedResults.Created($"/api/jobs/postings/{posting.Id}", posting);
        }).WithSummary("就业共富: the community's staff post work (home piecework, livestream selling, part-time) with pay, hours, place, who it suits and a closing date.");
        group.MapGet("/postings", async Task<Ok<Page<PostingView>>> (string communityCode, bool? openOnly, int? page, int? pageSize, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.PostingsAsync(communityCode, openOnly, page, pageSize, ct)));
        group.MapPost("/postings/{id:guid}/applications", async Task<Ok<PostingView>> (Guid id, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.ApplyAsync(id, ct)))
            .WithSummary("A resident applies; after the closing date 409 posting_closed, a second time 409 already_applied.");
        group.MapGet("/postings/{id:guid}/applications", async Task<Ok<Page<ApplicationView>>> (Guid id, int? page, int? pageSize, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.ApplicationsAsync(id, page, pageSize, ct)))
            .WithSummary("The applicants of a posting for the community's staff: masked names and outcomes only.");
        group.MapPost("/applications/{id:guid}/outcome", async Task<Ok<ApplicationView>> (Guid id, RecordOutcome request, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.RecordAsync(id, request, ct)))
            .WithSummary("Interviewed, Hired (with an income band) or NotHired.");
        group.MapPost("/courses", async Task<Created<CourseView>> (PlanCourse request, JobsAndTraining jobs, CancellationToken ct) =>
        {
            var course = await jobs.PlanCourseAsync(request, ct);
            return TypedResults.Created($"/api/jobs/courses/{course.Id}", course);
        }).WithSummary("A training course with its sessions (Beijing time without a zone) and capacity.");
        group.MapGet("/courses", async Task<Ok<Page<CourseItem>>> (string communityCode, int? page, int? pageSize, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.CoursesAsync(communityCode, page, pageSize, ct)));
        group.MapGet("/courses/{id:guid}", async Task<Ok<CourseView>> (Guid id, JobsAndTraining jobs, CancellationToken ct) => TypedResults.Ok(await jobs.CourseAsync(id, ct)));
        group.MapPost("/courses/{id:guid}/enrol", async Task<Ok<CourseView>> (Guid id, JobsAndTraining jobs, CancellationToken ct) => TypedResults.Ok(await jobs.EnrolAsync(id, ct)))
            .WithSummary("报名: a seat while one is free, else the waiting list (myStatus Waiting, myPlaceInQueue).");
        group.MapPost("/courses/{id:guid}/withdraw", async Task<Ok<CourseView>> (Guid id, JobsAndTraining jobs, CancellationToken ct) => TypedResults.Ok(await jobs.WithdrawAsync(id, ct)))
            .WithSummary("退出: the freed seat goes to the first on the waiting list.");
        group.MapPost("/courses/{id:guid}/sessions/{sessionId:guid}/attendance", async Task<Ok<CourseView>> (Guid id, Guid sessionId, MarkAttendance request, JobsAndTraining jobs,
            CancellationToken ct) => TypedResults.Ok(await jobs.AttendAsync(id, sessionId, request, ct)))
            .WithSummary("出勤 of an enrolled resident at one session, once (409 already_attended).");
        group.MapGet("/figures/{communityCode}", async Task<Ok<JobFigures>> (string communityCode, JobsAndTraining jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.FiguresAsync(communityCode, ct)))
            .WithSummary("就业共富 in numbers: applications, placements by kind of work, people trained.");
    }
}
