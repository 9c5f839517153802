using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

[JsonConverter(typeof(JsonStringEnumConverter<EnrolmentStatus>))]
public enum EnrolmentStatus
{
    Enrolled = 1,
    /// <summary>候补: on the waiting list, in order of <see cref="CourseEnrolment.QueueNumber"/>.</summary>
    Waiting = 2,
    Withdrawn = 3,
}

/// <summary>
/// A training course of the 巾帼阳光站 (e.g. six sessions of livestream selling): sessions, a capacity, enrolment
/// with a waiting list. The course holds its enrolments; <see cref="Version"/> is a concurrency token that every
/// enrolment change bumps, so of two enrolments for the last seat one takes it and the other is put on the
/// waiting list — no seat is given twice.
/// </summary>
public sealed class TrainingCourse : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int MaxCapacity = 500;
    public const int MaxSessions = 60;

    private readonly List<CourseSession> sessions = [];
    private readonly List<CourseEnrolment> enrolments = [];

    private TrainingCourse() { }

    public Guid Id { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string Place { get; private set; } = "";
    public int Capacity { get; private set; }
    public string OrganiserUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<CourseSession> Sessions => sessions;
    public IReadOnlyList<CourseEnrolment> Enrolments => enrolments;

    public int Enrolled => enrolments.Count(e => e.Status == EnrolmentStatus.Enrolled);

    public static TrainingCourse Plan(string communityPath, string title, string? description, string place, int capacity,
        IReadOnlyList<(DateTime StartsAt, DateTime EndsAt)> sessionTimes, string organiserUserId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(sessionTimes);
        if (capacity is < 1 or > MaxCapacity)
        {
            throw new InvalidInputException("invalid_capacity", $"名额应为 1–{MaxCapacity}", $"Capacity must be 1–{MaxCapacity}.");
        }

        if (sessionTimes.Count is 0 or > MaxSessions || sessionTimes.Any(s => s.EndsAt <= s.StartsAt))
        {
            throw new InvalidInputException("sessions_invalid", $"课程需要 1–{MaxSessions} 次课，每次结束晚于开始", $"A course has 1–{MaxSessions} sessions, each ending after it starts.");
        }

        var course = new TrainingCourse
        {
            Id = Guid.CreateVersion7(),
            AreaPath = communityPath,
            Title = JobPosting.Text(title, TitleMaxLength, "title_invalid", "课程名称"),
            Description = (description ?? "").Trim(),
            Place = JobPosting.Text(place, JobPosting.ShortMaxLength, "place_invalid", "上课地点"),
            Capacity = capacity,
            OrganiserUserId = organiserUserId,
            CreatedAt = now,
        };
        var number = 1;
        foreach (var (startsAt, endsAt) in sessionTimes.OrderBy(s => s.StartsAt))
        {
            course.sessions.Add(new CourseSession(Guid.CreateVersion7(), course.Id, number++, startsAt, endsAt));
        }

        return course;
    }

    /// <summary>报名: a seat while one is free, else the waiting list. Once per resident (a withdrawn resident may enrol again).</summary>
    public CourseEnrolment Enrol(Guid personId, string userId, string maskedName, DateTime now)
    {
        if (sessions.Count > 0 && now >= sessions.Max(s => s.StartsAt))
        {
            throw new DomainRuleException("course_over", "课程已结束报名", "The course no longer takes enrolments.");
        }

        if (enrolments.Any(e => e.PersonId == personId && e.Status != EnrolmentStatus.Withdrawn))
        {
            throw new DomainRuleException("already_enrolled", "您已报名该课程", "You have enrolled in this course already.");
        }

        var status = Enrolled < Capacity ? EnrolmentStatus.Enrolled : EnrolmentStatus.Waiting;
        var queue = enrolments.Count == 0 ? 1 : enrolments.Max(e => e.QueueNumber) + 1;
        var previous = enrolments.SingleOrDefault(e => e.PersonId == personId);
        CourseEnrolment enrolment;
        if (previous is not null)
        {
            previous.Rejoin(status, queue, now);
            enrolment = previous;
        }
        else
        {
            enrolment = new CourseEnrolment(Guid.CreateVersion7(), Id, AreaPath, personId, userId, maskedName, status, queue, now);
            enrolments.Add(enrolment);
        }

        Version++;
        return enrolment;
    }

    /// <summary>退出: a freed seat goes to the first on the waiting list.</summary>
    public CourseEnrolment? Withdraw(Guid personId, DateTime now)
    {
        var enrolment = enrolments.SingleOrDefault(e => e.PersonId == personId && e.Status != EnrolmentStatus.Withdrawn)
            ?? throw new DomainRuleException("not_enrolled", "您没有报名该课程", "You are not enrolled in this course.");
        var freed = enrolment.Status == EnrolmentStatus.Enrolled;
        enrolment.Leave(now);
        CourseEnrolment? promoted = null;
        if (freed)
        {
            promoted = enrolments.Where(e => e.Status == EnrolmentStatus.Waiting).OrderBy(e => e.QueueNumber).FirstOrDefault();
            promoted?.Promote(now);
        }

        Version++;
        return promoted;
    }

    /// <summary>签到 of an enrolled resident at one session, once.</summary>
    public CourseAttendance MarkAttendance(Guid sessionId, Guid personId, IEnumerable<CourseAttendance> already, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(already);
        var session = sessions.SingleOrDefault(s => s.Id == sessionId) ?? throw new NotFoundException("session");
        if (!enrolments.Any(e => e.PersonId == personId && e.Status == EnrolmentStatus.Enrolled))
        {
            throw new DomainRuleException("not_enrolled", "该居民不是本课程的正式学员", "The resident is not enrolled in this course.");
        }

        if (already.Any(a => a.SessionId == sessionId && a.PersonId == personId))
        {
            throw new DomainRuleException("already_attended", "已记录本次出勤", "The attendance was recorded already.");
        }

        return new CourseAttendance(Guid.CreateVersion7(), Id, session.Id, AreaPath, personId, now);
    }
}

public sealed record CourseSession(Guid Id, Guid CourseId, int Number, DateTime StartsAt, DateTime EndsAt);

public sealed class CourseEnrolment : IAreaScoped
{
    internal CourseEnrolment(Guid id, Guid courseId, string areaPath, Guid personId, string userId, string maskedName, EnrolmentStatus status, int queueNumber, DateTime at)
    {
        Id = id;
        CourseId = courseId;
        AreaPath = areaPath;
        PersonId = personId;
        UserId = userId;
        MaskedName = maskedName;
        Status = status;
        QueueNumber = queueNumber;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid CourseId { get; private set; }
    public string AreaPath { get; private set; }
    public Guid PersonId { get; private set; }
    public string UserId { get; private set; }
    public string MaskedName { get; private set; }
    public EnrolmentStatus Status { get; private set; }
    public int QueueNumber { get; private set; }
    public DateTime At { get; private set; }

    internal void Rejoin(EnrolmentStatus status, int queue, DateTime now)
    {
        Status = status;
        QueueNumber = queue;
        At = now;
    }

    internal void Leave(DateTime now)
    {
        Status = EnrolmentStatus.Withdrawn;
        At = now;
    }

    internal void Promote(DateTime now)
    {
        Status = EnrolmentStatus.Enrolled;
        At = now;
    }
}

/// <summary>出勤: one enrolled resident at one session; unique per session and person.</summary>
public sealed record CourseAttendance(Guid Id, Guid CourseId, Guid SessionId, string AreaPath, Guid PersonId, DateTime At) : IAreaScoped;
