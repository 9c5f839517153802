using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Alliance;

internal static class AllianceEndpoints
{
    public static IServiceCollection AddAlliance(this IServiceCollection services) =>
        services.AddScoped<AllianceQueries>().AddScoped<JoinAlliance>().AddScoped<DecideMembership>().AddScoped<OfferCaringService>().AddScoped<WithdrawOffering>()
            .AddScoped<BookCaringService>().AddScoped<RecordDelivery>().AddScoped<CancelBooking>()
            .AddScoped<CareVisitQueries>().AddScoped<RecordCareVisit>().AddScoped<ChangeVisitIntervals>();

    public static RouteGroupBuilder MapAlliance(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/alliance").WithTags("Alliance");
        group.MapGet("/communities/{communityCode}", (string communityCode, AllianceQueries queries, CancellationToken ct) => Ok(queries.PageAsync(communityCode, ct)))
            .AllowAnonymous().WithSummary("爱心商家联盟 of a community: approved merchants, their offerings and deliveries by kind; public.");
        group.MapPost("/memberships", async (ApplyToAlliance r, JoinAlliance join, CancellationToken ct) =>
        {
            var m = await join.HandleAsync(r, ct);
            return TypedResults.Created($"/api/alliance/memberships/{m.Id}", m);
        }).WithSummary("A merchant applies to join a community's alliance.");
        group.MapGet("/memberships", (AllianceQueries queries, string? communityCode, MembershipStatus? status, int? page, int? pageSize, CancellationToken ct) =>
            Ok(queries.MembershipsAsync(communityCode, status, page, pageSize, ct)));
        group.MapPost("/memberships/{id:guid}/approve", (Guid id, DecideMembership decide, CancellationToken ct) => Ok(decide.ApproveAsync(id, ct)));
        group.MapPost("/memberships/{id:guid}/reject", (Guid id, RejectApplication r, DecideMembership decide, CancellationToken ct) => Ok(decide.RejectAsync(id, r.Reason, ct)));
        group.MapPost("/offerings", async (OfferService r, OfferCaringService offer, CancellationToken ct) =>
        {
            var o = await offer.HandleAsync(r, ct);
            return TypedResults.Created($"/api/alliance/offerings/{o.Id}", o);
        }).WithSummary("An approved member offers a service: kind, eligible care tags, capacity per week or month, hours.");
        group.MapPost("/offerings/{id:guid}/withdraw", (Guid id, WithdrawOffering withdraw, CancellationToken ct) => Ok(withdraw.HandleAsync(id, ct)))
            .WithSummary("The merchant (or the community's admin) stops offering it: no new bookings, open ones stay to be delivered; already_withdrawn when done twice.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/offerings", (AllianceQueries queries, string? communityCode, CancellationToken ct) => Ok(queries.OfferingsAsync(communityCode, ct)));
        group.MapPost("/offerings/{id:guid}/bookings", async (Guid id, BookService r, BookCaringService book, CancellationToken ct) =>
        {
            var b = await book.HandleAsync(id, r, ct);
            return TypedResults.Created($"/api/alliance/bookings/{b.Id}", b);
        }).WithSummary("Book for the caller or a resident they keep (personId); refusals: not_eligible, fully_booked, already_booked.");
        group.MapGet("/bookings", (AllianceQueries queries, BookingStatus? status, int? page, int? pageSize, CancellationToken ct) => Ok(queries.BookingsAsync(status, page, pageSize, ct)));
        group.MapGet("/bookings/{id:guid}", (Guid id, AllianceQueries queries, CancellationToken ct) => Ok(queries.BookingAsync(id, ct)));
        group.MapPost("/bookings/{id:guid}/deliver", (Guid id, DeliverService r, RecordDelivery deliver, CancellationToken ct) => Ok(deliver.HandleAsync(id, r, ct)));
        group.MapPost("/bookings/{id:guid}/cancel", (Guid id, CancelBooking cancel, CancellationToken ct) => Ok(cancel.HandleAsync(id, ct)));

        var visits = api.MapGroup("/care-visits").WithTags("CareVisits");
        visits.MapGet("/due", (CareVisitQueries queries, bool? overdue, int? page, int? pageSize, CancellationToken ct) => Ok(queries.DueAsync(overdue ?? false, page, pageSize, ct)))
            .WithSummary("Residents with care tags in the caller's scope, never visited and most overdue first, with their next due date.");
        visits.MapPost("/", async (RecordVisit r, RecordCareVisit record, CancellationToken ct) =>
        {
            var v = await record.HandleAsync(r, ct);
            return TypedResults.Created($"/api/care-visits/{v.Id}", v);
        }).WithSummary("Record a visit (who, when, note, findings) to a resident the caller keeps.");
        visits.MapGet("/", (CareVisitQueries queries, Guid personId, int? page, int? pageSize, CancellationToken ct) => Ok(queries.HistoryAsync(personId, page, pageSize, ct)));
        visits.MapGet("/intervals/{communityCode}", (string communityCode, CareVisitQueries queries, CancellationToken ct) => Ok(queries.IntervalsAsync(communityCode, ct)));
        visits.MapPut("/intervals/{communityCode}", (string communityCode, ChangeIntervals r, ChangeVisitIntervals change, CancellationToken ct) => Ok(change.HandleAsync(communityCode, r, ct)))
            .WithSummary("A community's visit interval in days per care tag (defaults: 独居空巢 7, 高龄 14, 残障 14, 留守儿童 14, 低保/困境 30).");
        return api;
    }

    private static async Task<Ok<T>> Ok<T>(Task<T> work) => TypedResults.Ok(await work);
}
