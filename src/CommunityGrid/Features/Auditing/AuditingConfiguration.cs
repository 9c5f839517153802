using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Auditing;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.UserId).HasMaxLength(AppUser.IdMaxLength);
        b.Property(a => a.UserName).HasMaxLength(AppUser.UserNameMaxLength);
        b.Property(a => a.Action).HasMaxLength(16);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(a => new { a.AreaPath, a.Id });
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.Property(a => a.PrevHash).HasMaxLength(AuditChain.HashLength);
        b.Property(a => a.Hash).HasMaxLength(AuditChain.HashLength);
        // One row per link: two writers that read the same head cannot both append.
        b.HasIndex(a => a.ChainSeq).IsUnique();
    }
}

internal sealed class SensitiveReadConfiguration : IEntityTypeConfiguration<SensitiveRead>
{
    public void Configure(EntityTypeBuilder<SensitiveRead> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.UserId).HasMaxLength(AppUser.IdMaxLength);
        b.Property(a => a.UserName).HasMaxLength(AppUser.UserNameMaxLength);
        b.Property(a => a.SubjectType).HasMaxLength(64);
        b.Property(a => a.SubjectId).HasMaxLength(64);
        b.Property(a => a.Fields).HasMaxLength(200);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(a => a.RequestPath).HasMaxLength(300);
        b.HasIndex(a => new { a.AreaPath, a.Id });
        b.HasIndex(a => new { a.SubjectType, a.SubjectId });
    }
}
