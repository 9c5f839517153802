using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record DuplicateSuggestion(Guid Id, string Number, string Title, string Status, double DistanceMetres, DateTime CreatedAt);

/// <summary>
/// 疑似重复: open orders of the same category within 250 m from the last 30 days. Asked by every
/// intake (its answer lists them), by grid staff before a merge, and by the order page.
/// </summary>
public sealed class FindDuplicates(AppDbContext db, OrderSight sight)
{
    public const double RadiusMetres = 250;
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    private sealed record Candidate(Guid Id, string Number, string Title, WorkOrderStatus Status, double? Latitude, double? Longitude, DateTime CreatedAt);

    // Run on every intake: compiled once rather than translated from its expression tree each time.
    private static readonly Func<AppDbContext, Guid, Guid, DateTime, double, double, double, double, IAsyncEnumerable<Candidate>> Nearby =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, Guid categoryId, DateTime since, double latLo, double latHi, double lngLo, double lngHi) =>
            db.WorkOrders.AsNoTracking()
                .Where(o => o.Id != id && o.CategoryId == categoryId && o.CreatedAt >= since
                    && o.Status != WorkOrderStatus.Closed && o.Status != WorkOrderStatus.Cancelled && o.Status != WorkOrderStatus.Merged
                    && o.Latitude >= latLo && o.Latitude <= latHi && o.Longitude >= lngLo && o.Longitude <= lngHi)
                .Select(o => new Candidate(o.Id, o.Number, o.Title, o.Status, o.Latitude, o.Longitude, o.CreatedAt))
                .Take(50));

    /// <summary>The duplicates of an order the caller sees; out of sight is 404.</summary>
    public async Task<IReadOnlyList<DuplicateSuggestion>> RunAsync(Guid id, CancellationToken ct = default)
    {
        var caller = await sight.CallerAsync(ct);
        var order = await sight.Visible(caller, id).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new Infrastructure.NotFoundException("work order");
        return await OfAsync(order, ct);
    }

    /// <summary>The duplicates of an order in hand (just reported, or already loaded in the caller's sight).</summary>
    public async Task<IReadOnlyList<DuplicateSuggestion>> OfAsync(WorkOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Latitude is not { } lat || order.Longitude is not { } lng)
        {
            return [];
        }

        // A bounding box in degrees narrows the query; the exact distance is computed after.
        var dLat = RadiusMetres / 111_320.0;
        var dLng = RadiusMetres / (111_320.0 * Math.Cos(lat * Math.PI / 180));
        var found = new List<DuplicateSuggestion>();
        await foreach (var c in Nearby(db, order.Id, order.CategoryId, order.CreatedAt - Window, lat - dLat, lat + dLat, lng - dLng, lng + dLng).WithCancellation(ct))
        {
            var distance = Distance(lat, lng, c.Latitude!.Value, c.Longitude!.Value);
            if (distance <= RadiusMetres)
            {
                found.Add(new DuplicateSuggestion(c.Id, c.Number, c.Title, c.Status.ToString(), distance, c.CreatedAt));
            }
        }

        return [.. found.OrderBy(d => d.DistanceMetres)];
    }

    public static double Distance(double lat1, double lng1, double lat2, double lng2)
    {
        const double R = 6_371_000;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLng = (lng2 - lng1) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
