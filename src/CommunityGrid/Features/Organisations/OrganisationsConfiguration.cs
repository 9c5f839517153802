using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Organisations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
        b.Property(o => o.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(o => o.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
        b.Property(o => o.ContactName).HasMaxLength(Organisation.ContactNameMaxLength);
        b.Property(o => o.ContactPhone).HasMaxLength(Organisation.ContactPhoneMaxLength);
        b.Property(o => o.Address).HasMaxLength(Organisation.AddressMaxLength);
        b.HasIndex(o => o.AreaPath);
        b.HasIndex(o => o.Kind);
        b.HasOne<Area>().WithMany().HasForeignKey(o => o.AreaId).OnDelete(DeleteBehavior.Restrict);
        // The account's organisation, configured from this side: accounts sit below organisations in the layers.
        b.HasMany<AppUser>().WithOne().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EstateConfiguration : IEntityTypeConfiguration<Estate>
{
    public void Configure(EntityTypeBuilder<Estate> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Name).HasMaxLength(Estate.NameMaxLength);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
        b.HasIndex(e => e.AreaPath);
        b.HasOne<Area>().WithMany().HasForeignKey(e => e.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.ManagerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
