using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Alliance;

/// <summary>One visit (关爱走访) to a resident with care tags: who, when, what was found. A record: never edited.</summary>
public sealed class CareVisit : IAreaScoped, IAppendOnly
{
    public const int NoteMaxLength = 500;

    private CareVisit() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string VisitorUserId { get; private set; } = "";
    public string VisitorName { get; private set; } = "";
    public DateTime VisitedAt { get; private set; }
    public string Note { get; private set; } = "";
    public string? Findings { get; private set; }
    public bool NeedsFollowUp { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public static CareVisit Record(Person person, string visitorUserId, string visitorName, DateTime visitedAt, string note, string? findings, bool needsFollowUp, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(person);
        note = (note ?? "").Trim();
        if (note.Length is 0 or > NoteMaxLength || (findings?.Length ?? 0) > NoteMaxLength)
        {
            throw new InvalidInputException("note_required", $"请填写走访情况（不超过 {NoteMaxLength} 字）", $"Describe the visit (at most {NoteMaxLength} characters).");
        }

        if (visitedAt > now.AddMinutes(5) || visitedAt < now.AddDays(-30))
        {
            throw new InvalidInputException("visited_at_invalid", "走访时间应在近 30 天内且不晚于现在", "The visit must be within the last 30 days and not in the future.");
        }

        return new CareVisit
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            AreaPath = person.AreaPath,
            VisitorUserId = visitorUserId,
            VisitorName = visitorName,
            VisitedAt = visitedAt,
            Note = note,
            Findings = string.IsNullOrWhiteSpace(findings) ? null : findings.Trim(),
            NeedsFollowUp = needsFollowUp,
            RecordedAt = now,
        };
    }
}
