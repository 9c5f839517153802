using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People;

/// <summary>Filters of the resident list; <paramref name="AreaCode"/> may be any node within the caller's scope.</summary>
public sealed record PersonQuery(string? AreaCode = null, string? Name = null, CareTags? CareTag = null, PartyStatus? PartyStatus = null, int? Page = null, int? PageSize = null);

/// <summary>A resident in a list: ID number and phone always masked.</summary>
public sealed record PersonListItem(
    Guid Id,
    string Name,
    Gender Gender,
    DateOnly? BirthDate,
    string? IdNumber,
    string? Phone,
    PartyStatus PartyStatus,
    IReadOnlyList<CareTags> CareTags,
    Guid? HouseholdId,
    string? Address,
    string? RelationToHead,
    string AreaPath);

/// <summary>
/// One resident. <see cref="Masked"/> says whether ID number and phone are masked; care tags and their
/// history are null for callers who do not keep the registry of the person's area.
/// </summary>
public sealed record PersonDetail(
    Guid Id,
    string Name,
    Gender Gender,
    DateOnly? BirthDate,
    int? Age,
    string? IdNumber,
    string? Phone,
    bool Masked,
    PartyStatus PartyStatus,
    string? RelationToHead,
    IReadOnlyList<CareTags>? CareTags,
    IReadOnlyList<CareTagChange>? CareTagHistory,
    HouseholdRef? Household,
    HouseRef? House,
    string AreaPath);

public sealed record HouseholdRef(Guid Id, string Address, Guid? HeadPersonId);

public sealed record HouseRef(Guid Id, string Code, string Name);

/// <summary>One change of care tags (<see cref="CareTagRecord"/>): who, when, why.</summary>
public sealed record CareTagChange(Guid Id, Guid SurveyId, IReadOnlyList<CareTags> Before, IReadOnlyList<CareTags> After, string Reason, string SetByUserId, string? SetByName, DateTime SetAt);

public sealed record HouseholdQuery(string? AreaCode = null, string? Address = null, int? Page = null, int? PageSize = null);

public sealed record HouseholdListItem(Guid Id, string Address, Guid HouseId, string HouseCode, Guid? HeadPersonId, string? HeadName, int MemberCount, string AreaPath);

/// <summary>A household with its members (masked, as in lists) and its surveys.</summary>
public sealed record HouseholdDetail(Guid Id, string Address, HouseRef House, Guid? HeadPersonId, IReadOnlyList<PersonListItem> Members, IReadOnlyList<SurveySummary> Surveys, string AreaPath);

public sealed record SurveySummary(Guid Id, DateTime SurveyedAt, string SurveyorUserId, string SurveyorName, string Note, int CareTagChanges);

/// <summary>
/// The read side of the resident registry, shared by the API and the pages: every query is cut to
/// the caller's scope, ID numbers and phones are masked unless the caller's role needs them for that
/// record, and every unmasked read is written to the sensitive-read log.
/// </summary>
public sealed class ResidentDirectory(AppDbContext db, CurrentUser current, TimeProvider clock, IHttpContextAccessor http)
{
    public const string SubjectType = "Person";

    /// <summary>Residents under the caller's registry scope; 404 for callers who keep no registry or ask for an area outside it.</summary>
    public async Task<Page<PersonListItem>> ListAsync(PersonQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        var scope = await RegistryScopeAsync(ct);
        var (number, size) = Paging.Normalise(q.Page, q.PageSize);
        var people = db.People.AsNoTracking().InRegistryScope(scope);
        if (!string.IsNullOrWhiteSpace(q.AreaCode))
        {
            var area = await AreaInScopeAsync(scope, q.AreaCode, ct);
            people = people.Under([area.Path]);
        }

        if (!string.IsNullOrWhiteSpace(q.Name))
        {
            var name = q.Name.Trim();
            people = people.Where(p => p.Name.Contains(name));
        }

        if (q.CareTag is { } tag and not CareTags.None)
        {
            people = people.Where(p => (p.CareTags & tag) == tag);
        }

        if (q.PartyStatus is { } party)
        {
            people = people.Where(p => p.PartyStatus == party);
        }

        var total = await people.CountAsync(ct);
        var rows = await ProjectList(people).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<PersonListItem>([.. rows.Select(ToListItem)], number, size, total);
    }

    /// <summary>One resident the caller keeps the registry of, or their own record; 404 otherwise.</summary>
    public async Task<PersonDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (person is null || !(scope.KeepsRegistryOf(person.AreaPath) || scope.PersonId == person.Id))
        {
            throw new NotFoundException("person");
        }

        return await DetailAsync(scope, person, ct);
    }

    /// <summary>The caller's own resident record (via their account's person); 404 when the account has none.</summary>
    public async Task<PersonDetail> MeAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } id)
        {
            throw new NotFoundException("person");
        }

        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("person");
        return await DetailAsync(scope, person, ct);
    }

    public async Task<Page<HouseholdListItem>> ListHouseholdsAsync(HouseholdQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        var scope = await RegistryScopeAsync(ct);
        var (number, size) = Paging.Normalise(q.Page, q.PageSize);
        var households = db.Households.AsNoTracking().InRegistryScope(scope);
        if (!string.IsNullOrWhiteSpace(q.AreaCode))
        {
            var area = await AreaInScopeAsync(scope, q.AreaCode, ct);
            households = households.Under([area.Path]);
        }

        if (!string.IsNullOrWhiteSpace(q.Address))
        {
            var address = q.Address.Trim();
            households = households.Where(h => h.Address.Contains(address));
        }

        var total = await households.CountAsync(ct);
        var items = await (
            from h in households.OrderBy(h => h.AreaPath).ThenBy(h => h.Id).Skip((number - 1) * size).Take(size)
            join house in db.Areas on h.HouseId equals house.Id
            select new HouseholdListItem(
                h.Id,
                h.Address,
                h.HouseId,
                house.Code,
                h.HeadPersonId,
                db.People.Where(p => p.Id == h.HeadPersonId).Select(p => p.Name).FirstOrDefault(),
                db.People.Count(p => p.HouseholdId == h.Id),
                h.AreaPath)).ToListAsync(ct);
        return new Page<HouseholdListItem>([.. items.OrderBy(i => i.AreaPath, StringComparer.Ordinal).ThenBy(i => i.Id)], number, size, total);
    }

    public async Task<HouseholdDetail> GetHouseholdAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var household = await db.Households.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, ct);
        if (household is null || !scope.KeepsRegistryOf(household.AreaPath))
        {
            throw new NotFoundException("household");
        }

        var house = await db.Areas.AsNoTracking().Where(a => a.Id == household.HouseId)
            .Select(a => new HouseRef(a.Id, a.Code, a.Name)).SingleAsync(ct);
        var members = await ProjectList(db.People.AsNoTracking().Where(p => p.HouseholdId == id)).ToListAsync(ct);
        var surveys = await db.HouseholdSurveys.AsNoTracking().Where(s => s.HouseholdId == id)
            .OrderByDescending(s => s.SurveyedAt).ThenByDescending(s => s.Id)
            .Select(s => new SurveySummary(s.Id, s.SurveyedAt, s.SurveyorUserId, s.SurveyorName, s.Note, db.CareTagRecords.Count(r => r.SurveyId == s.Id)))
            .ToListAsync(ct);
        return new HouseholdDetail(
            household.Id,
            household.Address,
            house,
            household.HeadPersonId,
            [.. members.OrderByDescending(m => m.RelationToHead == HouseholdRelations.Head).Select(ToListItem)],
            surveys,
            household.AreaPath);
    }

    private async Task<Scope> RegistryScopeAsync(CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if (scope.RegistryPaths.Count == 0)
        {
            throw new NotFoundException("resident list");
        }

        return scope;
    }

    private async Task<Area> AreaInScopeAsync(Scope scope, string code, CancellationToken ct)
    {
        var trimmed = code.Trim();
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == trimmed, ct);
        return area is not null && scope.KeepsRegistryOf(area.Path) ? area : throw new NotFoundException("area");
    }

    private async Task<PersonDetail> DetailAsync(Scope scope, Person person, CancellationToken ct)
    {
        var unmasked = scope.SeesUnmasked(PersonalField.IdNumber, person.AreaPath);
        var seesCareTags = scope.SeesUnmasked(PersonalField.CareTags, person.AreaPath);
        var household = person.HouseholdId is { } householdId
            ? await db.Households.AsNoTracking().Where(h => h.Id == householdId)
                .Select(h => new HouseholdRef(h.Id, h.Address, h.HeadPersonId)).SingleOrDefaultAsync(ct)
            : null;
        var house = person.HouseId is { } houseId
            ? await db.Areas.AsNoTracking().Where(a => a.Id == houseId).Select(a => new HouseRef(a.Id, a.Code, a.Name)).SingleOrDefaultAsync(ct)
            : null;

        List<CareTagChange>? history = null;
        if (seesCareTags)
        {
            var records = await (
                from r in db.CareTagRecords.AsNoTracking().Where(r => r.PersonId == person.Id)
                join u in db.Users on r.SetByUserId equals u.Id into users
                from u in users.DefaultIfEmpty()
                orderby r.SetAt descending, r.Id descending
                select new { r.Id, r.SurveyId, r.Before, r.After, r.Reason, r.SetByUserId, SetByName = u == null ? null : u.DisplayName, r.SetAt }).ToListAsync(ct);
            history = [.. records.Select(r => new CareTagChange(r.Id, r.SurveyId, CareTagLabels.Split(r.Before), CareTagLabels.Split(r.After), r.Reason, r.SetByUserId, r.SetByName, r.SetAt))];
        }

        var fields = new List<string>();
        if (unmasked && person.IdNumber is not null)
        {
            fields.Add("idNumber");
        }

        if (unmasked && person.Phone is not null)
        {
            fields.Add("phone");
        }

        if (seesCareTags && (person.CareTags != CareTags.None || history is { Count: > 0 }))
        {
            fields.Add("careTags");
        }

        if (fields.Count > 0)
        {
            await LogSensitiveReadAsync(scope, person, fields, ct);
        }

        return new PersonDetail(
            person.Id,
            person.Name,
            person.Gender,
            person.BirthDate,
            person.AgeOn(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)),
            unmasked ? person.IdNumber : PersonalData.Mask(PersonalField.IdNumber, person.IdNumber),
            unmasked ? person.Phone : PersonalData.Mask(PersonalField.Phone, person.Phone),
            Masked: !unmasked,
            person.PartyStatus,
            person.RelationToHead,
            seesCareTags ? CareTagLabels.Split(person.CareTags) : null,
            history,
            household,
            house,
            person.AreaPath);
    }

    private async Task LogSensitiveReadAsync(Scope scope, Person person, List<string> fields, CancellationToken ct)
    {
        db.SensitiveReads.Add(SensitiveRead.Of(
            clock.GetUtcNow().UtcDateTime,
            scope.UserId!,
            scope.UserName ?? "",
            SubjectType,
            person.Id.ToString(),
            string.Join(',', fields),
            person.AreaPath,
            http.HttpContext?.Request.Path.Value));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>People with their household address, in a stable order for paging.</summary>
    private IQueryable<ListRow> ProjectList(IQueryable<Person> people) =>
        from p in people
        join h in db.Households on p.HouseholdId equals h.Id into hs
        from h in hs.DefaultIfEmpty()
        orderby p.AreaPath, p.Name, p.Id
        select new ListRow(p.Id, p.Name, p.Gender, p.BirthDate, p.IdNumber, p.Phone, p.PartyStatus, p.CareTags, p.HouseholdId, h == null ? null : h.Address, p.RelationToHead, p.AreaPath);

    private static PersonListItem ToListItem(ListRow r) => new(
        r.Id, r.Name, r.Gender, r.BirthDate, PersonalData.Mask(PersonalField.IdNumber, r.IdNumber), PersonalData.Mask(PersonalField.Phone, r.Phone), r.PartyStatus,
        CareTagLabels.Split(r.CareTags), r.HouseholdId, r.Address, r.RelationToHead, r.AreaPath);

    private sealed record ListRow(
        Guid Id, string Name, Gender Gender, DateOnly? BirthDate, string? IdNumber, string? Phone, PartyStatus PartyStatus,
        CareTags CareTags, Guid? HouseholdId, string? Address, string? RelationToHead, string AreaPath);
}
