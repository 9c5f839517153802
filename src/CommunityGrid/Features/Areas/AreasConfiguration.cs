using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Areas;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Code).HasMaxLength(Area.CodeMaxLength);
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Name).HasMaxLength(Area.NameMaxLength);
        b.Property(a => a.Path).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(a => a.Path);
        b.HasIndex(a => new { a.ParentId, a.SortOrder });
        b.Property(a => a.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
        b.HasOne<Area>().WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.Level);
    }
}
