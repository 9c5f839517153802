using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Points;

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
