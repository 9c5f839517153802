using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

internal sealed class AllianceMembershipConfiguration : IEntityTypeConfiguration<AllianceMembership>
{
    public void Configure(EntityTypeBuilder<AllianceMembership> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(m => m.MerchantName).HasMaxLength(AllianceMembership.NameMaxLength);
        b.Property(m => m.AppliedByUserId).HasMaxLength(450);
        b.Property(m => m.DecidedByUserId).HasMaxLength(450);
        b.Property(m => m.Note).HasMaxLength(AllianceMembership.NoteMaxLength);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => new { m.AreaPath, m.MerchantId }).IsUnique();
        b.HasIndex(m => m.MerchantId);
    }
}

internal sealed class AllianceOfferingConfiguration : IEntityTypeConfiguration<AllianceOffering>
{
    public void Configure(EntityTypeBuilder<AllianceOffering> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(o => o.MerchantName).HasMaxLength(AllianceMembership.NameMaxLength);
        b.Property(o => o.Title).HasMaxLength(AllianceOffering.TitleMaxLength);
        b.Property(o => o.Description).HasMaxLength(AllianceOffering.DescriptionMaxLength);
        b.Property(o => o.Hours).HasMaxLength(AllianceOffering.HoursMaxLength);
        b.Property(o => o.EligibleTags).HasConversion<int>();
        b.Property(o => o.Version).IsConcurrencyToken();
        b.HasIndex(o => new { o.AreaPath, o.Kind });
        b.HasIndex(o => o.MerchantId);
        b.HasOne<AllianceMembership>().WithMany().HasForeignKey(o => o.MembershipId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AllianceBookingConfiguration : IEntityTypeConfiguration<AllianceBooking>
{
    public void Configure(EntityTypeBuilder<AllianceBooking> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.PersonName).HasMaxLength(Person.NameMaxLength);
        b.Property(x => x.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(x => x.CommunityPath).HasMaxLength(Area.PathMaxLength);
        b.Property(x => x.BookedByUserId).HasMaxLength(450);
        b.Property(x => x.BookedByName).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(AllianceBooking.NoteMaxLength);
        b.Property(x => x.DeliveredByUserId).HasMaxLength(450);
        b.Property(x => x.DeliveryNote).HasMaxLength(AllianceBooking.NoteMaxLength);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OfferingId, x.PeriodStart });
        b.HasIndex(x => new { x.MerchantId, x.Status });
        b.HasIndex(x => new { x.CommunityPath, x.Status });
        b.HasIndex(x => x.AreaPath);
        b.HasIndex(x => x.PersonId);
        b.HasOne<AllianceOffering>().WithMany().HasForeignKey(x => x.OfferingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CareVisitConfiguration : IEntityTypeConfiguration<CareVisit>
{
    public void Configure(EntityTypeBuilder<CareVisit> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(v => v.VisitorUserId).HasMaxLength(450);
        b.Property(v => v.VisitorName).HasMaxLength(100);
        b.Property(v => v.Note).HasMaxLength(CareVisit.NoteMaxLength);
        b.Property(v => v.Findings).HasMaxLength(CareVisit.NoteMaxLength);
        b.HasIndex(v => new { v.PersonId, v.VisitedAt });
        b.HasIndex(v => v.AreaPath);
        b.HasOne<Person>().WithMany().HasForeignKey(v => v.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CareVisitIntervalConfiguration : IEntityTypeConfiguration<CareVisitInterval>
{
    public void Configure(EntityTypeBuilder<CareVisitInterval> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(i => i.Tag).HasConversion<int>();
        b.HasIndex(i => new { i.AreaPath, i.Tag }).IsUnique();
    }
}
