using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Volunteers;

public sealed record FormTeamRequest(
    [property: Required, MaxLength(VolunteerTeam.NameMaxLength)] string Name,
    [property: MaxLength(VolunteerTeam.DescriptionMaxLength)] string? Description,
    [property: Required, MaxLength(Area.CodeMaxLength)] string AreaCode,
    [property: MaxLength(256)] string? OrganiserUserName);

public sealed record TeamView(Guid Id, string Name, string Description, string AreaCode, string AreaName, string? OrganiserName, string? LeaderName, int Members, bool MayManage);

public sealed record AddMemberRequest(Guid? PersonId, IReadOnlyList<string>? Skills);

public sealed record MemberView(Guid PersonId, string Name, IReadOnlyList<string> Skills, DateTime JoinedAt, bool IsLeader);

public sealed record RegistrationRequest([property: Required, MaxLength(PartyRegistration.EmployerMaxLength)] string EmployerName, IReadOnlyList<string>? Skills, [property: Required, MaxLength(Area.CodeMaxLength)] string GridCode);

public sealed record RegistrationView(Guid PersonId, string Name, string EmployerName, IReadOnlyList<string> Skills, string GridCode, string GridName, DateTime RegisteredAt, DateTime UpdatedAt);

public sealed record LocationRequest(double? Latitude, double? Longitude);

public sealed record VerifyRequest([property: Range(0, 720)] int? Minutes);

public sealed record CorrectRequest([property: Range(0, 720)] int Minutes, [property: MaxLength(SignUp.ReasonMaxLength)] string? Reason);

public sealed record CreatedActivity(Guid Id);

internal static class VolunteerEndpoints
{
    public static IServiceCollection AddVolunteers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<VolunteerDesk>();
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
        group.MapPost("/shifts/{id:guid}/sign-up", (Guid id, VolunteerDesk desk, CancellationToken ct) => Act(desk.SignUpAsync(id, ct)))
            .WithSummary("报名: a place, or the waiting list when the shift is full.");
        group.MapPost("/shifts/{id:guid}/cancel", (Guid id, VolunteerDesk desk, CancellationToken ct) => Act(desk.CancelAsync(id, ct)))
            .WithSummary("取消报名: the first on the waiting list takes the place.");
        group.MapPost("/shifts/{id:guid}/check-in", (Guid id, LocationRequest? r, VolunteerDesk desk, CancellationToken ct) => Act(desk.CheckInAsync(id, r?.Latitude, r?.Longitude, ct)));
        group.MapPost("/shifts/{id:guid}/check-out", (Guid id, LocationRequest? r, VolunteerDesk desk, CancellationToken ct) => Act(desk.CheckOutAsync(id, r?.Latitude, r?.Longitude, ct)));
        group.MapPost("/sign-ups/{id:guid}/verify", (Guid id, VerifyRequest? r, VolunteerDesk desk, CancellationToken ct) => Act(desk.VerifyAsync(id, r?.Minutes, ct)))
            .WithSummary("核定: the organiser confirms the minutes served (default: check-out − check-in within the shift) and the points are paid once.");
        group.MapPost("/sign-ups/{id:guid}/correct", (Guid id, CorrectRequest r, VolunteerDesk desk, CancellationToken ct) => Act(desk.CorrectAsync(id, r.Minutes, r.Reason, ct)))
            .WithSummary("更正: new minutes with a reason; the earlier award is reversed and the new one paid.");
        group.MapGet("/me/record", MyRecord).WithSummary("志愿服务记录: the caller's activities, verified hours, totals per type.");
        group.MapGet("/me/certificate.pdf", MyCertificate).WithSummary("志愿服务时长证明 as a PDF (from, to: Beijing dates).");
        return api;
    }

    private static async Task<Ok<T>> Act<T>(Task<T> action) => TypedResults.Ok(await action);

    // ---- teams ---------------------------------------------------------------------------------

    private static async Task<Ok<Page<TeamView>>> Teams(VolunteerDesk desk, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await desk.TeamsAsync(page, pageSize, ct));

    private static async Task<Created<TeamView>> FormTeam(FormTeamRequest request, VolunteerDesk desk, CancellationToken ct)
    {
        var team = await desk.FormTeamAsync(request, ct);
        return TypedResults.Created($"/api/volunteers/teams/{team.Id}", team);
    }

    private static async Task<Ok<TeamView>> Team(Guid id, VolunteerDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.TeamAsync(id, ct));

    private static async Task<Ok<Page<MemberView>>> Members(Guid id, VolunteerDesk desk, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await desk.MembersAsync(id, page, pageSize, ct));

    private static async Task<Ok<MemberView>> AddMember(Guid id, AddMemberRequest request, VolunteerDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.AddMemberAsync(id, request, ct));

    // ---- 双报到 ---------------------------------------------------------------------------------

    private static async Task<Ok<RegistrationView>> MyRegistration(VolunteerDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.MyRegistrationAsync(ct) ?? throw new NotFoundException("registration"));

    private static async Task<Ok<RegistrationView>> Register(RegistrationRequest request, VolunteerDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.RegisterAsync(request, ct));

    private static async Task<Ok<Page<RegistrationView>>> Registrations(VolunteerDesk desk, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await desk.RegistrationsAsync(page, pageSize, ct));

    // ---- activities ----------------------------------------------------------------------------

    private static async Task<Ok<Page<ActivityListItem>>> Activities(VolunteerDesk desk, double? lat, double? lng, double? within, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        if ((lat is null) != (lng is null))
        {
            throw new InvalidInputException("point_incomplete", "请同时提供纬度和经度", "Give both lat and lng.");
        }

        return TypedResults.Ok(await desk.ListAsync(scope, lat, lng, within, mine ?? false, page, pageSize, ct));
    }

    private static async Task<Ok<Page<ActivityListItem>>> PublicActivities(string code, VolunteerDesk desk, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await desk.PublicListAsync(code, page, pageSize, ct));

    private static async Task<Created<ActivityDetail>> Plan(PlanActivityRequest request, VolunteerDesk desk, CancellationToken ct)
    {
        var id = await desk.PlanAsync(request, ct);
        return TypedResults.Created($"/api/volunteers/activities/{id}", await desk.DetailAsync(id, ct));
    }

    private static async Task<Ok<ActivityDetail>> Activity(Guid id, VolunteerDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.DetailAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<RosterEntry>>> Roster(Guid id, VolunteerDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.RosterAsync(id, ct));

    // ---- record and certificate ----------------------------------------------------------------

    private static async Task<Ok<VolunteerRecord>> MyRecord(VolunteerDesk desk, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("volunteer record");
        var (f, t) = HoursCertificate.Period(from, to);
        return TypedResults.Ok(await desk.RecordAsync(personId, f, t, page, pageSize, ct));
    }

    private static async Task<FileContentHttpResult> MyCertificate(VolunteerDesk desk, HoursCertificate certificate, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("volunteer record");
        var pdf = await certificate.RenderAsync(personId, from, to, ct);
        return TypedResults.File(pdf, "application/pdf", "志愿服务时长证明.pdf");
    }
}
