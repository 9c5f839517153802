using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Triage;

internal sealed class ManualTriageConfiguration : IEntityTypeConfiguration<ManualTriage>
{
    public void Configure(EntityTypeBuilder<ManualTriage> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Text).HasMaxLength(ManualTriage.TextMaxLength);
        b.Property(t => t.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(t => t.HouseCode).HasMaxLength(Area.CodeMaxLength);
        b.Property(t => t.Address).HasMaxLength(ManualTriage.AddressMaxLength);
        b.Property(t => t.ExternalReference).HasMaxLength(WorkOrder.ExternalReferenceMaxLength);
        b.Property(t => t.RequesterName).HasMaxLength(WorkOrder.RequesterNameMaxLength);
        b.Property(t => t.RequesterPhone).HasMaxLength(WorkOrder.RequesterPhoneMaxLength);
        b.Property(t => t.ReportedBy).HasMaxLength(256);
        b.Property(t => t.ReporterName).HasMaxLength(64);
        b.Property(t => t.GuessedCategoryCode).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.Property(t => t.CategoryCode).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.Property(t => t.DecidedBy).HasMaxLength(256);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.Status, t.AreaPath });
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(t => t.WorkOrderId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class TriageCorrectionConfiguration : IEntityTypeConfiguration<TriageCorrection>
{
    public void Configure(EntityTypeBuilder<TriageCorrection> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Text).HasMaxLength(TriageRules.TextMaxLength);
        b.Property(c => c.CategoryCode).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.Property(c => c.GuessedCategoryCode).HasMaxLength(WorkOrderCategory.CodeMaxLength);
        b.Property(c => c.Source).HasMaxLength(20);
        b.Property(c => c.CorrectedBy).HasMaxLength(256);
        b.HasIndex(c => c.At);
    }
}

internal sealed class TriageTrainingRunConfiguration : IEntityTypeConfiguration<TriageTrainingRun>
{
    public void Configure(EntityTypeBuilder<TriageTrainingRun> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.RunBy).HasMaxLength(256);
        b.HasIndex(r => r.At);
    }
}
