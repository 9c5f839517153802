using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Data;

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
        b.Property(a => a.DistrictCode).HasMaxLength(6);
        b.HasOne<Area>().WithMany().HasForeignKey(a => a.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => a.Level);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
        b.Property(p => p.IdNumber).HasMaxLength(Person.IdNumberLength);
        b.Property(p => p.Phone).HasMaxLength(Person.PhoneMaxLength);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.DistrictCode).HasMaxLength(6);
        b.Property(p => p.RelationToHead).HasMaxLength(16);
        b.Property(p => p.CareTags).HasConversion<int>();
        b.HasIndex(p => p.AreaPath);
        b.HasIndex(p => p.HouseholdId);
        // NULLs are distinct in a unique index on both databases: people without a number are fine.
        b.HasIndex(p => p.IdNumber).IsUnique();
        b.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Area>().WithMany().HasForeignKey(p => p.HouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.HasKey(h => h.Id);
        b.Property(h => h.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(h => h.DistrictCode).HasMaxLength(6);
        b.Property(h => h.Address).HasMaxLength(Household.AddressMaxLength);
        b.HasIndex(h => h.AreaPath);
        b.HasIndex(h => h.HouseId);
        b.HasOne<Area>().WithMany().HasForeignKey(h => h.HouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdSurveyConfiguration : IEntityTypeConfiguration<HouseholdSurvey>
{
    public void Configure(EntityTypeBuilder<HouseholdSurvey> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.DistrictCode).HasMaxLength(6);
        b.Property(s => s.SurveyorUserId).HasMaxLength(64);
        b.Property(s => s.SurveyorName).HasMaxLength(AppUser.DisplayNameMaxLength);
        b.Property(s => s.Note).HasMaxLength(HouseholdSurvey.NoteMaxLength);
        b.HasIndex(s => s.HouseholdId);
        b.HasOne<Household>().WithMany().HasForeignKey(s => s.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CareTagRecordConfiguration : IEntityTypeConfiguration<CareTagRecord>
{
    public void Configure(EntityTypeBuilder<CareTagRecord> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.DistrictCode).HasMaxLength(6);
        b.Property(r => r.Before).HasConversion<int>();
        b.Property(r => r.After).HasConversion<int>();
        b.Property(r => r.Reason).HasMaxLength(CareTagRecord.ReasonMaxLength);
        b.Property(r => r.SetByUserId).HasMaxLength(64);
        b.HasIndex(r => r.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<HouseholdSurvey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
        b.Property(o => o.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(o => o.DistrictCode).HasMaxLength(6);
        b.Property(o => o.ContactName).HasMaxLength(32);
        b.Property(o => o.ContactPhone).HasMaxLength(Person.PhoneMaxLength);
        b.Property(o => o.Address).HasMaxLength(200);
        b.HasIndex(o => o.AreaPath);
        b.HasIndex(o => o.Kind);
        b.HasOne<Area>().WithMany().HasForeignKey(o => o.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EstateConfiguration : IEntityTypeConfiguration<Estate>
{
    public void Configure(EntityTypeBuilder<Estate> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Name).HasMaxLength(Estate.NameMaxLength);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.DistrictCode).HasMaxLength(6);
        b.HasIndex(e => e.AreaPath);
        b.HasOne<Area>().WithMany().HasForeignKey(e => e.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.ManagerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
        b.HasOne<Person>().WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.UserId).HasMaxLength(450);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.DistrictCode).HasMaxLength(6);
        b.Property(r => r.Title).HasMaxLength(32);
        b.HasIndex(r => r.UserId);
        b.HasIndex(r => new { r.AreaId, r.Role });
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Area>().WithMany().HasForeignKey(r => r.AreaId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
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
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.SubjectType).HasMaxLength(64);
        b.Property(a => a.SubjectId).HasMaxLength(64);
        b.Property(a => a.Fields).HasMaxLength(200);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(a => a.RequestPath).HasMaxLength(300);
        b.HasIndex(a => new { a.AreaPath, a.Id });
        b.HasIndex(a => new { a.SubjectType, a.SubjectId });
    }
}
