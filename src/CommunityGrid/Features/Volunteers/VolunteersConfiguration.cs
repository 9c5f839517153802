using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Volunteers;

internal sealed class VolunteerTeamConfiguration : IEntityTypeConfiguration<VolunteerTeam>
{
    public void Configure(EntityTypeBuilder<VolunteerTeam> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(VolunteerTeam.NameMaxLength);
        b.Property(t => t.Description).HasMaxLength(VolunteerTeam.DescriptionMaxLength);
        b.Property(t => t.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(t => t.OrganiserUserId).HasMaxLength(450);
        b.HasIndex(t => t.AreaPath);
        b.HasIndex(t => new { t.AreaId, t.Name }).IsUnique();
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(m => m.Skills).HasMaxLength(Skills.ColumnLength);
        b.HasIndex(m => new { m.TeamId, m.PersonId }).IsUnique();
        b.HasIndex(m => m.PersonId);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartyRegistrationConfiguration : IEntityTypeConfiguration<PartyRegistration>
{
    public void Configure(EntityTypeBuilder<PartyRegistration> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.EmployerName).HasMaxLength(PartyRegistration.EmployerMaxLength);
        b.Property(r => r.Skills).HasMaxLength(Skills.ColumnLength);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(r => r.PersonId).IsUnique();
        b.HasIndex(r => r.AreaPath);
        b.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VolunteerActivityConfiguration : IEntityTypeConfiguration<VolunteerActivity>
{
    public void Configure(EntityTypeBuilder<VolunteerActivity> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Title).HasMaxLength(VolunteerActivity.TitleMaxLength);
        b.Property(a => a.Description).HasMaxLength(VolunteerActivity.DescriptionMaxLength);
        b.Property(a => a.Address).HasMaxLength(VolunteerActivity.AddressMaxLength);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(a => a.OrganiserUserId).HasMaxLength(450);
        b.Property(a => a.OrganiserName).HasMaxLength(64);
        b.HasIndex(a => new { a.AreaPath, a.StartsAt });
        b.HasIndex(a => a.EndsAt);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Shifts).WithOne().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Shifts).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ActivityShiftConfiguration : IEntityTypeConfiguration<ActivityShift>
{
    public void Configure(EntityTypeBuilder<ActivityShift> b)
    {
        b.HasKey(s => s.Id);
        b.Ignore(s => s.LengthMinutes);
        b.HasIndex(s => new { s.ActivityId, s.StartsAt });
        b.ToTable(t => t.HasCheckConstraint("CK_ActivityShifts_Capacity", "\"Capacity\" > 0"));
    }
}

internal sealed class SignUpConfiguration : IEntityTypeConfiguration<SignUp>
{
    public void Configure(EntityTypeBuilder<SignUp> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.PersonName).HasMaxLength(Person.NameMaxLength);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.VerifiedByName).HasMaxLength(64);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.IsActive);
        // One row per person and shift: a second sign-up is refused, a cancelled one is taken up again.
        b.HasIndex(s => new { s.ShiftId, s.PersonId }).IsUnique();
        b.HasIndex(s => new { s.ShiftId, s.Status, s.QueueNumber });
        b.HasIndex(s => new { s.PersonId, s.SignedUpAt });
        b.HasIndex(s => s.ActivityId);
        b.HasOne<ActivityShift>().WithMany().HasForeignKey(s => s.ShiftId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerActivity>().WithMany().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HoursRecordConfiguration : IEntityTypeConfiguration<HoursRecord>
{
    public void Configure(EntityTypeBuilder<HoursRecord> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.Reason).HasMaxLength(SignUp.ReasonMaxLength);
        b.Property(r => r.ByUserId).HasMaxLength(450);
        b.Property(r => r.ByName).HasMaxLength(64);
        b.Property(r => r.SourceRef).HasMaxLength(80);
        b.HasIndex(r => new { r.SignUpId, r.At });
        b.HasOne<SignUp>().WithMany().HasForeignKey(r => r.SignUpId).OnDelete(DeleteBehavior.Restrict);
    }
}
