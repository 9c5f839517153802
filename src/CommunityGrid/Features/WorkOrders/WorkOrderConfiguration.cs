using CommunityGrid.Features.Photos;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.WorkOrders;

internal sealed class WorkOrderCategoryConfiguration : IEntityTypeConfiguration<WorkOrderCategory>
{
    public void Configure(EntityTypeBuilder<WorkOrderCategory> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Code).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Name).HasMaxLength(WorkOrderCategory.NameMaxLength);
        b.Property(c => c.NameEn).HasMaxLength(80);
        b.Property(c => c.Open311Code).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.HasIndex(c => c.Open311Code);
        b.HasOne<WorkOrderCategory>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.AcceptLimit);
        b.Ignore(c => c.ResolveLimit);
    }
}

internal sealed class CategoryRouteConfiguration : IEntityTypeConfiguration<CategoryRoute>
{
    public void Configure(EntityTypeBuilder<CategoryRoute> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.DistrictCode).HasMaxLength(6);
        b.HasIndex(r => new { r.DistrictCode, r.CategoryId }).IsUnique();
        b.HasOne<WorkOrderCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkOrderConfiguration : IEntityTypeConfiguration<WorkOrder>
{
    public void Configure(EntityTypeBuilder<WorkOrder> b)
    {
        b.HasKey(o => o.Id);
        b.HasMany<Photo>().WithOne().HasForeignKey(p => p.WorkOrderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(o => o.Number).HasMaxLength(WorkOrder.NumberMaxLength);
        b.HasIndex(o => o.Number).IsUnique();
        b.Property(o => o.Title).HasMaxLength(WorkOrder.TitleMaxLength);
        b.Property(o => o.Description).HasMaxLength(WorkOrder.DescriptionMaxLength);
        b.Property(o => o.ExternalReference).HasMaxLength(WorkOrder.ExternalReferenceMaxLength);
        b.Property(o => o.Address).HasMaxLength(WorkOrder.AddressMaxLength);
        b.Property(o => o.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(o => o.DistrictCode).HasMaxLength(6);
        b.Property(o => o.RequesterUserId).HasMaxLength(450);
        b.Property(o => o.RequesterName).HasMaxLength(WorkOrder.RequesterNameMaxLength);
        b.Property(o => o.RequesterPhone).HasMaxLength(WorkOrder.RequesterPhoneMaxLength);
        b.Property(o => o.AssigneeUserId).HasMaxLength(450);
        b.Property(o => o.AssigneeName).HasMaxLength(WorkOrder.AssigneeNameMaxLength);
        b.Property(o => o.HandlerUserId).HasMaxLength(450);
        b.Property(o => o.HandlerName).HasMaxLength(WorkOrder.HandlerNameMaxLength);
        b.Property(o => o.DispatcherUserId).HasMaxLength(450);
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => new { o.AreaPath, o.Status });
        b.HasIndex(o => new { o.Status, o.ResolveDeadline });
        b.HasIndex(o => o.RequesterUserId);
        b.HasIndex(o => o.AssigneeUserId);
        b.HasIndex(o => o.AssigneeOrganisationId);
        b.HasIndex(o => new { o.CategoryId, o.CreatedAt });
        b.HasOne<WorkOrderCategory>().WithMany().HasForeignKey(o => o.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Area>().WithMany().HasForeignKey(o => o.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(o => o.Events).UsePropertyAccessMode(PropertyAccessMode.Field).HasField("events");
        b.Ignore(o => o.LastEvent);
        b.Ignore(o => o.IsOpen);
        b.Ignore(o => o.CommunityPath);
    }
}

internal sealed class WorkOrderEventConfiguration : IEntityTypeConfiguration<WorkOrderEvent>
{
    public void Configure(EntityTypeBuilder<WorkOrderEvent> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.DistrictCode).HasMaxLength(6);
        b.Property(e => e.ActorUserId).HasMaxLength(450);
        b.Property(e => e.ActorName).HasMaxLength(WorkOrderEvent.ActorNameMaxLength);
        b.Property(e => e.Kind).HasMaxLength(WorkOrderEvent.KindMaxLength);
        b.Property(e => e.Note).HasMaxLength(WorkOrderEvent.NoteMaxLength);
        b.Property(e => e.Photos).HasMaxLength(WorkOrderEvent.PhotosMaxLength);
        b.HasIndex(e => new { e.WorkOrderId, e.Seq }).IsUnique();
    }
}
