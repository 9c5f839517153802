using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

/// <summary>A merchant, or the community's admin, stops offering a service.</summary>
public sealed class WithdrawOffering(AppDbContext db, CurrentUser current, AllianceQueries queries)
{
    /// <summary>
    /// The merchant (or the community's admin) stops offering it: no new bookings; open ones stay to be
    /// delivered. Anyone else who can see the offering is refused (not_the_merchant), others get 404.
    /// </summary>
    public async Task<OfferingView> HandleAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var offering = await db.AllianceOfferings.SingleOrDefaultAsync(o => o.Id == id, ct);
        var allowed = offering is not null && ((scope.Has(Role.Merchant) && scope.OrganisationId == offering.MerchantId) || scope.Administers(offering.AreaPath));
        if (offering is null || !(allowed || scope.BoundIn(offering.AreaPath) || scope.KeepsRegistryOf(offering.AreaPath)))
        {
            throw new NotFoundException("offering");
        }

        if (!allowed)
        {
            throw new DomainRuleException("not_the_merchant", "只有提供服务的商家或社区管理员可以停止此项服务", "Only the merchant or the community's admins withdraw an offering.");
        }

        offering.Withdraw();
        await db.SaveOrRefuseAsync("already_withdrawn", ct);
        return (await queries.OfferingViewsAsync(db.AllianceOfferings.AsNoTracking().Where(o => o.Id == id), ct))[0];
    }
}
