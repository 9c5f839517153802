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
