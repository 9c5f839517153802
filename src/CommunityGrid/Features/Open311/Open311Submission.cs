using System.Security.Cryptography;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// What an Open311 client sent beside the order itself: its token, the client, the contact and
/// device fields GeoReport carries, the media URL and the attribute answers. The order is the
/// work order; this row only remembers how it came in.
/// </summary>
public sealed class Open311Submission
{
    public const int TokenLength = 32;
    public const int EmailMaxLength = 254;
    public const int IdMaxLength = 100;
    public const int MediaUrlMaxLength = 1000;

    private Open311Submission() { }

    public Guid Id { get; private set; }
    public Guid WorkOrderId { get; private set; }
    public Guid ClientId { get; private set; }
    public string Token { get; private set; } = "";
    public string? Email { get; private set; }
    public string? DeviceId { get; private set; }
    public string? AccountId { get; private set; }
    public string? MediaUrl { get; private set; }
    /// <summary>Attribute answers as JSON {code: value}.</summary>
    public string? AttributesJson { get; private set; }
    /// <summary>The order's district: every large table carries its partition key (SPEC: Citus).</summary>
    public string DistrictCode { get; private set; } = "";
    public DateTime SubmittedAt { get; private set; }

    public static Open311Submission Of(WorkOrder order, Open311Client client, string? email, string? deviceId, string? accountId, string? mediaUrl,
        string? attributesJson, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(client);
        return new Open311Submission
        {
            Id = Guid.CreateVersion7(),
            WorkOrderId = order.Id,
            ClientId = client.Id,
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenLength / 2)),
            Email = email,
            DeviceId = deviceId,
            AccountId = accountId,
            MediaUrl = mediaUrl,
            AttributesJson = attributesJson,
            DistrictCode = order.DistrictCode,
            SubmittedAt = now,
        };
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
