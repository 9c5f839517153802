using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Triage;

public enum ManualTriageStatus
{
    /// <summary>In the community's queue: the model was not sure enough to guess.</summary>
    Waiting = 1,

    /// <summary>Someone chose the category; the order exists.</summary>
    Dispatched = 2,
}

/// <summary>
/// 人工分派: a complaint the classifier was not sure about, waiting in its community's queue instead of being
/// guessed. Staff of the community choose the category; that makes the work order and keeps the choice as a
/// labelled example. <see cref="Version"/> settles two people choosing at once.
/// </summary>
public sealed class ManualTriage : IAreaScoped
{
    public const int TextMaxLength = TriageRules.TextMaxLength;
    public const int AddressMaxLength = WorkOrder.AddressMaxLength;

    private ManualTriage() { }

    public Guid Id { get; private set; }
    public string Text { get; private set; } = "";
    /// <summary>The place it concerns: the house or grid when known, else the community.</summary>
    public string AreaPath { get; private set; } = "";
    public WorkOrderOrigin Origin { get; private set; }
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public string? HouseCode { get; private set; }
    /// <summary>The place as the complaint wrote it.</summary>
    public string? Address { get; private set; }
    /// <summary>The 12345 ticket or the Open311 client.</summary>
    public string? ExternalReference { get; private set; }
    public string? RequesterName { get; private set; }
    public string? RequesterPhone { get; private set; }
    /// <summary>Who brought it in (user id, name, resident record): the order is registered as theirs.</summary>
    public string ReportedBy { get; private set; } = "";
    public string ReporterName { get; private set; } = "";
    public Guid? ReporterPersonId { get; private set; }
    /// <summary>The model's best guess and its probability, shown to whoever decides.</summary>
    public string? GuessedCategoryCode { get; private set; }
    public double GuessedConfidence { get; private set; }
    public ManualTriageStatus Status { get; private set; } = ManualTriageStatus.Waiting;
    public string? CategoryCode { get; private set; }
    public Guid? WorkOrderId { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public int Version { get; private set; }

    public static ManualTriage Queue(string text, string areaPath, WorkOrderOrigin origin, double? latitude, double? longitude, string? houseCode, string? address,
        string? externalReference, string? requesterName, string? requesterPhone, Actor reporter, CategoryGuess? guess, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrEmpty(areaPath);
        ArgumentNullException.ThrowIfNull(reporter);
        return new ManualTriage
        {
            Id = Guid.CreateVersion7(),
            Text = text.Length > TextMaxLength ? text[..TextMaxLength] : text,
            AreaPath = areaPath,
            Origin = origin,
            Latitude = latitude,
            Longitude = longitude,
            HouseCode = houseCode,
            Address = address is { Length: > AddressMaxLength } ? address[..AddressMaxLength] : address,
            ExternalReference = externalReference,
            RequesterName = requesterName,
            RequesterPhone = requesterPhone,
            ReportedBy = reporter.UserId,
            ReporterName = reporter.Name.Length > 64 ? reporter.Name[..64] : reporter.Name,
            ReporterPersonId = reporter.PersonId,
            GuessedCategoryCode = guess?.CategoryCode,
            GuessedConfidence = guess?.Confidence ?? 0,
            CreatedAt = now,
        };
    }

    /// <summary>The category is chosen and the order made; a second decision on the same complaint is refused.</summary>
    /// <summary>The reporter as the order's registration names them.</summary>
    public Actor Reporter => new(ReportedBy, ReporterName, null, ReporterPersonId, []);

    public void Dispatch(string categoryCode, Guid workOrderId, string decidedBy, DateTime now)
    {
        OnlyAWaitingComplaintIsDispatched();
        CategoryCode = categoryCode;
        WorkOrderId = workOrderId;
        DecidedBy = decidedBy;
        DecidedAt = now;
        Status = ManualTriageStatus.Dispatched;
        Version++;
    }

    public void OnlyAWaitingComplaintIsDispatched()
    {
        if (Status != ManualTriageStatus.Waiting)
        {
            throw new DomainRuleException("triage_already_dispatched", "该诉求已分派", "This complaint has been dispatched already.", RuleKind.Conflict);
        }
    }
}

/// <summary>
/// A labelled example from use: a person chose a category other than the model's first guess (the manual
/// queue, the hotline page). The retrain command learns from these beside the shipped corpus.
/// </summary>
public sealed class TriageCorrection
{
    private TriageCorrection() { }

    public Guid Id { get; private set; }
    public string Text { get; private set; } = "";
    public string CategoryCode { get; private set; } = "";
    public string? GuessedCategoryCode { get; private set; }
    public string Source { get; private set; } = "";
    public string CorrectedBy { get; private set; } = "";
    public DateTime At { get; private set; }

    public static TriageCorrection Of(string text, string categoryCode, string? guessed, string source, string correctedBy, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        Text = text.Length > TriageRules.TextMaxLength ? text[..TriageRules.TextMaxLength] : text,
        CategoryCode = categoryCode,
        GuessedCategoryCode = guessed,
        Source = source,
        CorrectedBy = correctedBy,
        At = now,
    };
}

/// <summary>
/// One run of the retrain command: accuracy on the held-back split before (the model in use) and after (the
/// candidate), whether the candidate replaced the model, and — when it did — the model itself, so that every
/// instance and every restart answers with it.
/// </summary>
public sealed class TriageTrainingRun
{
    private TriageTrainingRun() { }

    public Guid Id { get; private set; }
    public DateTime At { get; private set; }
    public int CorpusExamples { get; private set; }
    public int Corrections { get; private set; }
    public int HeldBack { get; private set; }
    public double Top1Before { get; private set; }
    public double Top3Before { get; private set; }
    public double Top1After { get; private set; }
    public double Top3After { get; private set; }
    public double TrainingSeconds { get; private set; }
    public bool Accepted { get; private set; }
    public string RunBy { get; private set; } = "";
    public byte[]? Model { get; private set; }

    public static TriageTrainingRun Of(DateTime at, int corpus, int corrections, Accuracy before, Accuracy after, TimeSpan took, string runBy, byte[]? acceptedModel)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new TriageTrainingRun
        {
            Id = Guid.CreateVersion7(),
            At = at,
            CorpusExamples = corpus,
            Corrections = corrections,
            HeldBack = after.Examples,
            Top1Before = before.Top1,
            Top3Before = before.Top3,
            Top1After = after.Top1,
            Top3After = after.Top3,
            TrainingSeconds = took.TotalSeconds,
            Accepted = acceptedModel is not null,
            RunBy = runBy,
            Model = acceptedModel,
        };
    }

    /// <summary>A candidate replaces the model only when it is at least as good on both measures.</summary>
    public static bool IsNoWorse(Accuracy before, Accuracy after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return after.Top1 >= before.Top1 && after.Top3 >= before.Top3;
    }
}

/// <summary>Limits of a complaint's text, written once for the request, the queue and the corrections.</summary>
public static class TriageRules
{
    public const int TextMaxLength = 2000;
}
