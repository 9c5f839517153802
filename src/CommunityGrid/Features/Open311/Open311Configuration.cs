using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

internal sealed class Open311AttributeConfiguration : IEntityTypeConfiguration<Open311Attribute>
{
    public void Configure(EntityTypeBuilder<Open311Attribute> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Code).HasMaxLength(Open311Attribute.CodeMaxLength);
        b.Property(a => a.Description).HasMaxLength(Open311Attribute.DescriptionMaxLength);
        b.Property(a => a.DatatypeDescription).HasMaxLength(Open311Attribute.DescriptionMaxLength);
        b.Property(a => a.ValuesJson).HasMaxLength(4000);
        b.HasIndex(a => new { a.CategoryId, a.Code }).IsUnique();
        b.HasOne<WorkOrderCategory>().WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(a => a.Values);
        b.Ignore(a => a.IsList);
    }
}

internal sealed class Open311ClientConfiguration : IEntityTypeConfiguration<Open311Client>
{
    public void Configure(EntityTypeBuilder<Open311Client> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(Open311Client.NameMaxLength);
        b.Property(c => c.KeyHash).HasMaxLength(Open311Client.KeyHashLength);
        b.HasIndex(c => c.KeyHash).IsUnique();
        b.Property(c => c.IssuedBy).HasMaxLength(256);
        b.Property(c => c.RevokedBy).HasMaxLength(256);
        b.Ignore(c => c.IsActive);
    }
}

internal sealed class Open311SubmissionConfiguration : IEntityTypeConfiguration<Open311Submission>
{
    public void Configure(EntityTypeBuilder<Open311Submission> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Token).HasMaxLength(Open311Submission.TokenLength);
        b.HasIndex(s => s.Token).IsUnique();
        b.HasIndex(s => s.WorkOrderId).IsUnique();
        b.Property(s => s.Email).HasMaxLength(Open311Submission.EmailMaxLength);
        b.Property(s => s.DeviceId).HasMaxLength(Open311Submission.IdMaxLength);
        b.Property(s => s.AccountId).HasMaxLength(Open311Submission.IdMaxLength);
        b.Property(s => s.MediaUrl).HasMaxLength(Open311Submission.MediaUrlMaxLength);
        b.Property(s => s.AttributesJson).HasMaxLength(4000);
        b.Property(s => s.DistrictCode).HasMaxLength(6);
        b.HasOne<WorkOrder>().WithMany().HasForeignKey(s => s.WorkOrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Open311Client>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
