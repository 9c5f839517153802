using System.Globalization;
using System.Text.Json.Serialization;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Governance;

/// <summary>
/// 民情日志: one patrol of a grid worker — when it started and ended, the route points her phone took (or
/// she tapped), what she saw, and the orders her findings became.
/// </summary>
public sealed class Patrol : IAreaScoped
{
    public const int NoteMaxLength = 2000;
    public const int MaxPoints = 500;

    private Patrol() { }

    public Guid Id { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string WorkerUserId { get; private set; } = "";
    public string WorkerName { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    /// <summary>lat,lng,unix-seconds per line: plain text keeps the model the same on both databases.</summary>
    public string RouteText { get; private set; } = "";
    public int PointCount { get; private set; }
    public string? Note { get; private set; }
    public int Version { get; private set; }

    public bool InProgress => EndedAt is null;

    public IReadOnlyList<(double Lat, double Lng, DateTime At)> Route => [.. (RouteText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
    {
        var p = l.Split(',');
        return (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture),
            DateTime.UnixEpoch.AddSeconds(long.Parse(p[2], CultureInfo.InvariantCulture)));
    })];

    public static Patrol Start(string gridPath, string districtCode, string userId, string name, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        AreaPath = gridPath,
        DistrictCode = districtCode,
        WorkerUserId = userId,
        WorkerName = name,
        StartedAt = now,
    };

    public void OnlyTheWorkerWritesHerPatrol(string userId)
    {
        if (userId != WorkerUserId)
        {
            throw new DomainRuleException("not_your_patrol", "只能记录自己的巡查", "Only the worker who started the patrol records it.", RuleKind.Forbidden);
        }
    }

    public void EndedPatrolsNeverChange()
    {
        if (!InProgress)
        {
            throw new DomainRuleException("patrol_ended", "本次巡查已结束", "The patrol has ended.");
        }
    }

    public void AddPoint(string userId, double lat, double lng, DateTime now)
    {
        OnlyTheWorkerWritesHerPatrol(userId);
        EndedPatrolsNeverChange();
        if (PointCount >= MaxPoints)
        {
            throw new DomainRuleException("route_full", $"一次巡查最多记录 {MaxPoints} 个轨迹点", $"A patrol keeps at most {MaxPoints} route points.", RuleKind.Unprocessable);
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{lat:0.######},{lng:0.######},{(long)(now - DateTime.UnixEpoch).TotalSeconds}");
        RouteText = RouteText.Length == 0 ? line : RouteText + "\n" + line;
        PointCount++;
        Version++;
    }

    public void End(string userId, string? note, DateTime now)
    {
        OnlyTheWorkerWritesHerPatrol(userId);
        EndedPatrolsNeverChange();
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        EndedAt = now;
        Version++;
    }

    public double Hours(DateTime now) => ((EndedAt ?? now) - StartedAt).TotalHours;
}

/// <summary>A finding of a patrol: the work order it became.</summary>
public sealed class PatrolFinding : IAreaScoped
{
    private PatrolFinding() { }

    public Guid Id { get; private set; }
    public Guid PatrolId { get; private set; }
    public Guid WorkOrderId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public DateTime At { get; private set; }

    public static PatrolFinding Of(Patrol patrol, Guid workOrderId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(patrol);
        return new() { Id = Guid.CreateVersion7(), PatrolId = patrol.Id, WorkOrderId = workOrderId, AreaPath = patrol.AreaPath, At = now };
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<VisitOutcome>))]
public enum VisitOutcome
{
    /// <summary>见到本人</summary>
    Met = 1,
    /// <summary>家中无人</summary>
    NotHome = 2,
    /// <summary>谢绝走访</summary>
    Declined = 3,
}

/// <summary>入户走访: a grid worker's visit to a household, what came of it, the care needs she saw, and when to come back.</summary>
public sealed class HouseholdVisit : IAreaScoped
{
    public const int NoteMaxLength = 1000;
    public const int MaxDaysToNextVisit = 366;

    private HouseholdVisit() { }

    public Guid Id { get; private set; }
    public Guid HouseholdId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string WorkerUserId { get; private set; } = "";
    public string WorkerName { get; private set; } = "";
    public DateTime VisitedAt { get; private set; }
    public VisitOutcome Outcome { get; private set; }
    public CareTags CareTagsSeen { get; private set; }
    public string? Note { get; private set; }
    public DateOnly NextDueOn { get; private set; }

    public static HouseholdVisit Record(Household household, string userId, string name, VisitOutcome outcome, CareTags seen, string? note, DateOnly nextDueOn, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(household);
        var today = BeijingTime.Date(now);
        if (nextDueOn <= today || nextDueOn > today.AddDays(MaxDaysToNextVisit))
        {
            throw new InvalidInputException("next_visit_invalid", "下次走访日期须在今天之后一年之内", "The next visit falls after today and within a year.");
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new InvalidInputException("outcome_invalid", "请选择走访结果", "Choose the outcome of the visit.");
        }

        return new HouseholdVisit
        {
            Id = Guid.CreateVersion7(),
            HouseholdId = household.Id,
            AreaPath = household.AreaPath,
            DistrictCode = household.DistrictCode,
            WorkerUserId = userId,
            WorkerName = name,
            VisitedAt = now,
            Outcome = outcome,
            CareTagsSeen = seen,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            NextDueOn = nextDueOn,
        };
    }
}

/// <summary>
/// 网格员职责清单: one approved item of a community's duty list for its grid workers. At most
/// <see cref="MaxItems"/> items; <see cref="Position"/> 1…10 is unique per community, so two additions at
/// once cannot make an eleventh.
/// </summary>
public sealed class DutyItem : IAreaScoped
{
    public const int MaxItems = 10;
    public const int TextMaxLength = 100;

    private DutyItem() { }

    public Guid Id { get; private set; }
    public string AreaPath { get; private set; } = "";
    public int Position { get; private set; }
    public string Text { get; private set; } = "";
    public string ApprovedByUserId { get; private set; } = "";
    public DateTime ApprovedAt { get; private set; }

    public static void TheListHoldsAtMostTen(int count)
    {
        if (count > MaxItems)
        {
            throw new DomainRuleException("duty_list_full", $"网格员职责清单最多 {MaxItems} 项（减负增效：清单外事项不得随意派给网格员）",
                $"A grid worker's duty list holds at most {MaxItems} items.", RuleKind.Unprocessable);
        }
    }

    public static DutyItem Approve(string communityPath, int position, string text, string userId, DateTime now)
    {
        TheListHoldsAtMostTen(position);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("duty_text_required", "职责内容不能为空", "A duty needs its text.");
        }

        return new DutyItem { Id = Guid.CreateVersion7(), AreaPath = communityPath, Position = position, Text = text.Trim(), ApprovedByUserId = userId, ApprovedAt = now };
    }
}
