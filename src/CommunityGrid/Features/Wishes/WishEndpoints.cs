using CommunityGrid.Features.Photos;
using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Wishes;

public sealed record RejectWish([property: Required, MaxLength(Wish.NoteMaxLength)] string Reason);

internal static class WishEndpoints
{
    public static IServiceCollection AddWishes(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WishOptions>(configuration.GetSection("Wishes"));
        services.AddScoped<WishDesk>();
        return services;
    }

    public static RouteGroupBuilder MapWishes(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/wishes").WithTags("Wishes");
        group.MapPost("/", async (PostWish request, WishDesk desk, CancellationToken ct) =>
        {
            var wish = await desk.PostAsync(request, ct);
            return TypedResults.Created($"/api/wishes/{wish.Id}", wish);
        }).WithSummary("许愿: a resident posts a wish (or a grid worker / guardian for forPersonId); it waits for the community's check.");
        group.MapGet("/", (WishDesk desk, string? communityCode, WishStatus? status, bool? flagged, int? page, int? pageSize, CancellationToken ct) =>
            Ok(desk.CommunityListAsync(communityCode, status, flagged ?? false, page, pageSize, ct)))
            .WithSummary("The community's wishes for its staff, with unclaimedTooLong / stuckClaimed flags.");
        group.MapGet("/mine", (WishDesk desk, int? page, int? pageSize, CancellationToken ct) => Ok(desk.MineAsync(page, pageSize, ct)));
        group.MapGet("/claimed", (WishDesk desk, int? page, int? pageSize, CancellationToken ct) => Ok(desk.ClaimedAsync(page, pageSize, ct)));
        group.MapGet("/wall/{communityCode}", (string communityCode, WishDesk desk, WishStatus? status, int? page, int? pageSize, CancellationToken ct) =>
            Ok(desk.WallAsync(communityCode, status, page, pageSize, ct)))
            .AllowAnonymous().WithSummary("心愿墙: published wishes of a community with masked names; public.");
        group.MapGet("/{id:guid}", (Guid id, WishDesk desk, CancellationToken ct) => Ok(desk.GetAsync(id, ct)));
        group.MapPost("/{id:guid}/approve", (Guid id, WishDesk desk, CancellationToken ct) => Ok(desk.ApproveAsync(id, ct)));
        group.MapPost("/{id:guid}/reject", (Guid id, RejectWish r, WishDesk desk, CancellationToken ct) => Ok(desk.RejectAsync(id, r.Reason, ct)));
        group.MapPost("/{id:guid}/claim", (Guid id, ClaimWish? r, WishDesk desk, CancellationToken ct) => Ok(desk.ClaimAsync(id, r ?? new ClaimWish(null, null), ct)))
            .WithSummary("认领 by the caller, or for a volunteer team they are a member of (teamId); of parallel claims one wins, the rest get 409 already_claimed.");
        group.MapPost("/{id:guid}/give-up", (Guid id, WishDesk desk, CancellationToken ct) => Ok(desk.GiveUpAsync(id, ct)));
        group.MapPost("/{id:guid}/fulfil", (Guid id, FulfilWish r, WishDesk desk, CancellationToken ct) => Ok(desk.FulfilAsync(id, r, ct)))
            .WithSummary("实现 with a note and photo ids uploaded to /api/photos by the claimer.");
        group.MapPost("/{id:guid}/confirm", (Guid id, WishDesk desk, CancellationToken ct) => Ok(desk.ConfirmAsync(id, ct)))
            .WithSummary("确认 by the wisher (or who posted for them); pays the claimer the community's wish award once.");
        group.MapGet("/{id:guid}/photos/{photoId:guid}", async (Guid id, Guid photoId, WishDesk desk, IPhotoStore store, CancellationToken ct) =>
        {
            var photo = await desk.PhotoAsync(id, photoId, ct);
            var bytes = await store.ReadAsync(photo.Id, ct) ?? throw new NotFoundException("photo");
            return TypedResults.File(bytes, photo.ContentType);
        });
        return api;
    }

    private static async Task<Ok<T>> Ok<T>(Task<T> work) => TypedResults.Ok(await work);
}
