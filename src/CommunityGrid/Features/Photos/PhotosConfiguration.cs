using System.Buffers.Binary;
using System.Security.Claims;
using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Photos;

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Photo> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.UploaderUserId).HasMaxLength(450);
        b.Property(p => p.ContentType).HasMaxLength(20);
        b.HasIndex(p => p.WorkOrderId);
    }
}
