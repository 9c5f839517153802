using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record RecordVisit(Guid PersonId, DateTime? VisitedAt, [property: MaxLength(CareVisit.NoteMaxLength)] string Note, [property: MaxLength(CareVisit.NoteMaxLength)] string? Findings, bool NeedsFollowUp = false);

/// <summary>关爱走访: who visited a resident with care tags, when, and what they found.</summary>
public sealed class RecordCareVisit(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public async Task<VisitView> HandleAsync(RecordVisit request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PersonId, ct);
        if (person is null || !scope.KeepsRegistryOf(person.AreaPath))
        {
            throw new NotFoundException("person");
        }

        var visitedAt = request.VisitedAt is { } at ? BeijingTime.ToUtc(at) : clock.GetUtcNow().UtcDateTime;
        var visit = CareVisit.Record(person, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", visitedAt, request.Note, request.Findings, request.NeedsFollowUp, clock.GetUtcNow().UtcDateTime);
        db.CareVisits.Add(visit);
        await db.SaveInTransactionAsync(ct);
        return new VisitView(visit.Id, person.Id, person.Name, visit.VisitorName, visit.VisitedAt, visit.Note, visit.Findings, visit.NeedsFollowUp);
    }
}
