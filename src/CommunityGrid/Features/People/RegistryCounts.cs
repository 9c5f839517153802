using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.People;

internal sealed class RegistryCounts(AppDbContext db) : IRegistryCounts
{
    public async Task<(int Households, int Residents)> CountAsync(Scope scope, string path, CancellationToken ct)
    {
        string[] under = [path];
        var households = await db.Households.AsNoTracking().InRegistryScope(scope).Under(under).CountAsync(ct);
        var residents = await db.People.AsNoTracking().InRegistryScope(scope).Under(under).CountAsync(ct);
        return (households, residents);
    }
}
