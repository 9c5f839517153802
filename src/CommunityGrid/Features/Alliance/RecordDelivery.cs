using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record DeliverService([property: MaxLength(AllianceBooking.NoteMaxLength)] string? Note, Guid? PhotoId);

/// <summary>服务完成: the merchant records that it gave the service.</summary>
public sealed class RecordDelivery(AppDbContext db, CurrentUser current, AllianceQueries queries, TimeProvider clock)
{
    /// <summary>The merchant records that it gave the service (note, optional photo uploaded to /api/photos).</summary>
    public async Task<BookingView> HandleAsync(Guid id, DeliverService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var booking = await db.AllianceBookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null || !AllianceQueries.MaySee(scope, booking))
        {
            throw new NotFoundException("booking");
        }

        if (!(scope.Has(Role.Merchant) && scope.OrganisationId == booking.MerchantId))
        {
            throw new DomainRuleException("not_the_merchant", "只有提供服务的商家可以登记服务完成", "Only the merchant records the delivery.");
        }

        if (request.PhotoId is { } photoId && !await db.Photos.AnyAsync(p => p.Id == photoId && p.UploaderUserId == scope.UserId && p.WorkOrderId == null, ct))
        {
            throw new InvalidInputException("photo_unknown", "照片不存在，请重新上传", "The photo was not found; upload it again.");
        }

        booking.Deliver(scope.UserId!, request.Note, request.PhotoId, clock.GetUtcNow().UtcDateTime);
        await db.SaveOrRefuseAsync("not_booked", ct);
        return await queries.BookingAsync(id, ct);
    }
}
