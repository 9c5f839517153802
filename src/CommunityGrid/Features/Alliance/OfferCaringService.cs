using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record OfferService(
    [property: MaxLength(Area.CodeMaxLength)] string CommunityCode,
    ServiceKind Kind,
    [property: MaxLength(AllianceOffering.TitleMaxLength)] string Title,
    [property: MaxLength(AllianceOffering.DescriptionMaxLength)] string? Description,
    IReadOnlyList<CareTags>? EligibleTags,
    int Capacity,
    CapacityPeriod Period,
    [property: MaxLength(AllianceOffering.HoursMaxLength)] string? Hours);

/// <summary>An approved member offers a service: kind, eligible care tags, capacity per week or month, hours.</summary>
public sealed class OfferCaringService(AppDbContext db, CurrentUser current, AllianceQueries queries, TimeProvider clock)
{
    public async Task<OfferingView> HandleAsync(OfferService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var merchant = await queries.OwnMerchantAsync(scope, ct);
        var community = await Communities.ByCodeAsync(db, request.CommunityCode, ct);
        var membership = await db.AllianceMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.AreaPath == community.Path && m.MerchantId == merchant.Id, ct)
            ?? throw new DomainRuleException("not_an_alliance_member", "加入联盟的申请通过后才能发布服务", "The merchant must be an approved alliance member first.");
        var offering = AllianceOffering.Offer(membership, request.Kind, request.Title, request.Description, CareTagLabels.Combine(request.EligibleTags),
            request.Capacity, request.Period, request.Hours, clock.GetUtcNow().UtcDateTime);
        db.AllianceOfferings.Add(offering);
        await db.SaveInTransactionAsync(ct);
        return (await queries.OfferingViewsAsync(db.AllianceOfferings.AsNoTracking().Where(o => o.Id == offering.Id), ct))[0];
    }
}
