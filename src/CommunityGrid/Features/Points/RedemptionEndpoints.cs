using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Points;

public sealed record RedeemCodeRequest([property: Required, MaxLength(20)] string Code);

/// <summary>Spending points: shop, merchant offers, codes. Mapped inside the points group (/api/points/…).</summary>
internal static class RedemptionEndpoints
{
    public static IServiceCollection AddPointsShop(this IServiceCollection services)
    {
        services.AddOptions<PointsShopOptions>().BindConfiguration("Points");
        services.AddScoped<PointsShop>();
        services.AddScoped<PointsSweep>();
        services.AddHostedService<PointsSweepService>();
        return services;
    }

    public static RouteGroupBuilder MapPointsShop(this RouteGroupBuilder group)
    {
        group.MapGet("/shop", (PointsShop shop, int? page, int? pageSize, CancellationToken ct) => Ok(shop.ShopAsync(page, pageSize, ct)))
            .WithSummary("积分超市: the shop items and merchant offers of the caller's community.");
        group.MapPost("/shop/{itemId:guid}/redeem", Redeem).WithSummary("Redeem an item or offer: stock and points in one transaction; answers the one-time code.");
        group.MapGet("/codes", (PointsShop shop, int? page, int? pageSize, CancellationToken ct) => Ok(shop.MyCodesAsync(page, pageSize, ct)))
            .WithSummary("The caller's codes, newest first.");
        group.MapGet("/codes/{id:guid}", (Guid id, PointsShop shop, CancellationToken ct) => Ok(shop.MyCodeAsync(id, ct)));
        group.MapGet("/codes/{id:guid}/qr", Qr).WithSummary("The code as a QR code (SVG).");
        group.MapPost("/codes/{id:guid}/cancel", (Guid id, PointsShop shop, CancellationToken ct) => Ok(shop.CancelAsync(id, ct)))
            .WithSummary("Give an unused code back: points refunded, stock returned.");

        group.MapPost("/merchant/redeem", (RedeemCodeRequest r, PointsShop shop, CancellationToken ct) => Ok(shop.RedeemCodeAsync(r.Code, ct)))
            .WithSummary("核销: the merchant of the offer (a shop item: the community) uses the code; points move from escrow to them.");
        group.MapGet("/merchant/redemptions/today", (PointsShop shop, int? page, int? pageSize, CancellationToken ct) => Ok(shop.MerchantTodayAsync(page, pageSize, ct)));
        group.MapGet("/merchant/offers", (PointsShop shop, int? page, int? pageSize, CancellationToken ct) => Ok(shop.MerchantOffersAsync(page, pageSize, ct)));
        group.MapPost("/merchant/offers", AddOffer);
        group.MapPut("/merchant/offers/{id:guid}", (Guid id, ItemChange c, PointsShop shop, CancellationToken ct) => Ok(shop.ChangeOfferAsync(id, c, ct)));

        group.MapGet("/shop-items", (string communityCode, PointsShop shop, int? page, int? pageSize, CancellationToken ct) => Ok(shop.ShopItemsAsync(communityCode, page, pageSize, ct)))
            .WithSummary("A community's shop items, inactive ones included (its admins).");
        group.MapPost("/shop-items", AddShopItem);
        group.MapPut("/shop-items/{id:guid}", (Guid id, ItemChange c, PointsShop shop, CancellationToken ct) => Ok(shop.ChangeShopItemAsync(id, c, ct)));
        group.MapGet("/redemptions", (string communityCode, RedemptionStatus? status, PointsShop shop, int? page, int? pageSize, CancellationToken ct) =>
            Ok(shop.CommunityRedemptionsAsync(communityCode, status, page, pageSize, ct))).WithSummary("A community's codes, newest first (its admins).");
        return group;
    }

    private static async Task<Ok<T>> Ok<T>(Task<T> work) => TypedResults.Ok(await work);

    private static async Task<Created<RedemptionView>> Redeem(Guid itemId, PointsShop shop, CancellationToken ct)
    {
        var r = await shop.RedeemAsync(itemId, ct);
        return TypedResults.Created($"/api/points/codes/{r.Id}", r);
    }

    private static async Task<FileContentHttpResult> Qr(Guid id, PointsShop shop, CancellationToken ct)
    {
        var r = await shop.MyCodeAsync(id, ct);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(QrCodes.Svg(r.Code)), "image/svg+xml");
    }

    private static async Task<Created<ItemView>> AddOffer(ItemChange c, PointsShop shop, CancellationToken ct)
    {
        var item = await shop.AddOfferAsync(c, ct);
        return TypedResults.Created($"/api/points/merchant/offers/{item.Id}", item);
    }

    private static async Task<Created<ItemView>> AddShopItem(string communityCode, ItemChange c, PointsShop shop, CancellationToken ct)
    {
        var item = await shop.AddShopItemAsync(communityCode, c, ct);
        return TypedResults.Created($"/api/points/shop-items/{item.Id}", item);
    }
}
