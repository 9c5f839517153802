using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Notifications;

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.UserId).HasMaxLength(450);
        b.Property(m => m.Kind).HasMaxLength(32);
        b.Property(m => m.Title).HasMaxLength(InboxMessage.TitleMaxLength);
        b.Property(m => m.Text).HasMaxLength(InboxMessage.TextMaxLength);
        b.Property(m => m.TextEn).HasMaxLength(InboxMessage.TextMaxLength);
        b.Property(m => m.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(m => m.DistrictCode).HasMaxLength(6);
        b.HasIndex(m => new { m.UserId, m.EventId }).IsUnique();
        b.HasIndex(m => new { m.UserId, m.ReadAt, m.CreatedAt });
        b.HasIndex(m => new { m.UserId, m.CreatedAt });
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(m => m.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkOrderFollowerConfiguration : IEntityTypeConfiguration<WorkOrderFollower>
{
    public void Configure(EntityTypeBuilder<WorkOrderFollower> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.UserId).HasMaxLength(450);
        b.Property(f => f.Phone).HasMaxLength(20);
        b.Property(f => f.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(f => f.DistrictCode).HasMaxLength(6);
        b.HasIndex(f => new { f.WorkOrderId, f.MergedOrderId }).IsUnique();
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(f => f.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(WebhookSubscription.NameMaxLength);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.DistrictCode).HasMaxLength(6);
        b.Property(s => s.TargetUrl).HasMaxLength(WebhookSubscription.UrlMaxLength);
        b.Property(s => s.Secret).HasMaxLength(64);
        b.Property(s => s.EventKinds).HasMaxLength(WebhookSubscription.KindsMaxLength);
        b.Property(s => s.CreatedBy).HasMaxLength(450);
        b.HasIndex(s => new { s.AreaPath, s.Active });
        b.HasOne<Area>().WithMany().HasForeignKey(s => s.AreaId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(s => s.Kinds);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.Recipient).HasMaxLength(OutboxMessage.RecipientMaxLength);
        b.Property(m => m.EventKind).HasMaxLength(32);
        b.Property(m => m.DistrictCode).HasMaxLength(6);
        b.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        // One webhook row per event and subscription (SMS rows have no subscription: NULLs never collide).
        b.HasIndex(m => new { m.SubscriptionId, m.EventId }).IsUnique();
        // The processor's question: pending rows due now.
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => m.ClaimToken);
        b.HasIndex(m => m.EventId);
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(m => m.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(m => m.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
