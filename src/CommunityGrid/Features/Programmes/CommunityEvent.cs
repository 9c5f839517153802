using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

/// <summary>The kinds of community events the report names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventKind>))]
public enum EventKind
{
    /// <summary>理论宣讲</summary>
    TheoryTalk = 1,
    /// <summary>政务咨询</summary>
    PolicyConsultation = 2,
    /// <summary>文化文艺</summary>
    CultureAndArts = 3,
    /// <summary>防诈骗宣传</summary>
    AntiFraud = 4,
    /// <summary>垃圾分类</summary>
    WasteSorting = 5,
    /// <summary>重阳敬老</summary>
    ElderlyCare = 6,
    /// <summary>百姓座谈会</summary>
    ResidentsForum = 7,
    /// <summary>志愿服务交流会</summary>
    VolunteerExchange = 8,
}

public static class EventKinds
{
    public static string Chinese(this EventKind kind) => kind switch
    {
        EventKind.TheoryTalk => "理论宣讲",
        EventKind.PolicyConsultation => "政务咨询",
        EventKind.CultureAndArts => "文化文艺",
        EventKind.AntiFraud => "防诈骗宣传",
        EventKind.WasteSorting => "垃圾分类",
        EventKind.ElderlyCare => "重阳敬老",
        EventKind.ResidentsForum => "百姓座谈会",
        EventKind.VolunteerExchange => "志愿服务交流会",
        _ => kind.ToString(),
    };

    public static string English(this EventKind kind) => kind switch
    {
        EventKind.TheoryTalk => "Theory talk",
        EventKind.PolicyConsultation => "Government services Q&A",
        EventKind.CultureAndArts => "Culture and arts",
        EventKind.AntiFraud => "Anti-fraud awareness",
        EventKind.WasteSorting => "Waste sorting",
        EventKind.ElderlyCare => "Double Ninth elderly care",
        EventKind.ResidentsForum => "Residents' forum",
        EventKind.VolunteerExchange => "Volunteer exchange",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A community event on the calendar: a place, a time (stored UTC, shown in Beijing time), a capacity and
/// sign-up. It may be served by a volunteer activity (volunteers' hours flow through that activity as
/// always). <see cref="SignedUp"/> counts the seats taken and <see cref="Version"/> is a concurrency token:
/// of two sign-ups for the last seat one wins, the other meets a full event.
/// </summary>
public sealed class CommunityEvent : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 1000;
    public const int PlaceMaxLength = 120;
    public const int MaxCapacity = 2000;
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(3);

    private CommunityEvent() { }

    public Guid Id { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public EventKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Place { get; private set; } = "";
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Capacity { get; private set; }
    public int SignedUp { get; private set; }
    public Guid? VolunteerActivityId { get; private set; }
    public string OrganiserUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public bool Cancelled { get; private set; }
    public int Version { get; private set; }

    public int SeatsLeft => Math.Max(0, Capacity - SignedUp);

    public static CommunityEvent Plan(string communityPath, EventKind kind, string title, string? description, string place, DateTime startsAt, DateTime endsAt,
        int capacity, Guid? volunteerActivityId, string organiserUserId, DateTime now)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidInputException("kind_invalid", "请选择活动类型", "Choose the kind of event.");
        }

        title = (title ?? "").Trim();
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new InvalidInputException("title_invalid", $"活动名称不能为空且不超过 {TitleMaxLength} 字", $"An event needs a title of at most {TitleMaxLength} characters.");
        }

        place = (place ?? "").Trim();
        if (place.Length is 0 or > PlaceMaxLength)
        {
            throw new InvalidInputException("place_invalid", $"请填写活动地点（不超过 {PlaceMaxLength} 字）", $"An event needs a place of at most {PlaceMaxLength} characters.");
        }

        description = description?.Trim() ?? "";
        if (description.Length > DescriptionMaxLength)
        {
            throw new InvalidInputException("description_too_long", $"活动说明不超过 {DescriptionMaxLength} 字", $"The description is at most {DescriptionMaxLength} characters.");
        }

        if (endsAt <= startsAt || endsAt - startsAt > MaxLength)
        {
            throw new InvalidInputException("time_invalid", "结束时间应晚于开始时间，且活动不超过 3 天", "An event ends after it starts and lasts at most 3 days.");
        }

        if (startsAt < now)
        {
            throw new InvalidInputException("starts_in_the_past", "活动开始时间已过", "The event's start is in the past.");
        }

        if (capacity is < 1 or > MaxCapacity)
        {
            throw new InvalidInputException("invalid_capacity", $"名额应为 1–{MaxCapacity}", $"Capacity must be 1–{MaxCapacity}.");
        }

        return new CommunityEvent
        {
            Id = Guid.CreateVersion7(),
            AreaPath = communityPath,
            Kind = kind,
            Title = title,
            Description = description,
            Place = place,
            StartsAt = startsAt,
            EndsAt = endsAt,
            Capacity = capacity,
            VolunteerActivityId = volunteerActivityId,
            OrganiserUserId = organiserUserId,
            CreatedAt = now,
        };
    }

    /// <summary>报名: a seat, while there is one and the event has not started.</summary>
    public EventSignUp SignUp(string userId, Guid? personId, DateTime now)
    {
        if (Cancelled)
        {
            throw new DomainRuleException("event_cancelled", "活动已取消", "The event was cancelled.");
        }

        if (now >= StartsAt)
        {
            throw new DomainRuleException("event_started", "活动已开始，不能再报名", "The event has started; sign-up is closed.");
        }

        if (SignedUp >= Capacity)
        {
            throw new DomainRuleException("event_full", "名额已满", "The event is full.");
        }

        SignedUp++;
        Version++;
        return EventSignUp.Of(Id, AreaPath, userId, personId, now);
    }

    /// <summary>取消活动 before it starts.</summary>
    public void Cancel(DateTime now)
    {
        if (Cancelled)
        {
            throw new DomainRuleException("event_cancelled", "活动已取消", "The event was cancelled already.");
        }

        if (now >= StartsAt)
        {
            throw new DomainRuleException("event_started", "活动已开始，不能取消", "The event has started.");
        }

        Cancelled = true;
        Version++;
    }

    /// <summary>取消报名 before the event starts: the seat is free again.</summary>
    public void Withdraw(DateTime now)
    {
        if (now >= StartsAt)
        {
            throw new DomainRuleException("event_started", "活动已开始，不能再取消报名", "The event has started.");
        }

        SignedUp = Math.Max(0, SignedUp - 1);
        Version++;
    }
}

/// <summary>One caller's seat at an event; unique per event and user in the database.</summary>
public sealed class EventSignUp : IAreaScoped
{
    private EventSignUp() { }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public Guid? PersonId { get; private set; }
    public DateTime SignedUpAt { get; private set; }

    internal static EventSignUp Of(Guid eventId, string areaPath, string userId, Guid? personId, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), EventId = eventId, AreaPath = areaPath, UserId = userId, PersonId = personId, SignedUpAt = now };
}
