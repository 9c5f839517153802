using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Volunteers;

/// <summary>志愿活动: organised by a team or the community, at a place, in one or more shifts.</summary>
public sealed class VolunteerActivity : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 1000;
    public const int AddressMaxLength = 120;
    public const int MaxShifts = 20;
    public const int MaxRadiusMetres = 5000;
    public const int MinRadiusMetres = 20;

    private readonly List<ActivityShift> shifts = [];

    private VolunteerActivity() { }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public ActivityType Type { get; private set; }
    public string Description { get; private set; } = "";
    public Guid? TeamId { get; private set; }
    /// <summary>The team's grid or community, or the organising community: who sees it, whose pool pays.</summary>
    public string AreaPath { get; private set; } = "";
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public string Address { get; private set; } = "";
    /// <summary>When set, check-in and check-out are accepted only this close to the place.</summary>
    public int? CheckInRadiusMetres { get; private set; }
    public string OrganiserUserId { get; private set; } = "";
    public string OrganiserName { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    /// <summary>The first shift's start and the last one's end, for listing without a join.</summary>
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }

    public IReadOnlyList<ActivityShift> Shifts => shifts;

    public static VolunteerActivity Plan(ActivityPlan plan, string areaPath, Guid? teamId, string organiserUserId, string organiserName, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Latitude is < -90 or > 90 || plan.Longitude is < -180 or > 180)
        {
            throw new InvalidInputException("invalid_location", "活动地点坐标不正确", "The place's coordinates are invalid.");
        }

        if (plan.CheckInRadiusMetres is { } r && (r < MinRadiusMetres || r > MaxRadiusMetres))
        {
            throw new InvalidInputException("invalid_radius", $"签到范围应为 {MinRadiusMetres}–{MaxRadiusMetres} 米", $"The check-in radius must be {MinRadiusMetres}–{MaxRadiusMetres} m.");
        }

        if (plan.Shifts is not { Count: > 0 } || plan.Shifts.Count > MaxShifts)
        {
            throw new InvalidInputException("shifts_required", $"活动需要 1–{MaxShifts} 个班次", $"An activity has 1–{MaxShifts} shifts.");
        }

        var activity = new VolunteerActivity
        {
            Id = Guid.CreateVersion7(),
            Title = Texts.Required(plan.Title, TitleMaxLength, "title_invalid", "活动名称"),
            Type = Enum.IsDefined(plan.Type) ? plan.Type : throw new InvalidInputException("type_invalid", "活动类型不正确", "Unknown activity type."),
            Description = Texts.Optional(plan.Description, DescriptionMaxLength, "description_invalid", "活动说明"),
            TeamId = teamId,
            AreaPath = areaPath,
            Latitude = plan.Latitude,
            Longitude = plan.Longitude,
            Address = Texts.Required(plan.Address, AddressMaxLength, "address_invalid", "活动地点"),
            CheckInRadiusMetres = plan.CheckInRadiusMetres,
            OrganiserUserId = organiserUserId,
            OrganiserName = organiserName,
            CreatedAt = now,
        };
        foreach (var s in plan.Shifts.OrderBy(s => s.StartsAt))
        {
            activity.shifts.Add(ActivityShift.Of(activity, s.StartsAt, s.EndsAt, s.Capacity, now));
        }

        activity.StartsAt = activity.shifts.Min(s => s.StartsAt);
        activity.EndsAt = activity.shifts.Max(s => s.EndsAt);
        return activity;
    }

    /// <summary>Check-in and check-out happen at the place when the activity sets a radius.</summary>
    public void VolunteerMustBeAtThePlace(double? latitude, double? longitude)
    {
        if (CheckInRadiusMetres is not { } radius)
        {
            return;
        }

        if (latitude is null || longitude is null)
        {
            throw new DomainRuleException("location_required", "本活动需在现场签到，请允许获取位置", "This activity checks you in at the place: share your location.", RuleKind.Unprocessable);
        }

        if (GreatCircle.Metres(latitude.Value, longitude.Value, Latitude, Longitude) > radius)
        {
            throw new DomainRuleException("too_far_from_activity", $"不在活动地点 {radius} 米范围内，不能签到/签退", $"You are more than {radius} m from the activity.");
        }
    }
}

public sealed record ActivityPlan(string Title, ActivityType Type, string? Description, double Latitude, double Longitude, string Address, int? CheckInRadiusMetres, IReadOnlyList<ShiftPlan> Shifts);

public sealed record ShiftPlan(DateTime StartsAt, DateTime EndsAt, int Capacity);

/// <summary>One time slot of an activity with a number of places; sign-ups beyond it wait in line.</summary>
public sealed class ActivityShift
{
    public const int MaxCapacity = 500;
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(12);
    /// <summary>Check-in opens this long before the shift starts.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromMinutes(30);
    /// <summary>Check-out is accepted until this long after the shift ends.</summary>
    public static readonly TimeSpan CheckOutClosesAfter = TimeSpan.FromHours(2);

    private ActivityShift() { }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Capacity { get; private set; }
    /// <summary>
    /// Raised by every sign-up in the sign-up's transaction: the update locks the row (so sign-ups to
    /// one shift queue up on PostgreSQL) and its value is the sign-up's place in line.
    /// </summary>
    public int Sequence { get; private set; }

    public int LengthMinutes => (int)(EndsAt - StartsAt).TotalMinutes;

    internal static ActivityShift Of(VolunteerActivity activity, DateTime startsAt, DateTime endsAt, int capacity, DateTime now)
    {
        if (endsAt <= startsAt || endsAt - startsAt > MaxLength)
        {
            throw new InvalidInputException("invalid_shift", "班次的结束时间须晚于开始时间，且不超过 12 小时", "A shift ends after it starts and lasts at most 12 hours.");
        }

        if (endsAt <= now)
        {
            throw new InvalidInputException("shift_in_the_past", "不能发布已结束的班次", "A shift cannot end in the past.");
        }

        if (capacity is < 1 or > MaxCapacity)
        {
            throw new InvalidInputException("invalid_capacity", $"每班名额应为 1–{MaxCapacity}", $"Capacity must be 1–{MaxCapacity}.");
        }

        return new ActivityShift { Id = Guid.CreateVersion7(), ActivityId = activity.Id, StartsAt = startsAt, EndsAt = endsAt, Capacity = capacity };
    }

    public void SignUpMustBeOpen(DateTime now)
    {
        if (now >= EndsAt)
        {
            throw new DomainRuleException("shift_over", "该班次已结束", "The shift is over.");
        }
    }
}
