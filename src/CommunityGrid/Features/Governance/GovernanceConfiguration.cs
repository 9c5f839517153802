using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Governance;

internal sealed class AssessmentTemplateConfiguration : IEntityTypeConfiguration<AssessmentTemplate>
{
    public void Configure(EntityTypeBuilder<AssessmentTemplate> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(AssessmentTemplate.NameMaxLength);
        b.Property(t => t.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(t => t.CriteriaText).HasMaxLength(8000);
        b.Ignore(t => t.Criteria);
        b.HasIndex(t => t.AreaPath);
    }
}

internal sealed class AssessmentRoundConfiguration : IEntityTypeConfiguration<AssessmentRound>
{
    public void Configure(EntityTypeBuilder<AssessmentRound> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Name).HasMaxLength(AssessmentRound.NameMaxLength);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.DistrictCode).HasMaxLength(Area.CodeMaxLength);
        b.Property(r => r.Period).HasMaxLength(8);
        b.Property(r => r.CriteriaText).HasMaxLength(8000);
        b.Property(r => r.OpenedByUserId).HasMaxLength(450);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.Ignore(r => r.Criteria);
        // One round per community and quarter: two secretaries opening at once get one round and a 409.
        b.HasIndex(r => new { r.AreaPath, r.Period }).IsUnique();
        b.HasOne<AssessmentTemplate>().WithMany().HasForeignKey(r => r.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssessmentScoreConfiguration : IEntityTypeConfiguration<AssessmentScore>
{
    public void Configure(EntityTypeBuilder<AssessmentScore> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.ScorerUserId).HasMaxLength(450);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.MarksText).HasMaxLength(2000);
        b.Property(s => s.Comment).HasMaxLength(AssessmentScore.CommentMaxLength);
        b.Ignore(s => s.Marks);
        // Each scorer scores an estate once per round, settled by the database when two taps race.
        b.HasIndex(s => new { s.RoundId, s.EstateId, s.ScorerUserId }).IsUnique();
        b.HasIndex(s => s.AreaPath);
        b.HasOne<AssessmentRound>().WithMany().HasForeignKey(s => s.RoundId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Estate>().WithMany().HasForeignKey(s => s.EstateId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssessmentResultConfiguration : IEntityTypeConfiguration<AssessmentResult>
{
    public void Configure(EntityTypeBuilder<AssessmentResult> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Period).HasMaxLength(8);
        b.Property(r => r.EstateName).HasMaxLength(Estate.NameMaxLength);
        b.Property(r => r.ManagerName).HasMaxLength(Organisation.NameMaxLength);
        b.Property(r => r.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(r => r.ValuesText).HasMaxLength(2000);
        b.Ignore(r => r.Values);
        b.HasIndex(r => new { r.RoundId, r.EstateId }).IsUnique();
        b.HasIndex(r => new { r.AreaPath, r.Period });
        b.HasIndex(r => r.ManagerOrganisationId);
        b.HasOne<AssessmentRound>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EstateCommitteeConfiguration : IEntityTypeConfiguration<EstateCommittee>
{
    public void Configure(EntityTypeBuilder<EstateCommittee> b)
    {
        b.HasKey(c => c.EstateId);
        b.HasIndex(c => c.OrganisationId);
        b.HasOne<Estate>().WithMany().HasForeignKey(c => c.EstateId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class JointMeetingConfiguration : IEntityTypeConfiguration<JointMeeting>
{
    public void Configure(EntityTypeBuilder<JointMeeting> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.Title).HasMaxLength(JointMeeting.TitleMaxLength);
        b.Property(m => m.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(m => m.DistrictCode).HasMaxLength(Area.CodeMaxLength);
        b.Property(m => m.Agenda).HasMaxLength(JointMeeting.AgendaMaxLength);
        b.Property(m => m.Minutes).HasMaxLength(JointMeeting.MinutesMaxLength);
        b.Property(m => m.ConvenedByUserId).HasMaxLength(450);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => new { m.AreaPath, m.HeldAt });
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(m => m.Attendees).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(m => m.Decisions);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Name).HasMaxLength(MeetingAttendee.NameMaxLength);
        b.Property(a => a.Unit).HasMaxLength(MeetingAttendee.UnitMaxLength);
    }
}

internal sealed class MeetingDecisionConfiguration : IEntityTypeConfiguration<MeetingDecision>
{
    public void Configure(EntityTypeBuilder<MeetingDecision> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.Text).HasMaxLength(MeetingDecision.TextMaxLength);
        b.Property(d => d.OwnerName).HasMaxLength(Organisation.NameMaxLength);
        b.Property(d => d.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(d => d.MeetingId);
        b.HasIndex(d => d.WorkOrderId).IsUnique();
        b.HasOne<JointMeeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PatrolConfiguration : IEntityTypeConfiguration<Patrol>
{
    public void Configure(EntityTypeBuilder<Patrol> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.DistrictCode).HasMaxLength(Area.CodeMaxLength);
        b.Property(p => p.WorkerUserId).HasMaxLength(450);
        b.Property(p => p.WorkerName).HasMaxLength(64);
        b.Property(p => p.RouteText).HasMaxLength(Patrol.MaxPoints * 40);
        b.Property(p => p.Note).HasMaxLength(Patrol.NoteMaxLength);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Ignore(p => p.Route);
        b.Ignore(p => p.InProgress);
        b.HasIndex(p => new { p.AreaPath, p.StartedAt });
        b.HasIndex(p => new { p.WorkerUserId, p.StartedAt });
    }
}

internal sealed class PatrolFindingConfiguration : IEntityTypeConfiguration<PatrolFinding>
{
    public void Configure(EntityTypeBuilder<PatrolFinding> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(f => f.PatrolId);
        b.HasIndex(f => f.WorkOrderId).IsUnique();
        b.HasOne<Patrol>().WithMany().HasForeignKey(f => f.PatrolId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdVisitConfiguration : IEntityTypeConfiguration<HouseholdVisit>
{
    public void Configure(EntityTypeBuilder<HouseholdVisit> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(v => v.DistrictCode).HasMaxLength(Area.CodeMaxLength);
        b.Property(v => v.WorkerUserId).HasMaxLength(450);
        b.Property(v => v.WorkerName).HasMaxLength(64);
        b.Property(v => v.Note).HasMaxLength(HouseholdVisit.NoteMaxLength);
        b.HasIndex(v => new { v.AreaPath, v.VisitedAt });
        b.HasIndex(v => new { v.HouseholdId, v.VisitedAt });
        b.HasOne<People.Household>().WithMany().HasForeignKey(v => v.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DutyItemConfiguration : IEntityTypeConfiguration<DutyItem>
{
    public void Configure(EntityTypeBuilder<DutyItem> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(d => d.Text).HasMaxLength(DutyItem.TextMaxLength);
        b.Property(d => d.ApprovedByUserId).HasMaxLength(450);
        // Positions 1…10, unique per community: an eleventh item cannot slip in through a race.
        b.HasIndex(d => new { d.AreaPath, d.Position }).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("CK_DutyItems_Position", $"\"Position\" BETWEEN 1 AND {DutyItem.MaxItems}"));
    }
}
