using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

/// <summary>Cancels a booking: who booked it, the resident, or the merchant.</summary>
public sealed class CancelBooking(AppDbContext db, CurrentUser current, AllianceQueries queries)
{
    public async Task<BookingView> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var booking = await db.AllianceBookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null || !AllianceQueries.MaySee(scope, booking))
        {
            throw new NotFoundException("booking");
        }

        booking.Cancel();
        await db.SaveOrRefuseAsync("not_booked", ct);
        return await queries.BookingAsync(id, ct);
    }
}
