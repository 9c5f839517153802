using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record FormTeamRequest([property: Required] string Name, string? Description, [property: Required] string AreaCode, string? OrganiserUserName);

public sealed record TeamView(Guid Id, string Name, string Description, string AreaCode, string AreaName, string? OrganiserName, string? LeaderName, int Members, bool MayManage);

public sealed record AddMemberRequest(Guid? PersonId, IReadOnlyList<string>? Skills);

public sealed record MemberView(Guid PersonId, string Name, IReadOnlyList<string> Skills, DateTime JoinedAt, bool IsLeader);

public sealed record RegistrationRequest([property: Required] string EmployerName, IReadOnlyList<string>? Skills, [property: Required] string GridCode);

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

    private static async Task<Ok<Page<TeamView>>> Teams(VolunteerDesk desk, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.VolunteerTeams.AsNoTracking().Under(await desk.VisiblePathsAsync(scope, ct));
        var total = await query.CountAsync(ct);
        var teams = await query.OrderBy(t => t.AreaPath).ThenBy(t => t.Name).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var views = new List<TeamView>();
        foreach (var t in teams)
        {
            views.Add(await TeamViewAsync(db, scope, t, ct));
        }

        return TypedResults.Ok(new Page<TeamView>(views, number, size, total));
    }

    private static async Task<TeamView> TeamViewAsync(AppDbContext db, Scope scope, VolunteerTeam t, CancellationToken ct)
    {
        var area = await db.Areas.AsNoTracking().Where(a => a.Id == t.AreaId).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var organiser = t.OrganiserUserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == t.OrganiserUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        var leader = t.LeaderPersonId is null ? null : await db.People.AsNoTracking().Where(p => p.Id == t.LeaderPersonId).Select(p => p.Name).SingleOrDefaultAsync(ct);
        var members = await db.TeamMembers.CountAsync(m => m.TeamId == t.Id, ct);
        return new TeamView(t.Id, t.Name, t.Description, area.Code, area.Name, organiser, leader, members, VolunteerDesk.MayManageTeam(scope, t));
    }

    private static async Task<VolunteerTeam> VisibleTeamAsync(VolunteerDesk desk, AppDbContext db, Scope scope, Guid id, CancellationToken ct)
    {
        var team = await db.VolunteerTeams.SingleOrDefaultAsync(t => t.Id == id, ct);
        return team is not null && (await desk.VisiblePathsAsync(scope, ct)).Any(p => team.AreaPath.StartsWith(p, StringComparison.Ordinal))
            ? team
            : throw new NotFoundException("team");
    }

    private static async Task<Created<TeamView>> FormTeam(FormTeamRequest request, VolunteerDesk desk, AppDbContext db, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == request.AreaCode, ct);
        if (area is null || !scope.Administers(area.Path))
        {
            throw new NotFoundException("area");
        }

        string? organiserId = scope.UserId;
        if (!string.IsNullOrWhiteSpace(request.OrganiserUserName))
        {
            organiserId = await db.Users.AsNoTracking().Where(u => u.UserName == request.OrganiserUserName).Select(u => u.Id).SingleOrDefaultAsync(ct);
            if (organiserId is null || !await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == organiserId).Under([Area.AncestorPath(area.Path, AreaLevel.Community) ?? area.Path]).AnyAsync(ct))
            {
                throw new InvalidInputException("organiser_unknown", "组织者须为本社区的账号", "The organiser must hold an account in the community.");
            }
        }

        if (await db.VolunteerTeams.AnyAsync(t => t.AreaId == area.Id && t.Name == request.Name.Trim(), ct))
        {
            throw new DomainRuleException("team_exists", "该区域已有同名志愿服务队", "A team of this name exists here.");
        }

        var team = VolunteerTeam.Form(request.Name, request.Description, area, organiserId, desk.Now);
        db.VolunteerTeams.Add(team);
        await db.SaveInTransactionAsync(ct);
        return TypedResults.Created($"/api/volunteers/teams/{team.Id}", await TeamViewAsync(db, scope, team, ct));
    }

    private static async Task<Ok<TeamView>> Team(Guid id, VolunteerDesk desk, AppDbContext db, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        return TypedResults.Ok(await TeamViewAsync(db, scope, await VisibleTeamAsync(desk, db, scope, id, ct), ct));
    }

    private static async Task<Ok<Page<MemberView>>> Members(Guid id, VolunteerDesk desk, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var team = await VisibleTeamAsync(desk, db, scope, id, ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = from m in db.TeamMembers.AsNoTracking()
                    where m.TeamId == id
                    join p in db.People.AsNoTracking() on m.PersonId equals p.Id
                    select new { m.PersonId, p.Name, m.Skills, m.JoinedAt };
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.JoinedAt).ThenBy(r => r.PersonId).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Page<MemberView>(rows.Select(r => new MemberView(r.PersonId, r.Name, Skills.Split(r.Skills), r.JoinedAt, r.PersonId == team.LeaderPersonId)).ToList(),
            number, size, total));
    }

    private static async Task<Ok<MemberView>> AddMember(Guid id, AddMemberRequest request, VolunteerDesk desk, AppDbContext db, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var team = await VisibleTeamAsync(desk, db, scope, id, ct);
        Guid personId;
        if (request.PersonId is { } other && other != scope.PersonId)
        {
            if (!VolunteerDesk.MayManageTeam(scope, team))
            {
                throw new DomainRuleException("not_organiser", "只有服务队组织者可以添加队员", "Only the team's organiser adds members.");
            }

            personId = other;
        }
        else
        {
            personId = scope.PersonId ?? throw new DomainRuleException("no_person_record", "您的账号未关联居民信息", "Your account has no resident record.");
        }

        var community = Area.AncestorPath(team.AreaPath, AreaLevel.Community)!;
        var person = await db.People.AsNoTracking().Under([community]).Where(p => p.Id == personId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct);
        if (person is null && personId == scope.PersonId)
        {
            // Volunteers bound to the community (a 双报到 party member, a rider of 红蜂团) may live elsewhere.
            person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Id, p.Name }).SingleOrDefaultAsync(ct);
        }

        if (person is null)
        {
            throw new NotFoundException("person");
        }

        var member = await db.TeamMembers.SingleOrDefaultAsync(m => m.TeamId == id && m.PersonId == personId, ct);
        if (member is null)
        {
            member = TeamMember.Join(team, personId, request.Skills, desk.Now);
            db.TeamMembers.Add(member);
        }
        else
        {
            member.ChangeSkills(request.Skills);
        }

        await db.SaveInTransactionAsync(ct);
        return TypedResults.Ok(new MemberView(personId, person.Name, Skills.Split(member.Skills), member.JoinedAt, personId == team.LeaderPersonId));
    }

    // ---- 双报到 ---------------------------------------------------------------------------------

    private static async Task<Ok<RegistrationView>> MyRegistration(VolunteerDesk desk, AppDbContext db, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new NotFoundException("registration");
        var view = await RegistrationsQuery(db).Where(r => r.PersonId == personId).SingleOrDefaultAsync(ct) ?? throw new NotFoundException("registration");
        return TypedResults.Ok(Shape(view));
    }

    private static async Task<Ok<RegistrationView>> Register(RegistrationRequest request, VolunteerDesk desk, AppDbContext db, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var personId = scope.PersonId ?? throw new DomainRuleException("not_a_party_member", "只有党员可以双报到", "Only party members register (双报到).");
        var party = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.PartyStatus).SingleAsync(ct);
        if (party == PartyStatus.None && !scope.Has(Role.PartyMember))
        {
            throw new DomainRuleException("not_a_party_member", "只有党员可以双报到", "Only party members register (双报到).");
        }

        var grid = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == request.GridCode && a.Level == AreaLevel.Grid && !a.Retired, ct)
            ?? throw new InvalidInputException("grid_unknown", "网格编码不存在", "Unknown grid code.");
        var registration = await db.PartyRegistrations.SingleOrDefaultAsync(r => r.PersonId == personId, ct);
        if (registration is null)
        {
            db.PartyRegistrations.Add(PartyRegistration.Register(personId, request.EmployerName, request.Skills, grid, desk.Now));
        }
        else
        {
            registration.Change(request.EmployerName, request.Skills, grid, desk.Now);
        }

        await db.SaveInTransactionAsync(ct);
        return TypedResults.Ok(Shape(await RegistrationsQuery(db).Where(r => r.PersonId == personId).SingleAsync(ct)));
    }

    private static async Task<Ok<Page<RegistrationView>>> Registrations(VolunteerDesk desk, AppDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await desk.ScopeAsync(ct);
        var (number, size) = Paging.Normalise(page, pageSize);
        var ids = db.PartyRegistrations.AsNoTracking().InRegistryScope(scope).Select(r => r.Id);
        var query = RegistrationsQuery(db).Where(r => ids.Contains(r.Id));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.GridCode).ThenBy(r => r.Name).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new Page<RegistrationView>(rows.Select(Shape).ToList(), number, size, total));
    }

    private sealed class RegistrationRow
    {
        public Guid Id { get; init; }
        public Guid PersonId { get; init; }
        public string Name { get; init; } = "";
        public string EmployerName { get; init; } = "";
        public string Skills { get; init; } = "";
        public string GridCode { get; init; } = "";
        public string GridName { get; init; } = "";
        public DateTime RegisteredAt { get; init; }
        public DateTime UpdatedAt { get; init; }
    }

    private static IQueryable<RegistrationRow> RegistrationsQuery(AppDbContext db) =>
        from r in db.PartyRegistrations.AsNoTracking()
        join p in db.People.AsNoTracking() on r.PersonId equals p.Id
        join g in db.Areas.AsNoTracking() on r.GridId equals g.Id
        select new RegistrationRow
        {
            Id = r.Id,
            PersonId = r.PersonId,
            Name = p.Name,
            EmployerName = r.EmployerName,
            Skills = r.Skills,
            GridCode = g.Code,
            GridName = g.Name,
            RegisteredAt = r.RegisteredAt,
            UpdatedAt = r.UpdatedAt,
        };

    private static RegistrationView Shape(RegistrationRow r) => new(r.PersonId, r.Name, r.EmployerName, Skills.Split(r.Skills), r.GridCode, r.GridName, r.RegisteredAt, r.UpdatedAt);

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
