using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Points;

/// <summary>
/// Something a resident can get for points: an item of the community's points shop (积分超市,
/// no merchant; managed by the community) or a merchant's offer (e.g. 理发一次 50 积分; managed by
/// the merchant). Stock is taken by a guarded update when a code is issued and given back when a
/// code is cancelled or expires.
/// </summary>
public sealed class ShopItem : IAreaScoped
{
    public const int NameMaxLength = 60;
    public const int DescriptionMaxLength = 200;
    public const long MaxPrice = 100_000;
    public const int MaxStock = 100_000;

    private ShopItem() { }

    public Guid Id { get; private set; }
    /// <summary>The community whose residents may redeem it (its path).</summary>
    public string AreaPath { get; private set; } = "";
    /// <summary>The merchant organisation that offers it; null for the community's own shop.</summary>
    public Guid? MerchantId { get; private set; }
    public string? MerchantName { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public long Price { get; private set; }
    public int Stock { get; private set; }
    public bool Active { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>Bumped by every edit and every stock move, so an edit never overwrites a concurrent redemption.</summary>
    public int Version { get; private set; }

    public bool IsMerchantOffer => MerchantId is not null;

    public static ShopItem ForShop(string communityPath, string name, string? description, long price, int stock, DateTime now) =>
        Create(communityPath, null, null, name, description, price, stock, now);

    public static ShopItem ForMerchant(string communityPath, Guid merchantId, string merchantName, string name, string? description, long price, int stock, DateTime now) =>
        Create(communityPath, merchantId, merchantName, name, description, price, stock, now);

    private static ShopItem Create(string communityPath, Guid? merchantId, string? merchantName, string name, string? description, long price, int stock, DateTime now)
    {
        var item = new ShopItem
        {
            Id = Guid.CreateVersion7(),
            AreaPath = communityPath,
            MerchantId = merchantId,
            MerchantName = merchantName,
            CreatedAt = now,
            Active = true,
        };
        item.Change(name, description, price, stock, active: true, now);
        return item;
    }

    public void Change(string name, string? description, long price, int stock, bool active, DateTime now)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new InvalidInputException("item_name_invalid", $"名称不能为空且不超过 {NameMaxLength} 字", $"A name is required, at most {NameMaxLength} characters.");
        }

        if (description is { Length: > DescriptionMaxLength })
        {
            throw new InvalidInputException("item_description_invalid", $"说明不超过 {DescriptionMaxLength} 字", $"The description is at most {DescriptionMaxLength} characters.");
        }

        if (price is < 1 or > MaxPrice)
        {
            throw new InvalidInputException("item_price_invalid", $"积分价格应在 1–{MaxPrice} 之间", $"The price must be 1–{MaxPrice} points.");
        }

        if (stock is < 0 or > MaxStock)
        {
            throw new InvalidInputException("item_stock_invalid", $"库存应在 0–{MaxStock} 之间", $"Stock must be 0–{MaxStock}.");
        }

        Name = name;
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Price = price;
        Stock = stock;
        Active = active;
        UpdatedAt = now;
        Version++;
    }
}
