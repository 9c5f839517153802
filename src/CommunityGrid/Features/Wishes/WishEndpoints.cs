using CommunityGrid.Features.Photos;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Wishes;

internal static class WishEndpoints
{
    public static IServiceCollection AddWishes(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WishOptions>(configuration.GetSection("Wishes"));
        services.AddScoped<WishQueries>().AddScoped<MakeWish>().AddScoped<ReviewWish>().AddScoped<TakeOnWish>().AddScoped<GiveUpWish>()
            .AddScoped<MakeWishComeTrue>().AddScoped<ConfirmWish>();
        return services;
    }

    public static RouteGroupBuilder MapWishes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/wishes").WithTags("Wishes");
        group.MapPost("/", async (PostWish request, MakeWish make, CancellationToken ct) =>
        {
            var wish = await make.HandleAsync(request, ct);
            return TypedResults.Created($"/api/wishes/{wish.Id}", wish);
        }).WithSummary("许愿: a resident posts a wish (or a grid worker / guardian for forPersonId); it waits for the community's check.");
        group.MapGet("/", (WishQueries queries, string? communityCode, WishStatus? status, bool? flagged, int? page, int? pageSize, CancellationToken ct) =>
            Ok(queries.CommunityListAsync(communityCode, status, flagged ?? false, page, pageSize, ct)))
            .WithSummary("The community's wishes for its staff, with unclaimedTooLong / stuckClaimed flags.");
        group.MapGet("/mine", (WishQueries queries, int? page, int? pageSize, CancellationToken ct) => Ok(queries.MineAsync(page, pageSize, ct)));
        group.MapGet("/claimed", (WishQueries queries, int? page, int? pageSize, CancellationToken ct) => Ok(queries.ClaimedAsync(page, pageSize, ct)));
        group.MapGet("/wall/{communityCode}", (string communityCode, WishQueries queries, WishStatus? status, int? page, int? pageSize, CancellationToken ct) =>
            Ok(queries.WallAsync(communityCode, status, page, pageSize, ct)))
            .AllowAnonymous().WithSummary("心愿墙: published wishes of a community with masked names; public.");
        group.MapGet("/{id:guid}", (Guid id, WishQueries queries, CancellationToken ct) => Ok(queries.GetAsync(id, ct)));
        group.MapPost("/{id:guid}/approve", (Guid id, ReviewWish review, CancellationToken ct) => Ok(review.ApproveAsync(id, ct)));
        group.MapPost("/{id:guid}/reject", (Guid id, RejectWish r, ReviewWish review, CancellationToken ct) => Ok(review.RejectAsync(id, r.Reason, ct)));
        group.MapPost("/{id:guid}/claim", (Guid id, ClaimWish? r, TakeOnWish claim, CancellationToken ct) => Ok(claim.HandleAsync(id, r ?? new ClaimWish(null, null), ct)))
            .WithSummary("认领 by the caller, or for a volunteer team they are a member of (teamId); of parallel claims one wins, the rest get 409 already_claimed.");
        group.MapPost("/{id:guid}/give-up", (Guid id, GiveUpWish giveUp, CancellationToken ct) => Ok(giveUp.HandleAsync(id, ct)));
        group.MapPost("/{id:guid}/fulfil", (Guid id, FulfilWish r, MakeWishComeTrue fulfil, CancellationToken ct) => Ok(fulfil.HandleAsync(id, r, ct)))
            .WithSummary("实现 with a note and photo ids uploaded to /api/photos by the claimer.");
        group.MapPost("/{id:guid}/confirm", (Guid id, ConfirmWish confirm, CancellationToken ct) => Ok(confirm.HandleAsync(id, ct)))
            .WithSummary("确认 by the wisher (or who posted for them); pays the claimer the community's wish award once.");
        group.MapGet("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, WishQueries queries, IPhotoStore store, CancellationToken ct) =>
        {
            var photo = await queries.PhotoAsync(id, photoId, ct);
            var bytes = await store.ReadAsync(photo.Id, ct) ?? throw new NotFoundException("photo");
            return TypedResults.File(bytes, photo.ContentType);
        });
        return api;
    }

    private static async Task<Ok<T>> Ok<T>(Task<T> work) => TypedResults.Ok(await work);
}
