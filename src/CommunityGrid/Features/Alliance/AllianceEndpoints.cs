using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityGrid.Features.Alliance;

public sealed record RejectApplication([property: Required, MaxLength(AllianceMembership.NoteMaxLength)] string Reason);

internal static class AllianceEndpoints
{
    public static IServiceCollection AddAlliance(this IServiceCollection services) =>
        services.AddScoped<AllianceDesk>().AddScoped<CareVisitDesk>();

    public static RouteGroupBuilder MapAlliance(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/alliance").WithTags("Alliance");
        group.MapGet("/communities/{communityCode}", (string communityCode, AllianceDesk desk, CancellationToken ct) => Ok(desk.PageAsync(communityCode, ct)))
            .AllowAnonymous().WithSummary("爱心商家联盟 of a community: approved merchants, their offerings and deliveries by kind; public.");
        group.MapPost("/memberships", async (ApplyToAlliance r, AllianceDesk desk, CancellationToken ct) =>
        {
            var m = await desk.ApplyAsync(r, ct);
            return TypedResults.Created($"/api/alliance/memberships/{m.Id}", m);
        }).WithSummary("A merchant applies to join a community's alliance.");
        group.MapGet("/memberships", (AllianceDesk desk, string? communityCode, MembershipStatus? status, int? page, int? pageSize, CancellationToken ct) =>
            Ok(desk.MembershipsAsync(communityCode, status, page, pageSize, ct)));
        group.MapPost("/memberships/{id:guid}/approve", (Guid id, AllianceDesk desk, CancellationToken ct) => Ok(desk.ApproveAsync(id, ct)));
        group.MapPost("/memberships/{id:guid}/reject", (Guid id, RejectApplication r, AllianceDesk desk, CancellationToken ct) => Ok(desk.RejectAsync(id, r.Reason, ct)));
        group.MapPost("/offerings", async (OfferService r, AllianceDesk desk, CancellationToken ct) =>
        {
            var o = await desk.OfferAsync(r, ct);
            return TypedResults.Created($"/api/alliance/offerings/{o.Id}", o);
        }).WithSummary("An approved member offers a service: kind, eligible care tags, capacity per week or month, hours.");
        group.MapPost("/offerings/{id:guid}/withdraw", (Guid id, AllianceDesk desk, CancellationToken ct) => Ok(desk.WithdrawAsync(id, ct)))
            .WithSummary("The merchant (or the community's admin) stops offering it: no new bookings, open ones stay to be delivered; already_withdrawn when done twice.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/offerings", (AllianceDesk desk, string? communityCode, CancellationToken ct) => Ok(desk.OfferingsAsync(communityCode, ct)));
        group.MapPost("/offerings/{id:guid}/bookings", async (Guid id, BookService r, AllianceDesk desk, CancellationToken ct) =>
        {
            var b = await desk.BookAsync(id, r, ct);
            return TypedResults.Created($"/api/alliance/bookings/{b.Id}", b);
        }).WithSummary("Book for the caller or a resident they keep (personId); refusals: not_eligible, fully_booked, already_booked.");
        group.MapGet("/bookings", (AllianceDesk desk, BookingStatus? status, int? page, int? pageSize, CancellationToken ct) => Ok(desk.BookingsAsync(status, page, pageSize, ct)));
        group.MapGet("/bookings/{id:guid}", (Guid id, AllianceDesk desk, CancellationToken ct) => Ok(desk.BookingAsync(id, ct)));
        group.MapPost("/bookings/{id:guid}/deliver", (Guid id, DeliverService r, AllianceDesk desk, CancellationToken ct) => Ok(desk.DeliverAsync(id, r, ct)));
        group.MapPost("/bookings/{id:guid}/cancel", (Guid id, AllianceDesk desk, CancellationToken ct) => Ok(desk.CancelAsync(id, ct)));

        var visits = api.MapGroup("/care-visits").WithTags("CareVisits");
        visits.MapGet("/due", (CareVisitDesk desk, bool? overdue, int? page, int? pageSize, CancellationToken ct) => Ok(desk.DueAsync(overdue ?? false, page, pageSize, ct)))
            .WithSummary("Residents with care tags in the caller's scope, never visited and most overdue first, with their next due date.");
        visits.MapPost("/", async (RecordVisit r, CareVisitDesk desk, CancellationToken ct) =>
        {
            var v = await desk.RecordAsync(r, ct);
            return TypedResults.Created($"/api/care-visits/{v.Id}", v);
        }).WithSummary("Record a visit (who, when, note, findings) to a resident the caller keeps.");
        visits.MapGet("/", (CareVisitDesk desk, Guid personId, int? page, int? pageSize, CancellationToken ct) => Ok(desk.HistoryAsync(personId, page, pageSize, ct)));
        visits.MapGet("/intervals/{communityCode}", (string communityCode, CareVisitDesk desk, CancellationToken ct) => Ok(desk.IntervalsAsync(communityCode, ct)));
        visits.MapPut("/intervals/{communityCode}", (string communityCode, ChangeIntervals r, CareVisitDesk desk, CancellationToken ct) => Ok(desk.ChangeIntervalsAsync(communityCode, r, ct)))
            .WithSummary("A community's visit interval in days per care tag (defaults: 独居空巢 7, 高龄 14, 残障 14, 留守儿童 14, 低保/困境 30).");
        return api;
    }

    private static async Task<Ok<T>> Ok<T>(Task<T> work) => TypedResults.Ok(await work);
}
