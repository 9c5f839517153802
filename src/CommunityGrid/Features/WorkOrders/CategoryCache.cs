using CommunityGrid.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// The catalogue and the districts' routing tables, read once and kept until an edit: every intake
/// needs both and they change a few times a year. Edits call <see cref="Invalidate"/> after commit.
/// One app process owns the database (docs/decisions/0004), so no other writer can make it stale.
/// </summary>
public sealed class CategoryCache(IServiceScopeFactory scopes)
{
    private volatile Snapshot? current;

    private sealed record Snapshot(
        IReadOnlyDictionary<string, WorkOrderCategory> ActiveByCode,
        IReadOnlyDictionary<Guid, WorkOrderCategory> ById,
        IReadOnlyDictionary<(string District, Guid Category), RouteTarget> Routes);

    public async Task<WorkOrderCategory?> ActiveAsync(string? code, CancellationToken ct = default) =>
        code is not null && (await SnapshotAsync(ct)).ActiveByCode.TryGetValue(code, out var c) ? c : null;

    /// <summary>
    /// The category of an existing order, retired ones included (an order keeps the category it was
    /// reported under): what a step's rules and its answer need, without a query.
    /// </summary>
    public async Task<WorkOrderCategory> OfAsync(Guid categoryId, CancellationToken ct = default)
    {
        if ((await SnapshotAsync(ct)).ById.TryGetValue(categoryId, out var cached))
        {
            return cached;
        }

        // Written by something other than the catalogue's edits (a seeder, a restore): read afresh once.
        Invalidate();
        return (await SnapshotAsync(ct)).ById.TryGetValue(categoryId, out var fresh) ? fresh
            : throw new InvalidOperationException($"Category {categoryId} is not in the catalogue.");
    }

    /// <summary>Where orders of <paramref name="category"/> go in <paramref name="districtCode"/>: the district's table, else the catalogue.</summary>
    public async Task<RouteTarget> RouteAsync(string districtCode, WorkOrderCategory category, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(category);
        return (await SnapshotAsync(ct)).Routes.TryGetValue((districtCode, category.Id), out var r) ? r : category.RoutesTo;
    }

    public void Invalidate() => current = null;

    private async ValueTask<Snapshot> SnapshotAsync(CancellationToken ct)
    {
        if (current is { } snapshot)
        {
            return snapshot;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var all = await db.WorkOrderCategories.AsNoTracking().ToListAsync(ct);
        var routes = await db.CategoryRoutes.AsNoTracking().ToListAsync(ct);
        // Two readers racing here both load; either result is current, so the last write wins harmlessly.
        return current = new Snapshot(
            all.Where(c => c.Active).ToDictionary(c => c.Code, StringComparer.Ordinal),
            all.ToDictionary(c => c.Id),
            routes.ToDictionary(r => (r.DistrictCode, r.CategoryId), r => r.RoutesTo));
    }
}
