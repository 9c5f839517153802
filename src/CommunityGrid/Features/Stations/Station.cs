using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Stations;

/// <summary>What a station offers a rider who stops by.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Facilities>))]
[Flags]
public enum Facilities
{
    None = 0,
    /// <summary>饮水</summary>
    Water = 1,
    /// <summary>充电</summary>
    Charging = 2,
    /// <summary>微波炉</summary>
    Microwave = 4,
    /// <summary>医药箱</summary>
    MedicineBox = 8,
    /// <summary>休息室</summary>
    RestRoom = 16,
    /// <summary>爱心雨伞</summary>
    Umbrella = 32,
    /// <summary>卫生间</summary>
    Toilet = 64,
    /// <summary>无线网络</summary>
    Wifi = 128,
}

public static class FacilityLabels
{
    public static readonly IReadOnlyList<Facilities> All =
        [Facilities.Water, Facilities.Charging, Facilities.Microwave, Facilities.MedicineBox, Facilities.RestRoom, Facilities.Umbrella, Facilities.Toilet, Facilities.Wifi];

    public static string Chinese(Facilities f) => f switch
    {
        Facilities.Water => "饮水",
        Facilities.Charging => "充电",
        Facilities.Microwave => "微波炉",
        Facilities.MedicineBox => "医药箱",
        Facilities.RestRoom => "休息室",
        Facilities.Umbrella => "爱心雨伞",
        Facilities.Toilet => "卫生间",
        Facilities.Wifi => "无线网络",
        _ => f.ToString(),
    };

    public static string English(Facilities f) => f switch
    {
        Facilities.MedicineBox => "Medicine box",
        Facilities.RestRoom => "Rest room",
        Facilities.Wifi => "Wi-Fi",
        _ => f.ToString(),
    };

    public static IReadOnlyList<Facilities> Split(Facilities f) => [.. All.Where(x => (f & x) == x)];
}

/// <summary>
/// A red-bee station (红蜂驿站): the place of an organisation of kind Station, with what it offers,
/// its hours (Beijing time) and where it is. Its staff are the users working for that organisation.
/// </summary>
public sealed class Station : IAreaScoped
{
    public const int NameMaxLength = 100;
    public const int AddressMaxLength = 200;
    /// <summary>An opening or closing hour as the forms send it, "HH:mm".</summary>
    public const int HoursTextLength = 5;

    private Station() { }

    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string Name { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public string Address { get; private set; } = "";
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public Facilities Facilities { get; private set; }
    public TimeOnly OpensAt { get; private set; }
    public TimeOnly ClosesAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Every facility a station can list; anything else in a request is refused.</summary>
    public const Facilities KnownFacilities = Facilities.Water | Facilities.Charging | Facilities.Microwave | Facilities.MedicineBox
        | Facilities.RestRoom | Facilities.Umbrella | Facilities.Toilet | Facilities.Wifi;

    public static Station Open(Guid organisationId, string name, string areaPath, string address, double latitude, double longitude, Facilities facilities, TimeOnly opensAt, TimeOnly closesAt, DateTime now)
    {
        var station = new Station
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = organisationId,
            AreaPath = areaPath,
            CreatedAt = now,
        };
        station.Describe(name, address, latitude, longitude);
        station.Serve(facilities, opensAt, closesAt);
        return station;
    }

    /// <summary>The place itself: its name, address and where it is (the community's admins change these).</summary>
    public void Describe(string name, string address, double latitude, double longitude)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", "驿站名称不能为空且不超过 100 字", "A name is required, at most 100 characters.");
        }

        address = (address ?? "").Trim();
        if (address.Length is 0 or > AddressMaxLength)
        {
            throw new InvalidInputException("address_invalid", "地址不能为空且不超过 200 字", "An address is required, at most 200 characters.");
        }

        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            throw new InvalidInputException("location_invalid", "经纬度不正确", "The location is not valid.");
        }

        Name = name;
        Address = address;
        Latitude = latitude;
        Longitude = longitude;
        Version++;
    }

    /// <summary>What it offers and when it is open (its staff change these too).</summary>
    public void Serve(Facilities facilities, TimeOnly opensAt, TimeOnly closesAt)
    {
        if ((facilities & ~KnownFacilities) != Facilities.None)
        {
            throw new InvalidInputException("facilities_invalid", "设施项目不正确", "Unknown facility.");
        }

        if (opensAt.Second != 0 || opensAt.Millisecond != 0 || closesAt.Second != 0 || closesAt.Millisecond != 0)
        {
            throw new InvalidInputException("hours_invalid", "开放时间请精确到分钟，如 07:00", "Give the hours in minutes, e.g. 07:00.");
        }

        Facilities = facilities;
        OpensAt = opensAt;
        ClosesAt = closesAt;
        Version++;
    }

    /// <summary>
    /// Hours from a form or request ("HH:mm"). Round the clock is said outright; otherwise both times are
    /// required and must differ (equal times would silently mean 24 hours). A closing time before the
    /// opening time runs past midnight (a night station 18:00–02:00).
    /// </summary>
    public static (TimeOnly OpensAt, TimeOnly ClosesAt) Hours(string? opensAt, string? closesAt, bool roundTheClock)
    {
        if (roundTheClock)
        {
            return (TimeOnly.MinValue, TimeOnly.MinValue);
        }

        if (string.IsNullOrWhiteSpace(opensAt) || string.IsNullOrWhiteSpace(closesAt))
        {
            throw new InvalidInputException("hours_required", "请填写开放和关闭时间，或选择 24 小时开放", "Give the opening and closing times, or choose round the clock.");
        }

        if (!TimeOnly.TryParseExact(opensAt.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var opens)
            || !TimeOnly.TryParseExact(closesAt.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var closes))
        {
            throw new InvalidInputException("hours_invalid", "开放时间请写成 时:分，如 07:00", "Give the hours as HH:mm, e.g. 07:00.");
        }

        if (opens == closes)
        {
            throw new DomainRuleException("hours_empty", "开放和关闭时间相同；全天开放请选择 24 小时", "Opening and closing times are the same; choose round the clock for 24 hours.", RuleKind.Unprocessable);
        }

        return (opens, closes);
    }

    public static Facilities Combine(IEnumerable<Facilities>? facilities) =>
        facilities?.Aggregate(Facilities.None, (all, f) => all | f) ?? Facilities.None;

    /// <summary>The caller works at this station (its staff account); the admins above it are asked separately.</summary>
    public static bool RunBy(Scope scope, Station station)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(station);
        return scope.Has(Role.StationStaff) && scope.OrganisationId == station.OrganisationId;
    }

    /// <summary>Open at this Beijing time of day. Equal hours mean round the clock; hours may run past midnight.</summary>
    public static bool IsOpenAt(TimeOnly opensAt, TimeOnly closesAt, TimeOnly time) =>
        opensAt == closesAt || (opensAt < closesAt ? time >= opensAt && time < closesAt : time >= opensAt || time < closesAt);
}

/// <summary>A rider stopping at a station. A record: never edited.</summary>
public sealed class StationCheckIn : IAreaScoped, IAppendOnly
{
    private StationCheckIn() { }

    public Guid Id { get; private set; }
    public Guid StationId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public Guid? PersonId { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime At { get; private set; }
    /// <summary>The Beijing calendar day, for counts per day.</summary>
    public DateOnly Day { get; private set; }

    public static StationCheckIn Of(Station station, string userId, Guid? personId, string name, DateTime at, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(station);
        return new StationCheckIn { Id = Guid.CreateVersion7(), StationId = station.Id, AreaPath = station.AreaPath, UserId = userId, PersonId = personId, Name = name, At = at, Day = day };
    }
}
