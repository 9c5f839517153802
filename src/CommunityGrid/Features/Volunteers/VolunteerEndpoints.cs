using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Volunteers;

internal static class VolunteerEndpoints
{
    public static IServiceCollection AddVolunteers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<VolunteerAccess>().AddScoped<VolunteerQueries>().AddScoped<TeamQueries>().AddScoped<HoursOfService>()
            .AddScoped<PlanActivity>().AddScoped<SignUpForShift>().AddScoped<CancelSignUp>().AddScoped<CheckInToShift>().AddScoped<CheckOutOfShift>()
            .AddScoped<VerifyHours>().AddScoped<CorrectHours>().AddScoped<FormTeam>().AddScoped<JoinTeam>().AddScoped<RegisterWithGrid>();
        services.AddSingleton(new CertificateFont(configuration));
        services.AddScoped<HoursCertificate>();
        return services;
    }

    public static RouteGroupBuilder MapVolunteers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/volunteers").WithTags("Volunteers");
        group.MapGet("/teams", Teams).WithSummary("志愿服务队 the caller sees (their communities; admins: under their area).");
        group.MapPost("/teams", FormTeam).WithSummary("Form a team in a community or grid (community admins).");
        group.MapGet("/teams/{id:guid}", Team);
        group.MapGet("/teams/{id:guid}/members", Members);
        group.MapPost("/teams/{id:guid}/members", AddMember).WithSummary("Join a team (no personId) or, as its organiser, add a resident of its community.");
        group.MapGet("/registration", MyRegistration).WithSummary("The caller's 双报到 registration.");
        group.MapPut("/registration", Register).WithSummary("双报到: a party member registers employer unit, skills and the grid they serve.");
        group.MapGet("/registrations", Registrations).WithSummary("双报到 registrations serving grids under the caller's registry.");
        group.MapGet("/activities", Activities).WithSummary("Coming activities the caller sees: near a point (lat, lng, within metres), in my grid (mine=true), or all.");
        group.MapPost("/activities", Plan).WithSummary("Publish an activity with its shifts (team organisers, community admins).");
        group.MapGet("/activities/{id:guid}", Activity);
        group.MapGet("/activities/{id:guid}/sign-ups", Roster).WithSummary("The organiser's list: sign-ups with check-in/out times, minutes and their history.");
        group.MapGet("/communities/{code}/activities", PublicActivities).AllowAnonymous().WithSummary("A community's coming activities, public.");
        group.MapPost("/shifts/{id:guid}/sign-up", (Guid id, SignUpForShift signUp, CancellationToken ct) => Act(signUp.HandleAsync(id, ct)))
            .WithSummary("报名: a place, or the waiting list when the shift is full.");
        group.MapPost("/shifts/{id:guid}/cancel", (Guid id, CancelSignUp cancel, CancellationToken ct) => Act(cancel.HandleAsync(id, ct)))
            .WithSummary("取消报名: the first on the waiting list takes the place.");
        group.MapPost("/shifts/{id:guid}/check-in", (Guid id, LocationRequest? r, CheckInToShift checkIn, CancellationToken ct) => Act(checkIn.HandleAsync(id, r?.Latitude, r?.Longitude, ct)));
        group.MapPost("/shifts/{id:guid}/check-out", (Guid id, LocationRequest? r, CheckOutOfShift checkOut, CancellationToken ct) => Act(checkOut.HandleAsync(id, r?.Latitude, r?.Longitude, ct)));
        group.MapPost("/sign-ups/{id:guid}/verify", (Guid id, VerifyRequest? r, VerifyHours verify, CancellationToken ct) => Act(verify.HandleAsync(id, r?.Minutes, ct)))
            .WithSummary("核定: the organiser confirms the minutes served (default: check-out − check-in within the shift) and the points are paid once.");
        group.MapPost("/sign-ups/{id:guid}/correct", (Guid id, CorrectRequest r, CorrectHours correct, CancellationToken ct) => Act(correct.HandleAsync(id, r.Minutes, r.Reason, ct)))
            .WithSummary("更正: new minutes with a reason; the earlier award is reversed and the new one paid.");
        group.MapGet("/me/record", MyRecord).WithSummary("志愿服务记录: the caller's activities, verified hours, totals per type.");
        group.MapGet("/me/certificate.pdf", MyCertificate).WithSummary("志愿服务时长证明 as a PDF (from, to: Beijing dates).");
        return api;
    }

    private static async Task<Ok<T>> Act<T>(Task<T> action) => TypedResults.Ok(await action);

    // ---- teams ---------------------------------------------------------------------------------

    private static async Task<Ok<Page<TeamView>>> Teams(TeamQueries teams, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await teams.TeamsAsync(page, pageSize, ct));

    private static async Task<Created<TeamView>> FormTeam(FormTeamRequest request, FormTeam form, CancellationToken ct)
    {
        var team = await form.HandleAsync(request, ct);
        return TypedResults.Created($"/api/volunteers/teams/{team.Id}", team);
    }

    private static async Task<Ok<TeamView>> Team(Guid id, TeamQueries teams, CancellationToken ct) => TypedResults.Ok(await teams.TeamAsync(id, ct));

    private static async Task<Ok<Page<MemberView>>> Members(Guid id, TeamQueries teams, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await teams.MembersAsync(id, page, pageSize, ct));

    private static async Task<Ok<MemberView>> AddMember(Guid id, AddMemberRequest request, JoinTeam join, CancellationToken ct) =>
        TypedResults.Ok(await join.HandleAsync(id, request, ct));

    // ---- 双报到 ---------------------------------------------------------------------------------

    private static async Task<Ok<RegistrationView>> MyRegistration(TeamQueries teams, CancellationToken ct) =>
        TypedResults.Ok(await teams.MyRegistrationAsync(ct) ?? throw new NotFoundException("registration"));

    private static async Task<Ok<RegistrationView>> Register(RegistrationRequest request, RegisterWithGrid register, CancellationToken ct) =>
        TypedResults.Ok(await register.HandleAsync(request, ct));

    private static async Task<Ok<Page<RegistrationView>>> Registrations(TeamQueries teams, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await teams.RegistrationsAsync(page, pageSize, ct));

    // ---- activities ----------------------------------------------------------------------------

    private static async Task<Ok<Page<ActivityListItem>>> Activities(VolunteerQueries queries, CurrentUser current, double? lat, double? lng, double? within, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if ((lat is null) != (lng is null))
        {
            throw new InvalidInputException("point_incomplete", "请同时提供纬度和经度", "Give both lat and lng.");
        }

        return TypedResults.Ok(await queries.ListAsync(scope, lat, lng, within, mine ?? false, page, pageSize, ct));
    }

    private static async Task<Ok<Page<ActivityListItem>>> PublicActivities(string code, VolunteerQueries queries, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await queries.PublicListAsync(code, page, pageSize, ct));

    private static async Task<Created<ActivityDetail>> Plan(PlanActivityRequest request, PlanActivity plan, VolunteerQueries queries, CancellationToken ct)
    {
        var id = await plan.HandleAsync(request, ct);
        return TypedResults.Created($"/api/volunteers/activities/{id}", await queries.DetailAsync(id, ct));
    }

    private static async Task<Ok<ActivityDetail>> Activity(Guid id, VolunteerQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.DetailAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<RosterEntry>>> Roster(Guid id, VolunteerQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.RosterAsync(id, ct));

    // ---- record and certificate ----------------------------------------------------------------

    private static async Task<Ok<VolunteerRecord>> MyRecord(VolunteerQueries queries, CurrentUser current, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("volunteer record");
        var (f, t) = HoursCertificate.Period(from, to);
        return TypedResults.Ok(await queries.RecordAsync(personId, f, t, page, pageSize, ct));
    }

    private static async Task<FileContentHttpResult> MyCertificate(CurrentUser current, HoursCertificate certificate, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("volunteer record");
        var pdf = await certificate.RenderAsync(personId, from, to, ct);
        return TypedResults.File(pdf, "application/pdf", "志愿服务时长证明.pdf");
    }
}
