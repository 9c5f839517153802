using System.Text.Json.Serialization;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Alliance;

[JsonConverter(typeof(JsonStringEnumConverter<MembershipStatus>))]
public enum MembershipStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>The kinds of help SPEC.md names for caring merchants.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServiceKind>))]
public enum ServiceKind
{
    /// <summary>公益理发</summary>
    Haircut = 1,
    /// <summary>免费维修</summary>
    Repair = 2,
    /// <summary>教育课程</summary>
    Course = 3,
    /// <summary>生活配送</summary>
    Delivery = 4,
    /// <summary>医疗护理</summary>
    Nursing = 5,
    /// <summary>个性服务</summary>
    Custom = 6,
}

[JsonConverter(typeof(JsonStringEnumConverter<CapacityPeriod>))]
public enum CapacityPeriod
{
    Week = 1,
    Month = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<BookingStatus>))]
public enum BookingStatus
{
    Booked = 1,
    Delivered = 2,
    Cancelled = 3,
}

public static class ServiceKinds
{
    public static string Chinese(ServiceKind kind) => kind switch
    {
        ServiceKind.Haircut => "公益理发",
        ServiceKind.Repair => "免费维修",
        ServiceKind.Course => "教育课程",
        ServiceKind.Delivery => "生活配送",
        ServiceKind.Nursing => "医疗护理",
        ServiceKind.Custom => "个性服务",
        _ => kind.ToString(),
    };

    public static string English(ServiceKind kind) => kind switch
    {
        ServiceKind.Haircut => "Free haircut",
        ServiceKind.Repair => "Free repair",
        ServiceKind.Course => "Courses",
        ServiceKind.Delivery => "Delivery",
        ServiceKind.Nursing => "Nursing",
        ServiceKind.Custom => "Custom service",
        _ => kind.ToString(),
    };
}

/// <summary>A merchant's place in one community's caring-merchant alliance (爱心商家联盟), approved by the community.</summary>
public sealed class AllianceMembership : IAreaScoped
{
    public const int NameMaxLength = 100;
    public const int NoteMaxLength = 200;

    private AllianceMembership() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public Guid MerchantId { get; private set; }
    public string MerchantName { get; private set; } = "";
    public MembershipStatus Status { get; private set; }
    public string AppliedByUserId { get; private set; } = "";
    public DateTime AppliedAt { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? Note { get; private set; }
    public int Version { get; private set; }

    public static AllianceMembership Apply(Guid communityId, string communityPath, Guid merchantId, string merchantName, string userId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        CommunityId = communityId,
        AreaPath = communityPath,
        MerchantId = merchantId,
        MerchantName = merchantName,
        Status = MembershipStatus.Pending,
        AppliedByUserId = userId,
        AppliedAt = now,
    };

    /// <summary>A rejected merchant may apply again; a pending or approved one has applied already.</summary>
    public void ApplyAgain(string userId, DateTime now)
    {
        if (Status != MembershipStatus.Rejected)
        {
            throw new DomainRuleException("already_applied", "已提交过加入申请", "The merchant has applied already.");
        }

        Status = MembershipStatus.Pending;
        AppliedByUserId = userId;
        AppliedAt = now;
        DecidedByUserId = null;
        DecidedAt = null;
        Note = null;
        Version++;
    }

    public void Approve(string userId, DateTime now)
    {
        OnlyPending();
        Status = MembershipStatus.Approved;
        DecidedByUserId = userId;
        DecidedAt = now;
        Version++;
    }

    public void Reject(string userId, string reason, DateTime now)
    {
        OnlyPending();
        reason = (reason ?? "").Trim();
        if (reason.Length is 0 or > NoteMaxLength)
        {
            throw new InvalidInputException("reason_required", "请填写不通过的原因", "Give the reason for rejecting.");
        }

        Status = MembershipStatus.Rejected;
        Note = reason;
        DecidedByUserId = userId;
        DecidedAt = now;
        Version++;
    }

    private void OnlyPending()
    {
        if (Status != MembershipStatus.Pending)
        {
            throw new DomainRuleException("not_pending", "该申请已处理", "The application was decided already.");
        }
    }
}

/// <summary>
/// What an alliance merchant offers: a kind of help, for residents with any of <see cref="EligibleTags"/>
/// (none = any resident of the community), at most <see cref="Capacity"/> bookings per period.
/// </summary>
public sealed class AllianceOffering : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 500;
    public const int HoursMaxLength = 100;
    public const int MaxCapacity = 1000;

    private AllianceOffering() { }

    public Guid Id { get; private set; }
    public Guid MembershipId { get; private set; }
    public Guid MerchantId { get; private set; }
    public string MerchantName { get; private set; } = "";
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public ServiceKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public CareTags EligibleTags { get; private set; }
    public int Capacity { get; private set; }
    public CapacityPeriod Period { get; private set; }
    public string Hours { get; private set; } = "";
    public bool Active { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static AllianceOffering Offer(AllianceMembership membership, ServiceKind kind, string title, string? description, CareTags eligible, int capacity, CapacityPeriod period, string? hours, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.Status != MembershipStatus.Approved)
        {
            throw new DomainRuleException("not_an_alliance_member", "加入联盟的申请通过后才能发布服务", "The merchant must be an approved alliance member first.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new InvalidInputException("kind_invalid", "服务类型不正确", "Unknown kind of service.");
        }

        title = (title ?? "").Trim();
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new InvalidInputException("title_invalid", $"服务名称不能为空且不超过 {TitleMaxLength} 字", $"A title is required, at most {TitleMaxLength} characters.");
        }

        if (capacity is < 1 or > MaxCapacity)
        {
            throw new InvalidInputException("capacity_invalid", $"每期名额应为 1–{MaxCapacity}", $"Capacity must be 1–{MaxCapacity} per period.");
        }

        if ((description?.Length ?? 0) > DescriptionMaxLength || (hours?.Length ?? 0) > HoursMaxLength)
        {
            throw new InvalidInputException("text_too_long", "说明或服务时间过长", "The description or hours are too long.");
        }

        return new AllianceOffering
        {
            Id = Guid.CreateVersion7(),
            MembershipId = membership.Id,
            MerchantId = membership.MerchantId,
            MerchantName = membership.MerchantName,
            AreaPath = membership.AreaPath,
            Kind = kind,
            Title = title,
            Description = description?.Trim() ?? "",
            EligibleTags = eligible,
            Capacity = capacity,
            Period = period,
            Hours = hours?.Trim() ?? "",
            Active = true,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// Why a resident living at <paramref name="residentAreaPath"/> with <paramref name="careTags"/> may not
    /// be booked for this offering, or null when they may: the offering is still offered, the resident lives
    /// in its community and is eligible; with the period's counts, neither booked already nor the places all
    /// taken. The booking enforces it and the pages ask it before they offer 预约.
    /// </summary>
    public DomainRuleException? BookingRefusal(string residentAreaPath, CareTags careTags, bool bookedThisPeriod = false, int takenThisPeriod = 0)
    {
        ArgumentNullException.ThrowIfNull(residentAreaPath);
        if (!Active)
        {
            return new DomainRuleException("offering_withdrawn", "该服务已下架", "The offering was withdrawn.");
        }

        if (!residentAreaPath.StartsWith(AreaPath, StringComparison.Ordinal))
        {
            return new DomainRuleException("not_in_community", "该居民不在本服务所在社区", "The resident does not live in the offering's community.");
        }

        if (!Serves(careTags))
        {
            return new DomainRuleException("not_eligible", "该居民不符合此项服务的对象条件", "The resident is not eligible for this offering.");
        }

        if (bookedThisPeriod)
        {
            return new DomainRuleException("already_booked", "该居民本期已预约过此项服务", "The resident has booked this offering for this period already.");
        }

        return takenThisPeriod >= Capacity ? new DomainRuleException("fully_booked", "本期名额已约满", "All places of this period are taken.") : null;
    }

    public bool Serves(CareTags tags) => EligibleTags == CareTags.None || (tags & EligibleTags) != CareTags.None;

    /// <summary>
    /// Stops new bookings. Bookings already made stay open for the merchant to deliver (or cancel one by
    /// one): residents were promised them. Past deliveries keep counting for recognition.
    /// </summary>
    public void Withdraw()
    {
        if (!Active)
        {
            throw new DomainRuleException("already_withdrawn", "该服务已停止提供", "The offering was withdrawn already.");
        }

        Active = false;
        Version++;
    }

    /// <summary>Start (UTC) of the period holding <paramref name="nowUtc"/>, in Beijing time: Monday of the week, or the 1st of the month.</summary>
    public DateTime PeriodStart(DateTime nowUtc)
    {
        var local = BeijingTime.Date(nowUtc);
        var start = Period == CapacityPeriod.Week ? local.AddDays(-(((int)local.DayOfWeek + 6) % 7)) : new DateOnly(local.Year, local.Month, 1);
        return BeijingTime.StartOfDayUtc(start);
    }
}

/// <summary>One booking of an offering for one resident, made by them or by staff for them; the merchant records the delivery.</summary>
public sealed class AllianceBooking : IAreaScoped
{
    public const int NoteMaxLength = 300;

    private AllianceBooking() { }

    public Guid Id { get; private set; }
    public Guid OfferingId { get; private set; }
    public Guid MerchantId { get; private set; }
    public ServiceKind Kind { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    /// <summary>The resident's house path: staff see bookings of the residents they keep.</summary>
    public string AreaPath { get; private set; } = "";
    public string CommunityPath { get; private set; } = "";
    public DateTime PeriodStart { get; private set; }
    public string BookedByUserId { get; private set; } = "";
    public string BookedByName { get; private set; } = "";
    public DateTime BookedAt { get; private set; }
    public string? Note { get; private set; }
    public BookingStatus Status { get; private set; }
    public string? DeliveredByUserId { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public string? DeliveryNote { get; private set; }
    public Guid? DeliveryPhotoId { get; private set; }
    public int Version { get; private set; }

    /// <summary>Refuses a resident the offering does not serve; the caller checks capacity under a lock.</summary>
    public static AllianceBooking For(AllianceOffering offering, Person person, string bookedByUserId, string bookedByName, string? note, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(offering);
        ArgumentNullException.ThrowIfNull(person);
        if (offering.BookingRefusal(person.AreaPath, person.CareTags) is { } refusal)
        {
            throw refusal;
        }

        if ((note?.Length ?? 0) > NoteMaxLength)
        {
            throw new InvalidInputException("note_too_long", $"备注不超过 {NoteMaxLength} 字", $"A note is at most {NoteMaxLength} characters.");
        }

        return new AllianceBooking
        {
            Id = Guid.CreateVersion7(),
            OfferingId = offering.Id,
            MerchantId = offering.MerchantId,
            Kind = offering.Kind,
            PersonId = person.Id,
            PersonName = person.Name,
            AreaPath = person.AreaPath,
            CommunityPath = offering.AreaPath,
            PeriodStart = offering.PeriodStart(now),
            BookedByUserId = bookedByUserId,
            BookedByName = bookedByName,
            BookedAt = now,
            Note = note?.Trim(),
            Status = BookingStatus.Booked,
        };
    }

    public void Deliver(string userId, string? note, Guid? photoId, DateTime now)
    {
        OnlyBooked();
        if ((note?.Length ?? 0) > NoteMaxLength)
        {
            throw new InvalidInputException("note_too_long", $"备注不超过 {NoteMaxLength} 字", $"A note is at most {NoteMaxLength} characters.");
        }

        Status = BookingStatus.Delivered;
        DeliveredByUserId = userId;
        DeliveredAt = now;
        DeliveryNote = note?.Trim();
        DeliveryPhotoId = photoId;
        Version++;
    }

    public void Cancel()
    {
        OnlyBooked();
        Status = BookingStatus.Cancelled;
        Version++;
    }

    private void OnlyBooked()
    {
        if (Status != BookingStatus.Booked)
        {
            throw new DomainRuleException("not_booked", "该预约已完成或已取消", "The booking was delivered or cancelled already.");
        }
    }
}
