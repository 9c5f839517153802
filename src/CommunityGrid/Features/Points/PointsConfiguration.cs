using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

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

internal sealed class ShopItemConfiguration : IEntityTypeConfiguration<ShopItem>
{
    public void Configure(EntityTypeBuilder<ShopItem> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(i => i.Name).HasMaxLength(ShopItem.NameMaxLength);
        b.Property(i => i.Description).HasMaxLength(ShopItem.DescriptionMaxLength);
        b.Property(i => i.MerchantName).HasMaxLength(Organisations.Organisation.NameMaxLength);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasIndex(i => new { i.AreaPath, i.Active });
        b.HasIndex(i => i.MerchantId);
        b.Ignore(i => i.IsMerchantOffer);
        b.ToTable(t => t.HasCheckConstraint("CK_ShopItems_Stock", "\"Stock\" >= 0"));
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Code).HasMaxLength(Redemption.CodeLength);
        b.HasIndex(r => r.Code).IsUnique();
        b.Property(r => r.ItemName).HasMaxLength(ShopItem.NameMaxLength);
        b.Property(r => r.MerchantName).HasMaxLength(Organisations.Organisation.NameMaxLength);
        b.Property(r => r.PersonName).HasMaxLength(100);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.RedeemedByUserId).HasMaxLength(450);
        b.HasIndex(r => new { r.PersonId, r.CreatedAt });
        b.HasIndex(r => new { r.MerchantId, r.EndedAt });
        b.HasIndex(r => new { r.AreaPath, r.CreatedAt });
        b.HasIndex(r => new { r.Status, r.ExpiresAt });
        b.HasOne<ShopItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}
