using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Governance;

[JsonConverter(typeof(JsonStringEnumConverter<MeetingStatus>))]
public enum MeetingStatus
{
    /// <summary>召开中: attendees, minutes and decisions are still being recorded.</summary>
    InSession = 1,
    /// <summary>已结束: the record is history and never changes.</summary>
    Concluded = 2,
}

/// <summary>
/// 联席会议: the monthly meeting of the chain (community, property company, owners' committee, police, grid…)
/// on an estate's matters. Attendees, agenda, minutes and decisions; each decision is a tracked work order.
/// Once concluded nothing about it changes.
/// </summary>
public sealed class JointMeeting : IAreaScoped
{
    public const int TitleMaxLength = 100;
    public const int AgendaMaxLength = 2000;
    public const int MinutesMaxLength = 4000;
    public const int MaxAttendees = 40;

    private readonly List<MeetingAttendee> attendees = [];
    private readonly List<MeetingDecision> decisions = [];

    private JointMeeting() { }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public Guid? EstateId { get; private set; }
    public DateTime HeldAt { get; private set; }
    public string Agenda { get; private set; } = "";
    public string? Minutes { get; private set; }
    public MeetingStatus Status { get; private set; }
    public string ConvenedByUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? ConcludedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<MeetingAttendee> Attendees => attendees;
    public IReadOnlyList<MeetingDecision> Decisions => decisions;

    public static JointMeeting Convene(string title, string communityPath, string districtCode, Guid? estateId, DateTime heldAt, string agenda,
        IReadOnlyList<(string Name, string Unit, bool Present)> attendance, string userId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(attendance);
        if (attendance.Count is 0 or > MaxAttendees)
        {
            throw new InvalidInputException("attendees_required", $"请登记参会人员（1–{MaxAttendees} 人）", $"List the attendees (1 to {MaxAttendees}).");
        }

        var meeting = new JointMeeting
        {
            Id = Guid.CreateVersion7(),
            Title = title.Trim(),
            AreaPath = communityPath,
            DistrictCode = districtCode,
            EstateId = estateId,
            HeldAt = heldAt,
            Agenda = agenda.Trim(),
            Status = MeetingStatus.InSession,
            ConvenedByUserId = userId,
            CreatedAt = now,
        };
        meeting.attendees.AddRange(attendance.Select(a => MeetingAttendee.Of(meeting.Id, a.Name, a.Unit, a.Present)));
        return meeting;
    }

    /// <summary>A concluded meeting is a record: no decision is added to it and its minutes stay as they were.</summary>
    public void PastMeetingsNeverChange()
    {
        if (Status == MeetingStatus.Concluded)
        {
            throw new DomainRuleException("meeting_concluded", "会议已结束，记录不可更改", "The meeting is concluded; its record cannot change.");
        }
    }

    public MeetingDecision Decide(string text, Guid? ownerOrganisationId, string ownerName, DateOnly deadline, Guid workOrderId, DateOnly today)
    {
        PastMeetingsNeverChange();
        EveryDecisionHasAnOwner(ownerOrganisationId);
        if (deadline < today)
        {
            throw new InvalidInputException("deadline_in_the_past", "办结期限不能早于今天", "The deadline cannot lie in the past.");
        }

        var decision = MeetingDecision.Of(Id, text, ownerOrganisationId!.Value, ownerName, deadline, workOrderId, AreaPath);
        decisions.Add(decision);
        Version++;
        return decision;
    }

    public static void EveryDecisionHasAnOwner(Guid? ownerOrganisationId)
    {
        if (ownerOrganisationId is null || ownerOrganisationId == Guid.Empty)
        {
            throw new InvalidInputException("decision_owner_required", "每项决议须指定责任单位", "Every decision needs an owner.");
        }
    }

    public void Conclude(string minutes, DateTime now)
    {
        PastMeetingsNeverChange();
        if (string.IsNullOrWhiteSpace(minutes))
        {
            throw new InvalidInputException("minutes_required", "结束会议前请填写会议纪要", "Write the minutes before concluding.");
        }

        Minutes = minutes.Trim();
        Status = MeetingStatus.Concluded;
        ConcludedAt = now;
        Version++;
    }
}

public sealed class MeetingAttendee
{
    public const int NameMaxLength = 32;
    public const int UnitMaxLength = 100;

    private MeetingAttendee() { }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public string Name { get; private set; } = "";
    public string Unit { get; private set; } = "";
    public bool Present { get; private set; }

    public static MeetingAttendee Of(Guid meetingId, string name, string unit, bool present) =>
        new() { Id = Guid.CreateVersion7(), MeetingId = meetingId, Name = name.Trim(), Unit = unit.Trim(), Present = present };
}

/// <summary>One decision of a joint meeting, carried by the work order made from it.</summary>
public sealed class MeetingDecision : IAreaScoped
{
    public const int TextMaxLength = 500;

    private MeetingDecision() { }

    public Guid Id { get; private set; }
    public Guid MeetingId { get; private set; }
    public string Text { get; private set; } = "";
    public Guid OwnerOrganisationId { get; private set; }
    public string OwnerName { get; private set; } = "";
    public DateOnly Deadline { get; private set; }
    public Guid WorkOrderId { get; private set; }
    public string AreaPath { get; private set; } = "";

    public static MeetingDecision Of(Guid meetingId, string text, Guid ownerId, string ownerName, DateOnly deadline, Guid workOrderId, string areaPath) => new()
    {
        Id = Guid.CreateVersion7(),
        MeetingId = meetingId,
        Text = text.Trim(),
        OwnerOrganisationId = ownerId,
        OwnerName = ownerName,
        Deadline = deadline,
        WorkOrderId = workOrderId,
        AreaPath = areaPath,
    };
}
