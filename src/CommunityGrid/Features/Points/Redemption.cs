using System.Security.Cryptography;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points;

public enum RedemptionStatus
{
    /// <summary>The code is valid; its points are held in the community's escrow.</summary>
    Issued = 1,
    /// <summary>Used at the merchant or the shop; the points were settled.</summary>
    Redeemed = 2,
    /// <summary>Cancelled by the resident; the points were refunded.</summary>
    Cancelled = 3,
    /// <summary>Not used in time; the points were refunded by the sweep.</summary>
    Expired = 4,
}

/// <summary>
/// A resident's one-time code for one shop item or merchant offer. Issuing it took the stock and
/// moved the price into the community's escrow (one transaction). It ends exactly once: redeemed
/// (points settled to the merchant, or to the pool for shop items), cancelled or expired (points
/// refunded, stock returned). Status changes happen by guarded updates
/// (<c>… WHERE Status = 'Issued'</c>) so that two ends cannot both win. See docs/decisions/0011.
/// </summary>
public sealed class Redemption : IAreaScoped
{
    public const int CodeLength = 8;
    /// <summary>No 0/O, 1/I/L: a code read aloud or typed from a phone screen is unambiguous.</summary>
    public const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private Redemption() { }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public Guid ItemId { get; private set; }
    public string ItemName { get; private set; } = "";
    public Guid? MerchantId { get; private set; }
    public string? MerchantName { get; private set; }
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public Guid PersonAccountId { get; private set; }
    /// <summary>The community of the item (its shop, escrow and pool).</summary>
    public string AreaPath { get; private set; } = "";
    public long Price { get; private set; }
    public RedemptionStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    /// <summary>When it was redeemed, cancelled or expired.</summary>
    public DateTime? EndedAt { get; private set; }
    public string? RedeemedByUserId { get; private set; }

    internal static Redemption Issue(ShopItem item, Guid personId, string personName, Guid personAccountId, DateTime now, TimeSpan validFor) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = NewCode(),
        ItemId = item.Id,
        ItemName = item.Name,
        MerchantId = item.MerchantId,
        MerchantName = item.MerchantName,
        PersonId = personId,
        PersonName = personName,
        PersonAccountId = personAccountId,
        AreaPath = item.AreaPath,
        Price = item.Price,
        Status = RedemptionStatus.Issued,
        CreatedAt = now,
        ExpiresAt = now + validFor,
    };

    /// <summary>8 characters from a 31-letter alphabet (≈ 8.5 × 10¹¹ codes), from the OS's CSPRNG.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    /// <summary>What a person typed: case, spaces and dashes do not matter.</summary>
    public static string Normalise(string? typed) =>
        new([.. (typed ?? "").ToUpperInvariant().Where(c => !char.IsWhiteSpace(c) && c != '-')]);

    /// <summary>Why this code cannot be used now, as the refusal to send; null when it can.</summary>
    public DomainRuleException? CannotBeUsed(DateTime now) => Status switch
    {
        RedemptionStatus.Redeemed => new DomainRuleException("code_already_used", "该兑换码已使用", "The code was used already."),
        RedemptionStatus.Cancelled => new DomainRuleException("code_cancelled", "该兑换码已取消", "The code was cancelled."),
        RedemptionStatus.Expired => Expired(),
        _ when now >= ExpiresAt => Expired(),
        _ => null,
    };

    private static DomainRuleException Expired() => new("code_expired", "该兑换码已过期", "The code has expired.");
}
