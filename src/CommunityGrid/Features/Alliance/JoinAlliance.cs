using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record ApplyToAlliance([property: MaxLength(Area.CodeMaxLength)] string CommunityCode);

/// <summary>加入联盟: a merchant applies to join a community's alliance (again, after a refusal).</summary>
public sealed class JoinAlliance(AppDbContext db, CurrentUser current, AllianceQueries queries, TimeProvider clock)
{
    public async Task<MembershipView> HandleAsync(ApplyToAlliance request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var merchant = await queries.OwnMerchantAsync(scope, ct);
        var community = await Communities.ByCodeAsync(db, request.CommunityCode, ct);
        var membership = await db.AllianceMemberships.SingleOrDefaultAsync(m => m.AreaPath == community.Path && m.MerchantId == merchant.Id, ct);
        if (membership is null)
        {
            membership = AllianceMembership.Apply(community.Id, community.Path, merchant.Id, merchant.Name, scope.UserId!, clock.GetUtcNow().UtcDateTime);
            db.AllianceMemberships.Add(membership);
        }
        else
        {
            membership.ApplyAgain(scope.UserId!, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveOrRefuseAsync("already_applied", ct);
        return AllianceQueries.ToView(membership);
    }
}
