using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record BookService(Guid? PersonId, [property: MaxLength(AllianceBooking.NoteMaxLength)] string? Note);

/// <summary>预约: a resident books a caring service, or staff book it for a resident they keep.</summary>
public sealed class BookCaringService(AppDbContext db, CurrentUser current, AllianceQueries queries, TimeProvider clock)
{
    /// <summary>
    /// Books for the caller (a resident) or for <see cref="BookService.PersonId"/> (staff who keep that
    /// resident). Capacity is counted under a lock of the offering's row so two bookings at once never
    /// overrun it.
    /// </summary>
    public async Task<BookingView> HandleAsync(Guid offeringId, BookService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var personId = request.PersonId ?? scope.PersonId
            ?? throw new DomainRuleException("not_a_resident", "请选择要预约服务的居民", "Choose the resident to book for.");
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null || (person.Id != scope.PersonId && !scope.KeepsRegistryOf(person.AreaPath)))
        {
            throw new NotFoundException("person");
        }

        var offering = await db.AllianceOfferings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offeringId, ct);
        if (offering is null || !(scope.BoundIn(offering.AreaPath) || scope.KeepsRegistryOf(offering.AreaPath)))
        {
            throw new NotFoundException("offering");
        }

        var booking = AllianceBooking.For(offering, person, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", request.Note, clock.GetUtcNow().UtcDateTime);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Lock the offering: bookings of one offering are counted one at a time.
            await db.AllianceOfferings.Where(o => o.Id == offeringId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Version, o => o.Version), ct);
            var period = booking.PeriodStart;
            var taken = await db.AllianceBookings.Where(b => b.OfferingId == offeringId && b.PeriodStart == period && b.Status != BookingStatus.Cancelled)
                .Select(b => b.PersonId).ToListAsync(ct);
            if (offering.BookingRefusal(person.AreaPath, person.CareTags, taken.Contains(person.Id), taken.Count) is { } refusal)
            {
                throw refusal;
            }

            db.AllianceBookings.Add(booking);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return await queries.BookingAsync(booking.Id, ct);
    }
}
