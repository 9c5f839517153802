using System.Text.Json.Serialization;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Programmes;

[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    /// <summary>居家灵活就业（手工计件）</summary>
    HomePiecework = 1,
    /// <summary>直播带货</summary>
    LivestreamSelling = 2,
    /// <summary>兼职</summary>
    PartTime = 3,
}

/// <summary>Who a posting suits (the 巾帼阳光站's groups); a set of flags.</summary>
[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<SuitedGroups>))]
public enum SuitedGroups
{
    None = 0,
    /// <summary>居家妈妈</summary>
    MothersAtHome = 1,
    /// <summary>残疾人</summary>
    DisabledResidents = 2,
    /// <summary>低龄老人</summary>
    YoungerRetirees = 4,
    /// <summary>待业青年</summary>
    JobSeekers = 8,
}

[JsonConverter(typeof(JsonStringEnumConverter<PayPer>))]
public enum PayPer
{
    Piece = 1,
    Hour = 2,
    Day = 3,
    Month = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<ApplicationOutcome>))]
public enum ApplicationOutcome
{
    Applied = 1,
    Interviewed = 2,
    Hired = 3,
    NotHired = 4,
}

/// <summary>Monthly income band of a placement: all the station records of what a placed resident earns.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncomeBand>))]
public enum IncomeBand
{
    Below1000 = 1,
    From1000To2000 = 2,
    From2000To3000 = 3,
    From3000 = 4,
}

/// <summary>
/// 就业共富平台: one piece of work the 巾帼阳光站 posts — home piecework, livestream selling or a part-time job
/// of an employer unit — with pay range, hours, place (or at home), who it suits and a closing date
/// (Beijing time, inclusive).
/// </summary>
public sealed class JobPosting : IAreaScoped
{
    public const int TitleMaxLength = 60;
    public const int TextMaxLength = 1000;
    public const int ShortMaxLength = 120;
    public const long MaxPayYuan = 1_000_000;

    private JobPosting() { }

    public Guid Id { get; private set; }
    public string AreaPath { get; private set; } = "";
    public JobKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid? EmployerId { get; private set; }
    public string EmployerName { get; private set; } = "";
    public long PayMinYuan { get; private set; }
    public long PayMaxYuan { get; private set; }
    public PayPer PayPer { get; private set; }
    public string Hours { get; private set; } = "";
    public bool AtHome { get; private set; }
    public string Place { get; private set; } = "";
    public SuitedGroups Suits { get; private set; }
    public DateOnly ClosesOn { get; private set; }
    public string PostedByUserId { get; private set; } = "";
    public DateTime PostedAt { get; private set; }

    public bool IsOpen(DateTime now) => BeijingTime.Date(now) <= ClosesOn;

    public static JobPosting Post(string communityPath, JobKind kind, string title, string? description, Guid? employerId, string employerName, long payMin, long payMax,
        PayPer payPer, string hours, bool atHome, string? place, SuitedGroups suits, DateOnly closesOn, string userId, DateTime now)
    {
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(payPer))
        {
            throw new InvalidInputException("kind_invalid", "请选择岗位类型和计酬方式", "Choose the kind of work and how it is paid.");
        }

        title = Text(title, TitleMaxLength, "title_invalid", "岗位名称");
        hours = Text(hours, ShortMaxLength, "hours_invalid", "工作时间");
        place = atHome ? "" : Text(place, ShortMaxLength, "place_invalid", "工作地点");
        if (payMin < 0 || payMax < payMin || payMax > MaxPayYuan)
        {
            throw new InvalidInputException("pay_invalid", "薪酬范围不正确", "The pay range is not valid.");
        }

        if (closesOn < BeijingTime.Date(now))
        {
            throw new InvalidInputException("closes_in_the_past", "截止日期已过", "The closing date has passed.");
        }

        return new JobPosting
        {
            Id = Guid.CreateVersion7(), AreaPath = communityPath, Kind = kind, Title = title, Description = (description ?? "").Trim(), EmployerId = employerId,
            EmployerName = employerName, PayMinYuan = payMin, PayMaxYuan = payMax, PayPer = payPer, Hours = hours, AtHome = atHome, Place = place, Suits = suits,
            ClosesOn = closesOn, PostedByUserId = userId, PostedAt = now,
        };
    }

    /// <summary>报名: while the posting is open, once per resident.</summary>
    public JobApplication Apply(Guid personId, string maskedName, DateTime now) =>
        IsOpen(now)
            ? JobApplication.Of(this, personId, maskedName, now)
            : throw new DomainRuleException("posting_closed", "该岗位已截止报名", "The posting has closed.");

    internal static string Text(string? text, int max, string code, string what)
    {
        text = (text ?? "").Trim();
        return text.Length is 0 || text.Length > max
            ? throw new InvalidInputException(code, $"请填写{what}（不超过 {max} 字）", $"Give the {code.Replace("_invalid", "", StringComparison.Ordinal)} (at most {max} characters).")
            : text;
    }
}

/// <summary>A resident's application to a posting and its outcome; the station sees a masked name and the outcome, nothing more.</summary>
public sealed class JobApplication : IAreaScoped
{
    private JobApplication() { }

    public Guid Id { get; private set; }
    public Guid PostingId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public Guid PersonId { get; private set; }
    public string MaskedName { get; private set; } = "";
    public ApplicationOutcome Outcome { get; private set; }
    public IncomeBand? IncomeBand { get; private set; }
    public DateTime AppliedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }

    internal static JobApplication Of(JobPosting posting, Guid personId, string maskedName, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), PostingId = posting.Id, AreaPath = posting.AreaPath, PersonId = personId, MaskedName = maskedName,
        Outcome = ApplicationOutcome.Applied, AppliedAt = now,
    };

    /// <summary>The station records the outcome: interviewed, hired (with an income band) or not hired. A final outcome stays.</summary>
    public void Record(ApplicationOutcome outcome, IncomeBand? band, DateTime now)
    {
        if (Outcome is ApplicationOutcome.Hired or ApplicationOutcome.NotHired)
        {
            throw new DomainRuleException("outcome_final", "该报名已有最终结果", "The application has a final outcome already.");
        }

        if (!Enum.IsDefined(outcome) || outcome == ApplicationOutcome.Applied)
        {
            throw new InvalidInputException("outcome_invalid", "请选择面试、录用或未录用", "Choose Interviewed, Hired or NotHired.");
        }

        if ((outcome == ApplicationOutcome.Hired) != (band is not null) || (band is { } b && !Enum.IsDefined(b)))
        {
            throw new InvalidInputException("income_band_invalid", "录用时填写收入区间，其他结果不填", "An income band goes with Hired, and only with it.");
        }

        Outcome = outcome;
        IncomeBand = band;
        DecidedAt = now;
    }
}
