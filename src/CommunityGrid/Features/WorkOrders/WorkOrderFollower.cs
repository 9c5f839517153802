using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// 关注人: the requester of a duplicate merged into this order; they hear about the original's
/// progress as if it were their own.
/// </summary>
public sealed class WorkOrderFollower : IAreaScoped
{
    private WorkOrderFollower() { }

    public Guid Id { get; private set; }
    public Guid WorkOrderId { get; private set; }
    /// <summary>The duplicate that was merged into <see cref="WorkOrderId"/>.</summary>
    public Guid MergedOrderId { get; private set; }
    public string? UserId { get; private set; }
    public Guid? PersonId { get; private set; }
    public string? Phone { get; private set; }
    public string AreaPath { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static WorkOrderFollower Of(Guid originalId, Guid mergedOrderId, string? userId, Guid? personId, string? phone, string areaPath, string districtCode, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        WorkOrderId = originalId,
        MergedOrderId = mergedOrderId,
        UserId = userId,
        PersonId = personId,
        Phone = phone,
        AreaPath = areaPath,
        DistrictCode = districtCode,
        CreatedAt = now,
    };
}
