using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Stations;

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(Station.NameMaxLength);
        b.Property(s => s.Address).HasMaxLength(Station.AddressMaxLength);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.Facilities).HasConversion<int>();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => s.OrganisationId).IsUnique();
        b.HasIndex(s => s.AreaPath);
        b.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StationCheckInConfiguration : IEntityTypeConfiguration<StationCheckIn>
{
    public void Configure(EntityTypeBuilder<StationCheckIn> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(c => c.UserId).HasMaxLength(450);
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => new { c.StationId, c.Day });
        b.HasIndex(c => new { c.StationId, c.UserId, c.At });
        b.HasOne<Station>().WithMany().HasForeignKey(c => c.StationId).OnDelete(DeleteBehavior.Restrict);
    }
}
