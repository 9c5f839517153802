using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Programmes;

internal sealed class ResidentsCouncilConfiguration : IEntityTypeConfiguration<ResidentsCouncil>
{
    public void Configure(EntityTypeBuilder<ResidentsCouncil> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Ignore(c => c.Rules);
        b.HasIndex(c => c.AreaPath).IsUnique();
    }
}

internal sealed class CouncilMemberConfiguration : IEntityTypeConfiguration<CouncilMember>
{
    public void Configure(EntityTypeBuilder<CouncilMember> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(m => m.Name).HasMaxLength(MicroProject.NameMaxLength);
        b.HasIndex(m => new { m.CouncilId, m.PersonId }).IsUnique();
        b.HasIndex(m => m.AreaPath);
        b.HasOne<ResidentsCouncil>().WithMany().HasForeignKey(m => m.CouncilId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MicroProjectBudgetConfiguration : IEntityTypeConfiguration<MicroProjectBudget>
{
    public void Configure(EntityTypeBuilder<MicroProjectBudget> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.LeftYuan);
        b.HasIndex(x => new { x.AreaPath, x.Year }).IsUnique();
    }
}

internal sealed class MicroProjectConfiguration : IEntityTypeConfiguration<MicroProject>
{
    public void Configure(EntityTypeBuilder<MicroProject> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.Title).HasMaxLength(MicroProject.TitleMaxLength);
        b.Property(p => p.Description).HasMaxLength(MicroProject.DescriptionMaxLength);
        b.Property(p => p.ProposedByUserId).HasMaxLength(450);
        b.Property(p => p.ProposedByName).HasMaxLength(MicroProject.NameMaxLength);
        b.Property(p => p.ScreeningNote).HasMaxLength(MicroProject.NoteMaxLength);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasMany(p => p.Votes).WithOne().HasForeignKey(v => v.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Objections).WithOne().HasForeignKey(o => o.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Updates).WithOne().HasForeignKey(u => u.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Evaluations).WithOne().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Votes).HasField("votes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(p => p.Objections).HasField("objections").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(p => p.Updates).HasField("updates").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(p => p.Evaluations).HasField("evaluations").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(p => new { p.AreaPath, p.Status });
        b.HasIndex(p => new { p.AreaPath, p.Year });
    }
}

internal sealed class CouncilVoteConfiguration : IEntityTypeConfiguration<CouncilVote>
{
    public void Configure(EntityTypeBuilder<CouncilVote> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.AreaPath).HasMaxLength(Area.PathMaxLength);
        // One vote per member and project: two first votes at once from one member insert one row.
        b.HasIndex(v => new { v.ProjectId, v.PersonId }).IsUnique();
        b.HasIndex(v => v.AreaPath);
    }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(o => o.MaskedName).HasMaxLength(MicroProject.NameMaxLength);
        b.Property(o => o.Reason).HasMaxLength(MicroProject.NoteMaxLength);
        b.HasIndex(o => new { o.ProjectId, o.PersonId }).IsUnique();
        b.HasIndex(o => o.AreaPath);
    }
}

internal sealed class ProgressUpdateConfiguration : IEntityTypeConfiguration<ProgressUpdate>
{
    public void Configure(EntityTypeBuilder<ProgressUpdate> b)
    {
        b.HasKey(u => u.Id);
        b.Property(u => u.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(u => u.AuthorName).HasMaxLength(MicroProject.NameMaxLength);
        b.Property(u => u.Note).HasMaxLength(MicroProject.NoteMaxLength);
        b.Property(u => u.PhotoIdList).HasMaxLength(MicroProject.MaxPhotos * 37);
        b.Ignore(u => u.PhotoIds);
        b.HasIndex(u => u.AreaPath);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.MaskedName).HasMaxLength(MicroProject.NameMaxLength);
        b.Property(e => e.Comment).HasMaxLength(MicroProject.NoteMaxLength);
        // Once each: two evaluations at once from one resident insert one row.
        b.HasIndex(e => new { e.ProjectId, e.PersonId }).IsUnique();
        b.HasIndex(e => e.AreaPath);
    }
}

internal sealed class CommunityEventConfiguration : IEntityTypeConfiguration<CommunityEvent>
{
    public void Configure(EntityTypeBuilder<CommunityEvent> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.Title).HasMaxLength(CommunityEvent.TitleMaxLength);
        b.Property(e => e.Description).HasMaxLength(CommunityEvent.DescriptionMaxLength);
        b.Property(e => e.Place).HasMaxLength(CommunityEvent.PlaceMaxLength);
        b.Property(e => e.OrganiserUserId).HasMaxLength(450);
        b.Property(e => e.Version).IsConcurrencyToken();
        b.Ignore(e => e.SeatsLeft);
        b.HasIndex(e => new { e.AreaPath, e.StartsAt });
    }
}

internal sealed class EventSignUpConfiguration : IEntityTypeConfiguration<EventSignUp>
{
    public void Configure(EntityTypeBuilder<EventSignUp> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(s => s.UserId).HasMaxLength(450);
        // One seat per user and event: two sign-ups at once from one user take one seat.
        b.HasIndex(s => new { s.EventId, s.UserId }).IsUnique();
        b.HasIndex(s => s.UserId);
        b.HasOne<CommunityEvent>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobPostingConfiguration : IEntityTypeConfiguration<JobPosting>
{
    public void Configure(EntityTypeBuilder<JobPosting> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(p => p.Title).HasMaxLength(JobPosting.TitleMaxLength);
        b.Property(p => p.Description).HasMaxLength(JobPosting.TextMaxLength);
        b.Property(p => p.EmployerName).HasMaxLength(JobPosting.ShortMaxLength);
        b.Property(p => p.Hours).HasMaxLength(JobPosting.ShortMaxLength);
        b.Property(p => p.Place).HasMaxLength(JobPosting.ShortMaxLength);
        b.Property(p => p.PostedByUserId).HasMaxLength(450);
        b.HasIndex(p => new { p.AreaPath, p.ClosesOn });
    }
}

internal sealed class JobApplicationConfiguration : IEntityTypeConfiguration<JobApplication>
{
    public void Configure(EntityTypeBuilder<JobApplication> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(a => a.MaskedName).HasMaxLength(MicroProject.NameMaxLength);
        // Once per resident and posting, also when two applications arrive at once.
        b.HasIndex(a => new { a.PostingId, a.PersonId }).IsUnique();
        b.HasIndex(a => a.AreaPath);
        b.HasOne<JobPosting>().WithMany().HasForeignKey(a => a.PostingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrainingCourseConfiguration : IEntityTypeConfiguration<TrainingCourse>
{
    public void Configure(EntityTypeBuilder<TrainingCourse> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(c => c.Title).HasMaxLength(TrainingCourse.TitleMaxLength);
        b.Property(c => c.Description).HasMaxLength(JobPosting.TextMaxLength);
        b.Property(c => c.Place).HasMaxLength(JobPosting.ShortMaxLength);
        b.Property(c => c.OrganiserUserId).HasMaxLength(450);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Ignore(c => c.Enrolled);
        b.HasMany(c => c.Sessions).WithOne().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Enrolments).WithOne().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Sessions).HasField("sessions").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(c => c.Enrolments).HasField("enrolments").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(c => c.AreaPath);
    }
}

internal sealed class CourseSessionConfiguration : IEntityTypeConfiguration<CourseSession>
{
    public void Configure(EntityTypeBuilder<CourseSession> b)
    {
        b.HasKey(s => s.Id);
        b.HasIndex(s => new { s.CourseId, s.Number }).IsUnique();
    }
}

internal sealed class CourseEnrolmentConfiguration : IEntityTypeConfiguration<CourseEnrolment>
{
    public void Configure(EntityTypeBuilder<CourseEnrolment> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(e => e.UserId).HasMaxLength(450);
        b.Property(e => e.MaskedName).HasMaxLength(MicroProject.NameMaxLength);
        // One row per resident and course: two enrolments at once from one resident make one.
        b.HasIndex(e => new { e.CourseId, e.PersonId }).IsUnique();
        b.HasIndex(e => e.AreaPath);
    }
}

internal sealed class CourseAttendanceConfiguration : IEntityTypeConfiguration<CourseAttendance>
{
    public void Configure(EntityTypeBuilder<CourseAttendance> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.HasIndex(a => new { a.SessionId, a.PersonId }).IsUnique();
        b.HasIndex(a => new { a.CourseId, a.PersonId });
        b.HasOne<CourseSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
