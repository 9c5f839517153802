using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Governance;

/// <summary>Who scores an estate in a round.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssessmentParty>))]
public enum AssessmentParty
{
    /// <summary>社区</summary>
    Community = 1,
    /// <summary>业委会 / 物管会</summary>
    OwnersCommittee = 2,
    /// <summary>居民测评</summary>
    Residents = 3,
}

/// <summary>Where a criterion's value comes from: typed by the parties, or computed from the orders of the period.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionSource>))]
public enum CriterionSource
{
    /// <summary>打分</summary>
    Scored = 1,
    /// <summary>回访满意率 (satisfied or basically satisfied among rated orders)</summary>
    SatisfactionRate = 2,
    /// <summary>按时办结率</summary>
    OnTimeRate = 3,
    /// <summary>按时响应（签收）率</summary>
    ResponseRate = 4,
    /// <summary>一次办结率 (100 − redo rate)</summary>
    FirstTimeFixRate = 5,
    /// <summary>升级到街道的工单数 (100 − 20 each)</summary>
    StreetEscalations = 6,
}

[JsonConverter(typeof(JsonStringEnumConverter<ListColour>))]
public enum ListColour
{
    None = 0,
    /// <summary>黄榜</summary>
    Yellow = 1,
    /// <summary>红榜 (the bottom list: 红黄榜 warns, it does not praise)</summary>
    Red = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<RoundStatus>))]
public enum RoundStatus
{
    Open = 1,
    Closed = 2,
}

/// <summary>One weighted criterion of a template, copied into each round opened from it.</summary>
public sealed record CriterionSpec(string Code, string Name, int Weight, string Guidance, CriterionSource Source);

/// <summary>
/// 考核模板: the weighted criteria a community (or street) assesses its estates by. Weights are whole
/// percentages summing to 100; each criterion carries guidance for whoever scores it.
/// </summary>
public sealed class AssessmentTemplate : IAreaScoped
{
    public const int NameMaxLength = 64;
    public const int CodeMaxLength = 32;
    public const int GuidanceMaxLength = 200;
    public const int MaxCriteria = 12;

    private AssessmentTemplate() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public double RedBelow { get; private set; }
    public double YellowBelow { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>The criteria, one per line as stored (<see cref="CriteriaText"/>); read through <see cref="Criteria"/>.</summary>
    public string CriteriaText { get; private set; } = "";

    public IReadOnlyList<CriterionSpec> Criteria => CriteriaCodec.Read(CriteriaText);

    public static AssessmentTemplate Define(string name, string areaPath, IReadOnlyList<CriterionSpec> criteria, double redBelow, double yellowBelow, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        CriteriaAreWholeAndWeighted(criteria);
        if (!(redBelow >= 0 && redBelow < yellowBelow && yellowBelow <= 100))
        {
            throw new InvalidInputException("thresholds_invalid", "红榜线须低于黄榜线，且在 0–100 之间", "The red line must lie below the yellow line, both within 0–100.");
        }

        return new AssessmentTemplate
        {
            Id = Guid.CreateVersion7(),
            Name = name.Trim(),
            AreaPath = areaPath,
            RedBelow = redBelow,
            YellowBelow = yellowBelow,
            CreatedAt = now,
            CriteriaText = CriteriaCodec.Write(criteria),
        };
    }

    public static void CriteriaAreWholeAndWeighted(IReadOnlyList<CriterionSpec> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Count is 0 or > MaxCriteria)
        {
            throw new InvalidInputException("criteria_count", $"考核指标须为 1–{MaxCriteria} 项", $"A template has 1 to {MaxCriteria} criteria.");
        }

        if (criteria.Any(c => c.Weight is < 1 or > 100) || criteria.Sum(c => c.Weight) != 100)
        {
            throw new InvalidInputException("weights_must_sum_to_100", "各项权重须为正整数，合计 100", "Weights are positive whole numbers summing to 100.");
        }

        if (criteria.Select(c => c.Code).Distinct(StringComparer.Ordinal).Count() != criteria.Count)
        {
            throw new InvalidInputException("criterion_code_repeated", "指标编码不能重复", "Criterion codes must differ.");
        }

        if (criteria.Any(c => string.IsNullOrWhiteSpace(c.Code) || string.IsNullOrWhiteSpace(c.Name) || c.Code.Contains('|', StringComparison.Ordinal)
            || c.Name.Contains('|', StringComparison.Ordinal) || c.Guidance.Contains('|', StringComparison.Ordinal) || !Enum.IsDefined(c.Source)))
        {
            throw new InvalidInputException("criterion_invalid", "指标须有编码和名称，且不含竖线“|”", "A criterion needs a code and a name, without '|'.");
        }
    }
}

/// <summary>
/// A round's or template's criteria as text, one per line: code|name|weight|source|guidance. Plain text
/// keeps the model portable (no JSON column type) and the rows readable in either database.
/// </summary>
public static class CriteriaCodec
{
    public static string Write(IEnumerable<CriterionSpec> criteria) =>
        string.Join('\n', criteria.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Code}|{c.Name}|{c.Weight}|{c.Source}|{c.Guidance}")));

    public static IReadOnlyList<CriterionSpec> Read(string text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var p = line.Split('|', 5);
            return new CriterionSpec(p[0], p[1], int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), p.Length > 4 ? p[4] : "", Enum.Parse<CriterionSource>(p[3]));
        })];
}

/// <summary>
/// 考核评价: one quarter's assessment of the estates of a community. Opened from a template (its
/// criteria are copied, so editing the template later changes no round), scored by the parties until
/// the deadline, then closed: results are written once and the round never changes again.
/// </summary>
public sealed class AssessmentRound : IAreaScoped
{
    public const int NameMaxLength = 64;

    private AssessmentRound() { }

    public Guid Id { get; private set; }
    public Guid TemplateId { get; private set; }
    public string Name { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    /// <summary>"2026Q4": rounds of one period are ranked together per street.</summary>
    public string Period { get; private set; } = "";
    public DateOnly PeriodFrom { get; private set; }
    public DateOnly PeriodTo { get; private set; }
    public DateTime ScoringDeadline { get; private set; }
    public RoundStatus Status { get; private set; }
    public double RedBelow { get; private set; }
    public double YellowBelow { get; private set; }
    public string CriteriaText { get; private set; } = "";
    public string OpenedByUserId { get; private set; } = "";
    public DateTime OpenedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<CriterionSpec> Criteria => CriteriaCodec.Read(CriteriaText);

    public static AssessmentRound Open(AssessmentTemplate template, string communityPath, string districtCode, int year, int quarter, DateTime scoringDeadline, string userId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (quarter is < 1 or > 4 || year is < 2000 or > 2100)
        {
            throw new InvalidInputException("period_invalid", "考核期须为某年第 1–4 季度", "The period is a quarter (1–4) of a year.");
        }

        if (scoringDeadline <= now)
        {
            throw new InvalidInputException("deadline_in_the_past", "评分截止时间须晚于现在", "The scoring deadline must lie in the future.");
        }

        var from = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new AssessmentRound
        {
            Id = Guid.CreateVersion7(),
            TemplateId = template.Id,
            Name = $"{year}年第{"一二三四"[quarter - 1]}季度考核评价",
            AreaPath = communityPath,
            DistrictCode = districtCode,
            Period = $"{year}Q{quarter}",
            PeriodFrom = from,
            PeriodTo = from.AddMonths(3).AddDays(-1),
            ScoringDeadline = scoringDeadline,
            Status = RoundStatus.Open,
            RedBelow = template.RedBelow,
            YellowBelow = template.YellowBelow,
            CriteriaText = template.CriteriaText,
            OpenedByUserId = userId,
            OpenedAt = now,
        };
    }

    /// <summary>A closed round is history: nothing scores it, nothing closes it again.</summary>
    public void ClosedRoundsNeverChange()
    {
        if (Status == RoundStatus.Closed)
        {
            throw new DomainRuleException("round_closed", "本轮考核已结束，结果不可更改", "The round is closed; its results cannot change.");
        }
    }

    public void ScoresComeByTheDeadline(DateTime now)
    {
        ClosedRoundsNeverChange();
        if (now > ScoringDeadline)
        {
            throw new DomainRuleException("scoring_deadline_passed", "评分已截止", "The scoring deadline has passed.");
        }
    }

    public void Close(DateTime now)
    {
        ClosedRoundsNeverChange();
        Status = RoundStatus.Closed;
        ClosedAt = now;
        Version++;
    }
}

/// <summary>One party's marks for one estate in one round; each scorer scores an estate once.</summary>
public sealed class AssessmentScore : IAreaScoped
{
    public const int CommentMaxLength = 500;

    private AssessmentScore() { }

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    public Guid EstateId { get; private set; }
    public AssessmentParty Party { get; private set; }
    public string ScorerUserId { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    /// <summary>code=value per line (typed criteria only).</summary>
    public string MarksText { get; private set; } = "";
    public string? Comment { get; private set; }
    public DateTime At { get; private set; }

    public IReadOnlyDictionary<string, double> Marks => (MarksText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public static AssessmentScore Give(AssessmentRound round, Guid estateId, string estatePath, AssessmentParty party, string userId, IReadOnlyDictionary<string, double> marks, string? comment, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(marks);
        round.ScoresComeByTheDeadline(now);
        var typed = round.Criteria.Where(c => c.Source == CriterionSource.Scored).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        if (marks.Keys.Any(k => !typed.Contains(k)))
        {
            throw new InvalidInputException("criterion_not_scored_by_hand", "只能为打分类指标评分；数据类指标由系统按工单计算", "Only typed criteria are scored; computed ones come from the orders.");
        }

        if (marks.Count == 0 || marks.Values.Any(v => double.IsNaN(v) || v is < 0 or > 100))
        {
            throw new InvalidInputException("score_out_of_range", "每项评分须在 0–100 之间，且至少评一项", "Each mark lies within 0–100; give at least one.");
        }

        return new AssessmentScore
        {
            Id = Guid.CreateVersion7(),
            RoundId = round.Id,
            EstateId = estateId,
            Party = party,
            ScorerUserId = userId,
            AreaPath = estatePath,
            MarksText = string.Join('\n', marks.Select(m => $"{m.Key}={m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")),
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            At = now,
        };
    }
}

/// <summary>One estate's outcome of a closed round: written once at close, never changed.</summary>
public sealed class AssessmentResult : IAreaScoped
{
    private AssessmentResult() { }

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    public string Period { get; private set; } = "";
    public Guid EstateId { get; private set; }
    public string EstateName { get; private set; } = "";
    public Guid ManagerOrganisationId { get; private set; }
    public string ManagerName { get; private set; } = "";
    public string AreaPath { get; private set; } = "";
    public double? Total { get; private set; }
    public bool Incomplete { get; private set; }
    public int? Rank { get; private set; }
    public ListColour Colour { get; private set; }
    /// <summary>code|value (empty when none) per criterion, in the round's order.</summary>
    public string ValuesText { get; private set; } = "";
    public int ScoreCount { get; private set; }
    public DateTime At { get; private set; }

    public IReadOnlyDictionary<string, double?> Values => (ValuesText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('|', 2)).ToDictionary(p => p[0], p => p[1].Length == 0 ? (double?)null : double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public static AssessmentResult Of(AssessmentRound round, Guid estateId, string estateName, Guid managerId, string managerName, string areaPath,
        IReadOnlyList<(string Code, double? Value)> values, double? total, bool incomplete, int? rank, int scoreCount, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(values);
        return new AssessmentResult
        {
            Id = Guid.CreateVersion7(),
            RoundId = round.Id,
            Period = round.Period,
            EstateId = estateId,
            EstateName = estateName,
            ManagerOrganisationId = managerId,
            ManagerName = managerName,
            AreaPath = areaPath,
            Total = total,
            Incomplete = incomplete,
            Rank = rank,
            Colour = AssessmentScoring.Colour(total, round.RedBelow, round.YellowBelow),
            ValuesText = string.Join('\n', values.Select(v => $"{v.Code}|{v.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture)}")),
            ScoreCount = scoreCount,
            At = now,
        };
    }
}

/// <summary>Which owners' committee speaks for an estate in its assessment (业委会/物管会 of that estate).</summary>
public sealed class EstateCommittee
{
    private EstateCommittee() { }

    public Guid EstateId { get; private set; }
    public Guid OrganisationId { get; private set; }

    public static EstateCommittee Of(Guid estateId, Guid organisationId) => new() { EstateId = estateId, OrganisationId = organisationId };

    public void Replace(Guid organisationId) => OrganisationId = organisationId;
}
