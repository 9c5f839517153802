using System.Text.Json.Serialization;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.People;

[JsonConverter(typeof(JsonStringEnumConverter<Gender>))]
public enum Gender
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}

/// <summary>Party membership: 在册 (on the community's roll) or 在职 (serving in an employer unit, 双报到).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartyStatus>))]
public enum PartyStatus
{
    None = 0,
    OnRoll = 1,
    InService = 2,
}

/// <summary>Care tags that drive services. Stored as flags so "all elderly living alone in grid G" is one query.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CareTags>))]
[Flags]
public enum CareTags
{
    None = 0,
    /// <summary>独居空巢</summary>
    LivingAlone = 1,
    /// <summary>高龄 (80+)</summary>
    Elderly80Plus = 2,
    /// <summary>残障</summary>
    Disabled = 4,
    /// <summary>低保/困境</summary>
    Hardship = 8,
    /// <summary>留守儿童</summary>
    LeftBehindChild = 16,
}

/// <summary>A resident (居民) registered at a house of the grid (一标三实: the person hangs off a standard address).</summary>
public sealed class Person : IAreaScoped
{
    public const int NameMaxLength = 32;
    public const int IdNumberLength = 18;
    public const int PhoneMaxLength = 20;

    private Person() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Gender Gender { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    /// <summary>18-character resident ID number (居民身份证号). Sensitive: masked unless the role needs it.</summary>
    public string? IdNumber { get; private set; }
    /// <summary>Sensitive: masked unless the role needs it.</summary>
    public string? Phone { get; private set; }
    public Guid? HouseholdId { get; private set; }
    public Guid? HouseId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public PartyStatus PartyStatus { get; private set; }
    public CareTags CareTags { get; private set; }
    public string? RelationToHead { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static Person Register(string name, Gender gender, DateOnly? birthDate, string? idNumber, string? phone, Area house, Guid? householdId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(house);
        if (house.Level != AreaLevel.House)
        {
            throw new InvalidInputException("person_needs_house", "居民必须登记到具体户", "A resident is registered at a house.");
        }

        if (house.Retired)
        {
            throw new DomainRuleException("house_retired", "该户地址已撤销", "The house is retired.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", "姓名不能为空且不超过 32 字", "A name is required, at most 32 characters.");
        }

        if (idNumber is not null && !IdNumbers.IsValid(idNumber))
        {
            throw new InvalidInputException("id_number_invalid", "身份证号格式不正确", "The ID number is not valid.");
        }

        return new Person
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            Gender = gender,
            BirthDate = birthDate,
            IdNumber = idNumber?.ToUpperInvariant(),
            Phone = PhoneNumbers.MobileOrNone(phone),
            HouseId = house.Id,
            HouseholdId = householdId,
            AreaPath = house.Path,
            DistrictCode = house.DistrictCode,
            CreatedAt = nowUtc,
        };
    }

    public void JoinParty(PartyStatus status) => PartyStatus = status;

    public void SetRelationToHead(string? relation) => RelationToHead = relation;

    public void UpdateContact(string? phone) => Phone = PhoneNumbers.MobileOrNone(phone);

    /// <summary>Care tags change only through a household survey record (<see cref="CareTagRecord"/>).</summary>
    internal void ApplyCareTags(CareTags tags) => CareTags = tags;

    public int? AgeOn(DateOnly day)
    {
        if (BirthDate is not { } b)
        {
            return null;
        }

        var age = day.Year - b.Year;
        return b.AddYears(age) > day ? age - 1 : age;
    }
}

/// <summary>A household (户) living at a house.</summary>
public sealed class Household : IAreaScoped
{
    public const int AddressMaxLength = 200;

    private Household() { }

    public Guid Id { get; private set; }
    public Guid HouseId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    /// <summary>Standard address (标准地址) as people read it, e.g. 仕奇社区 3号楼 2单元 301.</summary>
    public string Address { get; private set; } = "";
    public Guid? HeadPersonId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static Household At(Area house, string address, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(house);
        if (house.Level != AreaLevel.House)
        {
            throw new InvalidInputException("household_needs_house", "住户必须登记到具体户", "A household lives at a house.");
        }

        return new Household
        {
            Id = Guid.CreateVersion7(),
            HouseId = house.Id,
            AreaPath = house.Path,
            DistrictCode = house.DistrictCode,
            Address = address,
            CreatedAt = nowUtc,
        };
    }

    public void SetHead(Guid personId) => HeadPersonId = personId;
}

/// <summary>A household survey visit (入户调研): who, when, and why care tags were set.</summary>
public sealed class HouseholdSurvey : IAreaScoped
{
    public const int NoteMaxLength = 500;

    private HouseholdSurvey() { }

    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string SurveyorUserId { get; private set; } = "";
    public string SurveyorName { get; private set; } = "";
    public DateTime SurveyedAt { get; private set; }
    public string Note { get; private set; } = "";

    public static HouseholdSurvey Record(Household household, string surveyorUserId, string surveyorName, DateTime nowUtc, string note)
    {
        ArgumentNullException.ThrowIfNull(household);
        return new HouseholdSurvey
        {
            Id = Guid.CreateVersion7(),
            HouseholdId = household.Id,
            AreaPath = household.AreaPath,
            DistrictCode = household.DistrictCode,
            SurveyorUserId = surveyorUserId,
            SurveyorName = surveyorName,
            SurveyedAt = nowUtc,
            Note = note.Length > NoteMaxLength ? note[..NoteMaxLength] : note,
        };
    }
}

/// <summary>One change of a person's care tags, made during a survey, with the reason.</summary>
public sealed class CareTagRecord : IAreaScoped
{
    public const int ReasonMaxLength = 200;

    private CareTagRecord() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public Guid SurveyId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public CareTags Before { get; private set; }
    public CareTags After { get; private set; }
    public string Reason { get; private set; } = "";
    public string SetByUserId { get; private set; } = "";
    public DateTime SetAt { get; private set; }

    public static CareTagRecord Set(Person person, HouseholdSurvey survey, CareTags tags, string reason)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(survey);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidInputException("care_tag_reason_required", "设置关爱标签必须填写原因", "A reason is required to set care tags.");
        }

        if (reason.Trim().Length > ReasonMaxLength)
        {
            throw new InvalidInputException("care_tag_reason_too_long", $"原因不能超过 {ReasonMaxLength} 字", $"The reason is at most {ReasonMaxLength} characters.");
        }

        var record = new CareTagRecord
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            SurveyId = survey.Id,
            AreaPath = person.AreaPath,
            DistrictCode = person.DistrictCode,
            Before = person.CareTags,
            After = tags,
            Reason = reason.Trim(),
            SetByUserId = survey.SurveyorUserId,
            SetAt = survey.SurveyedAt,
        };
        person.ApplyCareTags(tags);
        return record;
    }
}
