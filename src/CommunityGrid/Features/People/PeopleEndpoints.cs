using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People;

public sealed record RegisterPersonRequest(
    [property: Required, MaxLength(Area.CodeMaxLength)] string HouseCode,
    [property: Required, MaxLength(Person.NameMaxLength)] string Name,
    Gender Gender,
    DateOnly? BirthDate,
    [property: MaxLength(Person.IdNumberLength)] string? IdNumber,
    [property: MaxLength(Person.PhoneMaxLength)] string? Phone,
    Guid? HouseholdId,
    [property: MaxLength(16)] string? RelationToHead,
    PartyStatus PartyStatus = PartyStatus.None);

public sealed record PersonCreated(Guid Id, Guid HouseholdId);

/// <param name="Phone">The new phone; null clears it. It must be sent: an empty body changes nothing and is refused.</param>
public sealed record UpdateContactRequest([property: System.Text.Json.Serialization.JsonRequired, MaxLength(Person.PhoneMaxLength)] string? Phone);

public sealed record SurveyRequest(
    [property: MaxLength(HouseholdSurvey.NoteMaxLength)] string? Note,
    IReadOnlyList<CareTagChangeRequest>? Changes);

/// <summary>The care tags a member has after the survey (the full set, not a difference), and why.</summary>
public sealed record CareTagChangeRequest(
    Guid PersonId,
    IReadOnlyList<CareTags>? CareTags,
    [property: Required, MaxLength(CareTagRecord.ReasonMaxLength)] string Reason);

public sealed record SurveyRecorded(Guid Id, Guid HouseholdId, DateTime SurveyedAt, string SurveyorName, string Note, IReadOnlyList<CareTagChange> Changes);


internal static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<ResidentDirectory>();
        services.AddScoped<HouseholdImport>();
        services.AddScoped<Areas.IRegistryCounts, RegistryCounts>();
        return services;
    }

    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people").WithTags("People");
        people.MapGet("/", List)
            .WithSummary("Residents under the caller's registry scope, masked; 404 for roles that keep no registry.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/me", Me)
            .WithSummary("The caller's own resident record.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/{id:guid}", Get)
            .WithSummary("One resident; unmasked (and logged) only for community admins and grid staff of the resident's area.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/", Register)
            .WithSummary("Registers a resident at a house, in a new household or an existing one.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        people.MapPut("/{id:guid}/contact", UpdateContact)
            .WithSummary("Changes a resident's phone number.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapHouseholdImport();

        var households = api.MapGroup("/households").WithTags("People");
        households.MapGet("/", ListHouseholds)
            .WithSummary("Households under the caller's registry scope.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        households.MapGet("/{id:guid}", GetHousehold)
            .WithSummary("A household with its members (masked) and surveys.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        households.MapPost("/{id:guid}/surveys", RecordSurvey)
            .WithSummary("Records a household survey (入户调研) with care-tag changes per member, each with a reason.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);


        api.MapOrganisations();
        return api;
    }

    private static async Task<Ok<Page<PersonListItem>>> List(ResidentDirectory directory, [AsParameters] PersonQuery q, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListAsync(q, ct));

    private static async Task<Ok<PersonDetail>> Me(ResidentDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.MeAsync(ct));

    private static async Task<Ok<PersonDetail>> Get(Guid id, ResidentDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.GetAsync(id, ct));

    private static async Task<Ok<Page<HouseholdListItem>>> ListHouseholds(ResidentDirectory directory, [AsParameters] HouseholdQuery q, CancellationToken ct) =>
        TypedResults.Ok(await directory.ListHouseholdsAsync(q, ct));

    private static async Task<Ok<HouseholdDetail>> GetHousehold(Guid id, ResidentDirectory directory, CancellationToken ct) =>
        TypedResults.Ok(await directory.GetHouseholdAsync(id, ct));

    private static async Task<Created<PersonCreated>> Register(RegisterPersonRequest request, AppDbContext db, CurrentUser current, TimeProvider clock, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var code = request.HouseCode.Trim();
        var house = await db.Areas.SingleOrDefaultAsync(a => a.Code == code, ct);
        if (house is null || !scope.KeepsRegistryOf(house.Path))
        {
            throw new NotFoundException("house");
        }

        MayEdit(scope, house.Path);
        var phone = PhoneNumbers.MobileOrNone(request.Phone);
        var idNumber = string.IsNullOrWhiteSpace(request.IdNumber) ? null : request.IdNumber.Trim().ToUpperInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        BirthDateMustFit(request.BirthDate, idNumber, DateOnly.FromDateTime(now));
        if (idNumber is not null && await db.People.AnyAsync(p => p.IdNumber == idNumber, ct))
        {
            throw new DomainRuleException("id_number_taken", "该身份证号已登记", "A resident with this ID number is already registered.");
        }

        Household household;
        string relation;
        if (request.HouseholdId is { } householdId)
        {
            household = await db.Households.SingleOrDefaultAsync(h => h.Id == householdId, ct) ?? throw new NotFoundException("household");
            if (!scope.KeepsRegistryOf(household.AreaPath))
            {
                throw new NotFoundException("household");
            }

            if (household.HouseId != house.Id)
            {
                throw new InvalidInputException("household_not_at_house", "该户不在所填的房屋", "The household does not live at this house.");
            }

            relation = request.RelationToHead?.Trim() ?? "其他";
            if (relation == HouseholdRelations.Head && household.HeadPersonId is not null)
            {
                throw new DomainRuleException("household_has_head", "该户已有户主", "The household already has a head.");
            }
        }
        else
        {
            relation = request.RelationToHead?.Trim() ?? HouseholdRelations.Head;
            if (relation != HouseholdRelations.Head)
            {
                throw new InvalidInputException("new_household_needs_head", "新建的户须由户主开始登记", "A new household starts with its head.");
            }

            var address = (await HouseAddresses.BuildAsync(db, [house], ct))[house.Id];
            household = Household.At(house, address, now);
            db.Households.Add(household);
        }

        if (!HouseholdRelations.IsKnown(relation))
        {
            throw new InvalidInputException("relation_invalid", "与户主关系应为 户主/配偶/子女/父母/其他", "The relation to the head is one of 户主/配偶/子女/父母/其他.");
        }

        var person = Person.Register(request.Name, request.Gender, request.BirthDate, idNumber, phone, house, household.Id, now);
        person.SetRelationToHead(relation);
        person.JoinParty(request.PartyStatus);
        db.People.Add(person);
        if (relation == HouseholdRelations.Head)
        {
            household.SetHead(person.Id);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/people/{person.Id}", new PersonCreated(person.Id, household.Id));
    }

    private static async Task<NoContent> UpdateContact(Guid id, UpdateContactRequest request, AppDbContext db, CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == id, ct);
        var own = person is not null && scope.PersonId == person.Id;
        if (person is null || !(own || scope.KeepsRegistryOf(person.AreaPath)))
        {
            throw new NotFoundException("person");
        }

        if (!own)
        {
            MayEdit(scope, person.AreaPath);
        }

        person.UpdateContact(request.Phone);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<SurveyRecorded>> RecordSurvey(Guid id, SurveyRequest request, AppDbContext db, CurrentUser current, TimeProvider clock, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var household = await db.Households.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, ct);
        if (household is null || !scope.KeepsRegistryOf(household.AreaPath))
        {
            throw new NotFoundException("household");
        }

        MayEdit(scope, household.AreaPath);
        var changes = request.Changes ?? [];
        if (changes.Select(c => c.PersonId).Distinct().Count() != changes.Count)
        {
            throw new InvalidInputException("survey_duplicate_person", "同一成员在一次调研中只能有一条标签变更", "A member appears at most once in a survey.");
        }

        var ids = changes.Select(c => c.PersonId).ToList();
        var members = await db.People.Where(p => ids.Contains(p.Id) && p.HouseholdId == id).ToDictionaryAsync(p => p.Id, ct);
        var strangers = ids.Where(i => !members.ContainsKey(i)).ToList();
        if (strangers is [var stranger, ..])
        {
            throw new InvalidInputException("person_not_in_household", $"成员 {stranger} 不属于该户", $"Person {stranger} is not a member of this household.");
        }

        var survey = HouseholdSurvey.Record(household, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", clock.GetUtcNow().UtcDateTime, request.Note?.Trim() ?? "");
        db.HouseholdSurveys.Add(survey);
        var records = changes.Select(c => CareTagRecord.Set(members[c.PersonId], survey, CareTagLabels.Combine(c.CareTags), c.Reason)).ToList();
        db.CareTagRecords.AddRange(records);
        await db.SaveChangesAsync(ct);

        var result = new SurveyRecorded(
            survey.Id,
            household.Id,
            survey.SurveyedAt,
            survey.SurveyorName,
            survey.Note,
            [.. records.Select(r => new CareTagChange(r.Id, r.SurveyId, CareTagLabels.Split(r.Before), CareTagLabels.Split(r.After), r.Reason, r.SetByUserId, survey.SurveyorName, r.SetAt))]);
        return TypedResults.Created($"/api/households/{household.Id}", result);
    }

    /// <summary>Callers who can see the record but not change it (building heads, street admins elsewhere) get 403.</summary>
    internal static void MayEdit(Scope scope, string areaPath)
    {
        if (!scope.MayEditPeopleAt(areaPath))
        {
            throw new DomainRuleException("people_edit_not_allowed", "只有管理员和网格员可以登记或修改居民信息", "Only admins and grid staff register or change residents.", RuleKind.Forbidden);
        }
    }

    /// <summary>A birth date is not in the future and agrees with the one in the ID number.</summary>
    internal static void BirthDateMustFit(DateOnly? birthDate, string? idNumber, DateOnly today)
    {
        if (idNumber is not null && !IdNumbers.IsValid(idNumber))
        {
            throw new InvalidInputException("id_number_invalid", "身份证号格式不正确", "The ID number is not valid.");
        }

        if (birthDate is not { } date)
        {
            return;
        }

        if (date > today || date.Year < 1900)
        {
            throw new InvalidInputException("birth_date_invalid", "出生日期不合理", "The birth date is not plausible.");
        }

        if (idNumber is not null && IdNumbers.BirthDateOf(idNumber) is { } fromId && fromId != date)
        {
            throw new InvalidInputException("birth_date_mismatch", "出生日期与身份证号不一致", "The birth date does not match the ID number.");
        }
    }
}
