using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.People;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Name).HasMaxLength(Person.NameMaxLength);
        b.Property(p => p.IdNumber).HasMaxLength(Person.IdNumberLength);
        b.Property(p => p.Phone).HasMaxLength(Person.PhoneMaxLength);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
        b.Property(p => p.RelationToHead).HasMaxLength(16);
        b.Property(p => p.CareTags).HasConversion<int>();
        b.HasIndex(p => p.AreaPath);
        b.HasIndex(p => p.HouseholdId);
        // NULLs are distinct in a unique index on both databases: people without a number are fine.
        b.HasIndex(p => p.IdNumber).IsUnique();
        b.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Area>().WithMany().HasForeignKey(p => p.HouseId).OnDelete(DeleteBehavior.Restrict);
        // The account's resident record, configured from this side: accounts sit below people in the layers.
        b.HasMany<AppUser>().WithOne().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.HasKey(h => h.Id);
        b.Property(h => h.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(h => h.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
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
        b.Property(s => s.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
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
        b.Property(r => r.DistrictCode).HasMaxLength(Area.DistrictCodeLength);
        b.Property(r => r.Before).HasConversion<int>();
        b.Property(r => r.After).HasConversion<int>();
        b.Property(r => r.Reason).HasMaxLength(CareTagRecord.ReasonMaxLength);
        b.Property(r => r.SetByUserId).HasMaxLength(64);
        b.HasIndex(r => r.PersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<HouseholdSurvey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Restrict);
    }
}
