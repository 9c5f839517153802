using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Photos;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Wishes;

internal sealed class WishConfiguration : IEntityTypeConfiguration<Wish>
{
    public void Configure(EntityTypeBuilder<Wish> b)
    {
        b.HasKey(w => w.Id);
        b.Property(w => w.Title).HasMaxLength(Wish.TitleMaxLength);
        b.Property(w => w.Story).HasMaxLength(Wish.StoryMaxLength);
        b.Property(w => w.MaskedName).HasMaxLength(40);
        b.Property(w => w.AreaPath).HasMaxLength(Area.PathMaxLength);
        b.Property(w => w.CommunityPath).HasMaxLength(Area.PathMaxLength);
        b.Property(w => w.PostedByUserId).HasMaxLength(450);
        b.Property(w => w.PostedByName).HasMaxLength(Wish.NameMaxLength);
        b.Property(w => w.ReviewedByUserId).HasMaxLength(450);
        b.Property(w => w.RejectionReason).HasMaxLength(Wish.NoteMaxLength);
        b.Property(w => w.ClaimerUserId).HasMaxLength(450);
        b.Property(w => w.ClaimerName).HasMaxLength(Wish.NameMaxLength);
        b.Property(w => w.FulfilmentNote).HasMaxLength(Wish.NoteMaxLength);
        b.Property(w => w.FulfilmentPhotoIds).HasMaxLength(Wish.MaxPhotos * 37);
        b.Property(w => w.ConfirmedByUserId).HasMaxLength(450);
        b.Property(w => w.Version).IsConcurrencyToken();
        b.Ignore(w => w.PhotoIds);
        b.HasIndex(w => new { w.CommunityPath, w.Status, w.PublishedAt });
        b.HasIndex(w => w.AreaPath);
        b.HasIndex(w => w.WisherPersonId);
        b.HasIndex(w => w.PostedByUserId);
        b.HasIndex(w => w.ClaimerUserId);
    }
}
