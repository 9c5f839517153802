using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Volunteers;

public enum SignUpStatus
{
    /// <summary>Holds a place on the shift.</summary>
    Confirmed = 1,
    /// <summary>On the waiting list; moves up when a confirmed volunteer cancels.</summary>
    Waiting = 2,
    Cancelled = 3,
}

/// <summary>
/// One person on one shift: sign-up, waiting list, check-in and check-out, and the service minutes
/// the organiser verified (志愿服务记录: true, complete, timely — actual service time only).
/// </summary>
public sealed class SignUp : IAreaScoped
{
    public const int ReasonMaxLength = 200;

    private SignUp() { }

    public Guid Id { get; private set; }
    public Guid ActivityId { get; private set; }
    public Guid ShiftId { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    /// <summary>The activity's area.</summary>
    public string AreaPath { get; private set; } = "";
    public SignUpStatus Status { get; private set; }
    /// <summary>Place in line on the shift (smaller signed up earlier); decides who moves up from the waiting list.</summary>
    public int QueueNumber { get; private set; }
    public DateTime SignedUpAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public DateTime? CheckedInAt { get; private set; }
    public DateTime? CheckedOutAt { get; private set; }
    public int? VerifiedMinutes { get; private set; }
    public DateTime? VerifiedAt { get; private set; }
    public string? VerifiedByName { get; private set; }
    /// <summary>How many times points were awarded for this sign-up (1 at verification, +1 per correction).</summary>
    public int AwardRound { get; private set; }
    /// <summary>Points the latest award granted (after the community's daily cap).</summary>
    public long AwardedPoints { get; private set; }
    public int Version { get; private set; }

    public bool IsActive => Status != SignUpStatus.Cancelled;

    /// <summary>The ledger source of award round <paramref name="round"/>: the id, then "id#2", "id#3"… for corrections.</summary>
    public static string AwardSourceRef(Guid signUpId, int round) => round <= 1 ? signUpId.ToString() : $"{signUpId}#{round}";

    public static SignUp Join(VolunteerActivity activity, ActivityShift shift, Guid personId, string personName, int queueNumber, bool placeFree, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(shift);
        shift.SignUpMustBeOpen(now);
        return new SignUp
        {
            Id = Guid.CreateVersion7(),
            ActivityId = activity.Id,
            ShiftId = shift.Id,
            PersonId = personId,
            PersonName = personName,
            AreaPath = activity.AreaPath,
            Status = placeFree ? SignUpStatus.Confirmed : SignUpStatus.Waiting,
            QueueNumber = queueNumber,
            SignedUpAt = now,
        };
    }

    /// <summary>Signing up again after cancelling: to the back of the line.</summary>
    public void Rejoin(ActivityShift shift, int queueNumber, bool placeFree, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (IsActive)
        {
            throw new DomainRuleException("already_signed_up", "您已报名该班次", "You have signed up for this shift already.");
        }

        shift.SignUpMustBeOpen(now);
        Status = placeFree ? SignUpStatus.Confirmed : SignUpStatus.Waiting;
        QueueNumber = queueNumber;
        SignedUpAt = now;
        CancelledAt = null;
        Version++;
    }

    public void Cancel(DateTime now)
    {
        MustBeSignedUp();
        if (CheckedInAt is not null)
        {
            throw new DomainRuleException("already_checked_in", "已签到，不能取消报名", "You have checked in; the sign-up cannot be cancelled.");
        }

        Status = SignUpStatus.Cancelled;
        CancelledAt = now;
        Version++;
    }

    /// <summary>A place came free: the first in line takes it.</summary>
    public void Promote()
    {
        if (Status != SignUpStatus.Waiting)
        {
            throw new InvalidOperationException("Only a waiting sign-up moves up.");
        }

        Status = SignUpStatus.Confirmed;
        Version++;
    }

    public void CheckIn(VolunteerActivity activity, ActivityShift shift, double? latitude, double? longitude, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        CheckedInAt = AtThePlace(activity, CheckInRefusal(shift, now), latitude, longitude, now);
    }

    public void CheckOut(VolunteerActivity activity, ActivityShift shift, double? latitude, double? longitude, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        CheckedOutAt = AtThePlace(activity, CheckOutRefusal(shift, now), latitude, longitude, now);
    }

    /// <summary>The moment of a check-in or check-out, once its rule allows it and the volunteer is at the place.</summary>
    private DateTime AtThePlace(VolunteerActivity activity, DomainRuleException? refusal, double? latitude, double? longitude, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (refusal is not null)
        {
            throw refusal;
        }

        activity.VolunteerMustBeAtThePlace(latitude, longitude);
        Version++;
        return now;
    }

    /// <summary>
    /// Why the volunteer cannot check in at <paramref name="now"/>, or null when they can (the place is
    /// checked by <see cref="CheckIn"/> itself): the rule the check-in enforces and the page asks before
    /// it offers 签到.
    /// </summary>
    public DomainRuleException? CheckInRefusal(ActivityShift shift, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (PlaceRefusal() is { } refusal)
        {
            return refusal;
        }

        if (CheckedInAt is not null)
        {
            return new DomainRuleException("already_checked_in", "您已签到", "You have checked in already.");
        }

        if (now < shift.StartsAt - ActivityShift.CheckInOpensBefore)
        {
            return new DomainRuleException("shift_not_started", "签到在班次开始前 30 分钟开放", "Check-in opens 30 minutes before the shift starts.");
        }

        return now > shift.EndsAt ? new DomainRuleException("shift_over", "该班次已结束，不能签到", "The shift is over.") : null;
    }

    /// <summary>
    /// Why the volunteer cannot check out at <paramref name="now"/>, or null when they can. Service is
    /// time inside the shift: a check-out before the shift has begun (or before the check-in) would record
    /// a visit, not service, so it is refused and the volunteer checks out once they have served.
    /// </summary>
    public DomainRuleException? CheckOutRefusal(ActivityShift shift, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (PlaceRefusal() is { } refusal)
        {
            return refusal;
        }

        if (CheckedInAt is not { } inAt)
        {
            return new DomainRuleException("not_checked_in", "尚未签到", "You have not checked in.");
        }

        if (CheckedOutAt is not null)
        {
            return new DomainRuleException("already_checked_out", "您已签退", "You have checked out already.");
        }

        if (now <= shift.StartsAt)
        {
            return new DomainRuleException("shift_not_started", "班次尚未开始，开始服务后才能签退", "The shift has not started; check out after serving.");
        }

        if (now < inAt)
        {
            return new DomainRuleException("check_out_before_check_in", "签退时间早于签到时间", "A check-out cannot come before the check-in.");
        }

        return now > shift.EndsAt + ActivityShift.CheckOutClosesAfter
            ? new DomainRuleException("check_out_closed", "签退已截止，请联系组织者核定时长", "Check-out has closed; the organiser will record your time.")
            : null;
    }

    /// <summary>
    /// The most minutes the record supports (志愿服务记录: actual service time): from the check-in to the
    /// check-out, both clipped to the shift; without a check-out, from the clipped check-in to the shift's
    /// end. 0 without a check-in.
    /// </summary>
    public int AttendedMinutes(ActivityShift shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (CheckedInAt is not { } inAt)
        {
            return 0;
        }

        var from = inAt > shift.StartsAt ? inAt : shift.StartsAt;
        var to = CheckedOutAt is { } outAt && outAt < shift.EndsAt ? outAt : shift.EndsAt;
        return to > from ? (int)(to - from).TotalMinutes : 0;
    }

    /// <summary>
    /// What the organiser sees prefilled: checked-out minus checked-in, clipped to the shift (time
    /// before the start or after the end is not service), whole minutes; 0 without both times.
    /// </summary>
    public int DefaultMinutes(ActivityShift shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (CheckedInAt is not { } inAt || CheckedOutAt is not { } outAt)
        {
            return 0;
        }

        var from = inAt > shift.StartsAt ? inAt : shift.StartsAt;
        var to = outAt < shift.EndsAt ? outAt : shift.EndsAt;
        return to > from ? (int)(to - from).TotalMinutes : 0;
    }

    /// <summary>核定: the organiser confirms the actual service minutes; once. Later changes are corrections.</summary>
    public HoursRecord Verify(ActivityShift shift, int? minutes, string byUserId, string byName, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        MustHoldAPlace();
        if (VerifiedAt is not null)
        {
            throw new DomainRuleException("already_verified", "该报名的服务时长已核定，如需修改请更正", "Hours were verified already; correct them instead.");
        }

        if (CheckedInAt is null)
        {
            throw new DomainRuleException("not_checked_in", "志愿者未签到，不能核定时长", "The volunteer did not check in.");
        }

        if (minutes is null && CheckedOutAt is null)
        {
            throw new InvalidInputException("minutes_required", "志愿者未签退，请填写实际服务分钟数", "The volunteer did not check out: enter the minutes served.");
        }

        var value = minutes ?? DefaultMinutes(shift);
        MinutesMustFitTheShift(shift, value);
        MinutesMustFitTheAttendance(shift, value);
        VerifiedMinutes = value;
        VerifiedAt = now;
        VerifiedByName = byName;
        AwardRound = 1;
        Version++;
        return HoursRecord.Of(this, HoursRecordKind.Verified, null, value, null, byUserId, byName, now);
    }

    /// <summary>更正: a verified figure changes only with a reason, and the change is kept.</summary>
    public HoursRecord Correct(ActivityShift shift, int minutes, string? reason, string byUserId, string byName, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(shift);
        if (VerifiedAt is null || VerifiedMinutes is not { } before)
        {
            throw new DomainRuleException("not_verified", "尚未核定，请先核定时长", "Hours are not verified yet.");
        }

        var why = (reason ?? "").Trim();
        if (why.Length == 0)
        {
            throw new InvalidInputException("reason_required", "更正时长必须填写原因", "A correction needs a reason.");
        }

        if (why.Length > ReasonMaxLength)
        {
            throw new InvalidInputException("reason_too_long", $"原因不超过 {ReasonMaxLength} 字", $"At most {ReasonMaxLength} characters.");
        }

        MinutesMustFitTheShift(shift, minutes);
        if (minutes == before)
        {
            throw new DomainRuleException("minutes_unchanged", "时长与已核定的相同", "The minutes are the same as verified.");
        }

        VerifiedMinutes = minutes;
        VerifiedByName = byName;
        AwardRound++;
        Version++;
        return HoursRecord.Of(this, HoursRecordKind.Corrected, before, minutes, why, byUserId, byName, now);
    }

    public void RecordAward(long granted) => AwardedPoints = granted;

    private static void MinutesMustFitTheShift(ActivityShift shift, int minutes)
    {
        if (minutes < 0 || minutes > shift.LengthMinutes)
        {
            throw new InvalidInputException("invalid_minutes", $"服务时长应为 0–{shift.LengthMinutes} 分钟（不超过班次时长）", $"Minutes must be 0–{shift.LengthMinutes} (the shift's length).");
        }
    }

    /// <summary>Verification confirms service the record shows; more than <see cref="AttendedMinutes"/> is refused.</summary>
    private void MinutesMustFitTheAttendance(ActivityShift shift, int minutes)
    {
        var attended = AttendedMinutes(shift);
        if (minutes > attended)
        {
            throw new DomainRuleException("minutes_exceed_attendance",
                $"核定时长不能超过签到签退记录的实际服务时长（班次内 {attended} 分钟）",
                $"Verified minutes cannot exceed the service the check-in and check-out show ({attended} minutes within the shift).", RuleKind.Unprocessable);
        }
    }

    private void MustBeSignedUp()
    {
        if (!IsActive)
        {
            throw new DomainRuleException("not_signed_up", "您未报名该班次", "You are not signed up for this shift.");
        }
    }

    private void MustHoldAPlace()
    {
        if (PlaceRefusal() is { } refusal)
        {
            throw refusal;
        }
    }

    private DomainRuleException? PlaceRefusal() =>
        !IsActive ? new DomainRuleException("not_signed_up", "您未报名该班次", "You are not signed up for this shift.")
        : Status == SignUpStatus.Waiting ? new DomainRuleException("on_waiting_list", "您在候补名单中，尚未获得名额", "You are on the waiting list, without a place yet.")
        : null;
}

public enum HoursRecordKind
{
    Verified = 1,
    Corrected = 2,
}

/// <summary>The history of a sign-up's verified minutes: who set what, when, why, and what it paid. Append-only.</summary>
public sealed class HoursRecord : IAreaScoped, IAppendOnly
{
    private HoursRecord() { }

    public Guid Id { get; private set; }
    public Guid SignUpId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public HoursRecordKind Kind { get; private set; }
    public int? FromMinutes { get; private set; }
    public int ToMinutes { get; private set; }
    public string? Reason { get; private set; }
    public string ByUserId { get; private set; } = "";
    public string ByName { get; private set; } = "";
    public DateTime At { get; private set; }
    /// <summary>The ledger source this round was paid under.</summary>
    public string SourceRef { get; private set; } = "";
    public long Points { get; private set; }

    internal static HoursRecord Of(SignUp signUp, HoursRecordKind kind, int? from, int to, string? reason, string byUserId, string byName, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        SignUpId = signUp.Id,
        AreaPath = signUp.AreaPath,
        Kind = kind,
        FromMinutes = from,
        ToMinutes = to,
        Reason = reason,
        ByUserId = byUserId,
        ByName = byName,
        At = now,
        SourceRef = SignUp.AwardSourceRef(signUp.Id, signUp.AwardRound),
    };

    /// <summary>Set before the record is first saved (the award is made in the same transaction).</summary>
    internal void Paid(long points) => Points = points;
}
