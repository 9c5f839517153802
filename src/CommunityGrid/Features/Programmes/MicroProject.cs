using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

/// <summary>
/// Where a micro-project stands: 提议 → 筛选 (against the year's budget) → 议事会表决 → 公示 → 实施 → 完成（评价）;
/// or 未入选 (screened out), 未通过 (the council did not approve it).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MicroProjectStatus>))]
public enum MicroProjectStatus
{
    Proposed = 1,
    ScreenedOut = 2,
    Voting = 3,
    NotApproved = 4,
    Publicised = 5,
    Implementing = 6,
    Completed = 7,
}

/// <summary>
/// 民生微实事: a small project (a ramp, benches, lighting) proposed for one community with a cost estimate.
/// The project guards the council vote itself: one vote per member (a member's second vote changes the first),
/// only while the vote is open and before it closes; the tally is taken once, at close. <see cref="Version"/> is
/// a concurrency token that every change bumps, so a vote racing the close, or two votes racing each other,
/// are settled by the database: the loser is retried on fresh data.
/// </summary>
public sealed class MicroProject : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 1000;
    public const int NoteMaxLength = 500;
    public const int NameMaxLength = 64;
    public const long MaxCostYuan = 5_000_000;
    public const int MaxPhotos = 6;

    private readonly List<CouncilVote> votes = [];
    private readonly List<Objection> objections = [];
    private readonly List<ProgressUpdate> updates = [];
    private readonly List<Evaluation> evaluations = [];

    private MicroProject() { }

    public Guid Id { get; private set; }
    /// <summary>The community's path.</summary>
    public string AreaPath { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public long CostYuan { get; private set; }
    /// <summary>The budget year (Beijing time of the proposal).</summary>
    public int Year { get; private set; }
    public string ProposedByUserId { get; private set; } = "";
    public string ProposedByName { get; private set; } = "";
    public DateTime ProposedAt { get; private set; }
    public MicroProjectStatus Status { get; private set; }
    public string? ScreeningNote { get; private set; }
    public DateTime? ScreenedAt { get; private set; }
    public DateTime? VoteOpenedAt { get; private set; }
    public DateTime? VoteClosesAt { get; private set; }
    public DateTime? VoteClosedAt { get; private set; }
    public CouncilDecision? Decision { get; private set; }
    public int VotesFor { get; private set; }
    public int VotesAgainst { get; private set; }
    public int VotesAbstain { get; private set; }
    public int CouncilSize { get; private set; }
    public DateTime? PublicityEndsAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<CouncilVote> Votes => votes;
    public IReadOnlyList<Objection> Objections => objections;
    public IReadOnlyList<ProgressUpdate> Updates => updates;
    public IReadOnlyList<Evaluation> Evaluations => evaluations;

    public static MicroProject Propose(string communityPath, string title, string? description, long costYuan, string userId, string name, DateTime now)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > TitleMaxLength)
        {
            throw new InvalidInputException("title_invalid", $"项目名称不能为空且不超过 {TitleMaxLength} 字", $"A project needs a title of at most {TitleMaxLength} characters.");
        }

        description = description?.Trim() ?? "";
        if (description.Length > DescriptionMaxLength)
        {
            throw new InvalidInputException("description_too_long", $"项目说明不超过 {DescriptionMaxLength} 字", $"The description is at most {DescriptionMaxLength} characters.");
        }

        if (costYuan is < 1 or > MaxCostYuan)
        {
            throw new InvalidInputException("cost_out_of_range", $"预算估算应为 1–{MaxCostYuan} 元", $"The cost estimate is 1–{MaxCostYuan} yuan.");
        }

        return new MicroProject
        {
            Id = Guid.CreateVersion7(),
            AreaPath = communityPath,
            Title = title,
            Description = description,
            CostYuan = costYuan,
            Year = BeijingTime.Date(now).Year,
            ProposedByUserId = userId,
            ProposedByName = name,
            ProposedAt = now,
            Status = MicroProjectStatus.Proposed,
        };
    }

    /// <summary>筛选通过: the estimate is committed to the year's budget (which may refuse) and the council's vote opens.</summary>
    public void ScreenIn(MicroProjectBudget budget, ResidentsCouncil council, string? note, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(council);
        OnlyWhile(MicroProjectStatus.Proposed, "not_proposed", "该项目不在待筛选状态", "The project is not waiting for screening.");
        if (budget.Year != Year || budget.AreaPath != AreaPath)
        {
            throw new InvalidOperationException("The budget is not this project's year and community.");
        }

        budget.Commit(CostYuan);
        Status = MicroProjectStatus.Voting;
        ScreeningNote = Note(note, required: false);
        ScreenedAt = now;
        VoteOpenedAt = now;
        VoteClosesAt = now.AddDays(council.VoteDays);
        Version++;
    }

    public void ScreenOut(string note, DateTime now)
    {
        OnlyWhile(MicroProjectStatus.Proposed, "not_proposed", "该项目不在待筛选状态", "The project is not waiting for screening.");
        ScreeningNote = Note(note, required: true);
        Status = MicroProjectStatus.ScreenedOut;
        ScreenedAt = now;
        Version++;
    }

    /// <summary>Whether the vote takes votes now: open and its closing time not reached.</summary>
    public bool VoteIsOpen(DateTime now) => Status == MicroProjectStatus.Voting && VoteClosesAt is { } closes && now < closes;

    /// <summary>
    /// 表决: one vote per member. A member who has voted changes their vote; the number of votes stays one per
    /// member. Refused when the vote is not open (before screening, after its closing time, or once closed).
    /// </summary>
    public CouncilVote Vote(Guid memberPersonId, VoteChoice choice, DateTime now)
    {
        if (!Enum.IsDefined(choice))
        {
            throw new InvalidInputException("choice_invalid", "请选择赞成、反对或弃权", "Choose For, Against or Abstain.");
        }

        if (!VoteIsOpen(now))
        {
            throw Status is MicroProjectStatus.Proposed or MicroProjectStatus.ScreenedOut
                ? new DomainRuleException("vote_not_open", "该项目尚未进入议事会表决", "The council vote on this project has not opened.")
                : new DomainRuleException("vote_closed", "表决已结束，不能再投票或改票", "The vote has closed; votes can no longer be cast or changed.");
        }

        var vote = votes.SingleOrDefault(v => v.PersonId == memberPersonId);
        if (vote is null)
        {
            vote = CouncilVote.Cast(Id, AreaPath, memberPersonId, choice, now);
            votes.Add(vote);
        }
        else
        {
            vote.Change(choice, now);
        }

        Version++;
        return vote;
    }

    /// <summary>
    /// 表决结束: the votes of the current members are counted once, by the council's rules. Approved → 公示 for
    /// the council's publicity period; otherwise 未通过 and the budget gets the estimate back.
    /// </summary>
    public CouncilDecision CloseVote(ResidentsCouncil council, IReadOnlyCollection<Guid> memberPersonIds, MicroProjectBudget budget, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(council);
        ArgumentNullException.ThrowIfNull(memberPersonIds);
        ArgumentNullException.ThrowIfNull(budget);
        if (Status != MicroProjectStatus.Voting)
        {
            throw Status == MicroProjectStatus.Proposed
                ? new DomainRuleException("vote_not_open", "该项目尚未进入议事会表决", "The council vote on this project has not opened.")
                : new DomainRuleException("vote_closed", "表决已结束", "The vote has closed already.");
        }

        var counted = votes.Where(v => memberPersonIds.Contains(v.PersonId)).ToList();
        var tally = new Tally(memberPersonIds.Count, counted.Count(v => v.Choice == VoteChoice.For), counted.Count(v => v.Choice == VoteChoice.Against),
            counted.Count(v => v.Choice == VoteChoice.Abstain));
        var decision = council.Rules.Decide(tally);
        CouncilSize = tally.Members;
        VotesFor = tally.For;
        VotesAgainst = tally.Against;
        VotesAbstain = tally.Abstain;
        Decision = decision;
        VoteClosedAt = now;
        if (decision == CouncilDecision.Approved)
        {
            Status = MicroProjectStatus.Publicised;
            PublicityEndsAt = now.AddDays(council.PublicityDays);
        }
        else
        {
            Status = MicroProjectStatus.NotApproved;
            budget.Release(CostYuan);
        }

        Version++;
        return decision;
    }

    public bool PublicityIsRunning(DateTime now) => Status == MicroProjectStatus.Publicised && PublicityEndsAt is { } ends && now < ends;

    /// <summary>异议: a resident objects with a reason, only during the publicity period, once each.</summary>
    public Objection RaiseObjection(Guid personId, string maskedName, string reason, DateTime now)
    {
        if (!PublicityIsRunning(now))
        {
            throw Status == MicroProjectStatus.Publicised || (int)Status > (int)MicroProjectStatus.Publicised
                ? new DomainRuleException("publicity_over", "公示期已结束，不能再提出异议", "The publicity period is over; objections are closed.")
                : new DomainRuleException("not_publicised", "该项目不在公示期", "The project is not being publicised.");
        }

        if (objections.Any(o => o.PersonId == personId))
        {
            throw new DomainRuleException("already_objected", "您已对该项目提出过异议", "You have objected to this project already.");
        }

        var objection = Objection.Of(Id, AreaPath, personId, maskedName, Note(reason, required: true, "reason_required") ?? "", now);
        objections.Add(objection);
        Version++;
        return objection;
    }

    /// <summary>开始实施: after the publicity period has ended.</summary>
    public void Start(DateTime now)
    {
        OnlyWhile(MicroProjectStatus.Publicised, "not_publicised", "该项目不在公示期，不能开始实施", "Only a publicised project can start.");
        if (PublicityIsRunning(now))
        {
            throw new DomainRuleException("publicity_running", "公示期尚未结束，不能开始实施", "The publicity period has not ended yet.");
        }

        Status = MicroProjectStatus.Implementing;
        StartedAt = now;
        Version++;
    }

    /// <summary>实施进展: a note and up to <see cref="MaxPhotos"/> photos, while the project is being implemented.</summary>
    public ProgressUpdate Report(string authorName, string note, IReadOnlyList<Guid> photoIds, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        OnlyWhile(MicroProjectStatus.Implementing, "not_implementing", "该项目不在实施中", "The project is not being implemented.");
        if (photoIds.Count > MaxPhotos)
        {
            throw new InvalidInputException("too_many_photos", $"最多上传 {MaxPhotos} 张照片", $"At most {MaxPhotos} photos.");
        }

        var update = ProgressUpdate.Of(Id, AreaPath, authorName, Note(note, required: true), photoIds, now);
        updates.Add(update);
        Version++;
        return update;
    }

    public void Complete(DateTime now)
    {
        OnlyWhile(MicroProjectStatus.Implementing, "not_implementing", "该项目不在实施中", "The project is not being implemented.");
        Status = MicroProjectStatus.Completed;
        CompletedAt = now;
        Version++;
    }

    /// <summary>评价: a resident rates the finished project (1–5) with a comment, once each.</summary>
    public Evaluation Evaluate(Guid personId, string maskedName, int rating, string? comment, DateTime now)
    {
        OnlyWhile(MicroProjectStatus.Completed, "not_completed", "项目完成后才能评价", "A project is evaluated once it is completed.");
        if (rating is < 1 or > 5)
        {
            throw new InvalidInputException("rating_out_of_range", "评分应为 1–5 分", "The rating is 1 to 5.");
        }

        if (evaluations.Any(e => e.PersonId == personId))
        {
            throw new DomainRuleException("already_evaluated", "您已评价过该项目", "You have evaluated this project already.");
        }

        var evaluation = Evaluation.Of(Id, AreaPath, personId, maskedName, rating, Note(comment, required: false) ?? "", now);
        evaluations.Add(evaluation);
        Version++;
        return evaluation;
    }

    private void OnlyWhile(MicroProjectStatus status, string code, string zh, string en)
    {
        if (Status != status)
        {
            throw new DomainRuleException(code, zh, en);
        }
    }

    private static string? Note(string? note, bool required, string code = "note_required")
    {
        note = note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            return required ? throw new InvalidInputException(code, "请填写说明", "A note is required.") : null;
        }

        return note.Length > NoteMaxLength
            ? throw new InvalidInputException("note_too_long", $"说明不超过 {NoteMaxLength} 字", $"The note is at most {NoteMaxLength} characters.")
            : note;
    }
}

/// <summary>One council member's vote on one project; unique per project and member in the database too.</summary>
public sealed class CouncilVote : IAreaScoped
{
    private CouncilVote() { }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public VoteChoice Choice { get; private set; }
    public DateTime CastAt { get; private set; }
    public DateTime? ChangedAt { get; private set; }

    internal static CouncilVote Cast(Guid projectId, string areaPath, Guid personId, VoteChoice choice, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), ProjectId = projectId, AreaPath = areaPath, PersonId = personId, Choice = choice, CastAt = now };

    internal void Change(VoteChoice choice, DateTime now)
    {
        Choice = choice;
        ChangedAt = now;
    }
}

/// <summary>异议 during the publicity period; the objector's name shows masked.</summary>
public sealed class Objection : IAreaScoped
{
    private Objection() { }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public string MaskedName { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTime At { get; private set; }

    internal static Objection Of(Guid projectId, string areaPath, Guid personId, string maskedName, string reason, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), ProjectId = projectId, AreaPath = areaPath, PersonId = personId, MaskedName = maskedName, Reason = reason, At = now };
}

/// <summary>实施进展: a note with photos of the work.</summary>
public sealed class ProgressUpdate : IAreaScoped
{
    private ProgressUpdate() { }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public string Note { get; private set; } = "";
    /// <summary>Photo ids, comma-separated.</summary>
    public string PhotoIdList { get; private set; } = "";
    public DateTime At { get; private set; }

    public IReadOnlyList<Guid> PhotoIds => [.. PhotoIdList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];

    internal static ProgressUpdate Of(Guid projectId, string areaPath, string authorName, string? note, IReadOnlyList<Guid> photoIds, DateTime now) =>
        new()
        {
            Id = Guid.CreateVersion7(), ProjectId = projectId, AreaPath = areaPath, AuthorName = authorName, Note = note ?? "",
            PhotoIdList = string.Join(',', photoIds.Distinct()), At = now,
        };
}

/// <summary>评价 of a completed project by one resident.</summary>
public sealed class Evaluation : IAreaScoped
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    private Evaluation() { }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public string MaskedName { get; private set; } = "";
    public int Rating { get; private set; }
    public string Comment { get; private set; } = "";
    public DateTime At { get; private set; }

    internal static Evaluation Of(Guid projectId, string areaPath, Guid personId, string maskedName, int rating, string comment, DateTime now) =>
        new() { Id = Guid.CreateVersion7(), ProjectId = projectId, AreaPath = areaPath, PersonId = personId, MaskedName = maskedName, Rating = rating, Comment = comment, At = now };
}
