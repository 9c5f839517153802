using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Points;

internal sealed class PointsAccountConfiguration : IEntityTypeConfiguration<PointsAccount>
{
    public void Configure(EntityTypeBuilder<PointsAccount> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Name).HasMaxLength(PointsAccount.NameMaxLength);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(a => new { a.Kind, a.OwnerId }).IsUnique();
        b.HasIndex(a => a.AreaPath);
        b.Ignore(a => a.MayGoNegative);
    }
}

internal sealed class PointsTransferConfiguration : IEntityTypeConfiguration<PointsTransfer>
{
    public void Configure(EntityTypeBuilder<PointsTransfer> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.SourceRef).HasMaxLength(PointsTransfer.SourceRefMaxLength);
        b.Property(t => t.Memo).HasMaxLength(PointsTransfer.MemoMaxLength);
        b.Property(t => t.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(t => t.ActorUserId).HasMaxLength(450);
        // One source, one transfer: the database makes a double award impossible.
        b.HasIndex(t => new { t.Source, t.SourceRef }).IsUnique();
        b.HasIndex(t => new { t.FromAccountId, t.At });
        b.HasIndex(t => new { t.ToAccountId, t.At });
        b.HasIndex(t => new { t.AreaPath, t.At });
        b.HasIndex(t => t.ExpiresAt);
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(t => t.FromAccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(t => t.ToAccountId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("CK_PointsTransfers_Amount", "\"Amount\" > 0"));
    }
}

internal sealed class PointsPolicyConfiguration : IEntityTypeConfiguration<PointsPolicy>
{
    public void Configure(EntityTypeBuilder<PointsPolicy> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.TypeRates).HasMaxLength(400);
        b.HasIndex(p => p.AreaPath).IsUnique();
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}
