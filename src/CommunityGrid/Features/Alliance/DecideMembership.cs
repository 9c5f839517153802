using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record RejectApplication([property: Required, MaxLength(AllianceMembership.NoteMaxLength)] string Reason);

/// <summary>The community's admins approve or refuse a merchant's application.</summary>
public sealed class DecideMembership(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public Task<MembershipView> ApproveAsync(Guid id, CancellationToken ct = default) => DecideAsync(id, (m, s) => m.Approve(s.UserId!, clock.GetUtcNow().UtcDateTime), ct);

    public Task<MembershipView> RejectAsync(Guid id, string reason, CancellationToken ct = default) => DecideAsync(id, (m, s) => m.Reject(s.UserId!, reason, clock.GetUtcNow().UtcDateTime), ct);

    private async Task<MembershipView> DecideAsync(Guid id, Action<AllianceMembership, Scope> decide, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var membership = await db.AllianceMemberships.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (membership is null || !(scope.Administers(membership.AreaPath) || scope.IsStaffOf(membership.AreaPath) || scope.OrganisationId == membership.MerchantId))
        {
            throw new NotFoundException("membership");
        }

        if (!scope.Administers(membership.AreaPath))
        {
            throw new DomainRuleException("not_community_admin", "只有社区管理员可以审批加入联盟", "Only the community's admins decide on members.");
        }

        decide(membership, scope);
        await db.SaveOrRefuseAsync("not_pending", ct);
        return AllianceQueries.ToView(membership);
    }
}
