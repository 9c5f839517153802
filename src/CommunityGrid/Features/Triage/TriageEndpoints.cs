using System.ComponentModel.DataAnnotations;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityGrid.Features.Triage;

/// <summary>A complaint for the manual queue: its text and place, and for a 12345 transfer the ticket and caller.</summary>
public sealed record QueueTriageRequest(
    [property: Required, MaxLength(TriageRules.TextMaxLength)] string Text,
    double? Latitude = null,
    double? Longitude = null,
    [property: MaxLength(Area.CodeMaxLength)] string? HouseCode = null,
    [property: MaxLength(WorkOrder.AddressMaxLength)] string? Address = null,
    [property: MaxLength(WorkOrder.ExternalReferenceMaxLength)] string? HotlineTicket = null,
    [property: MaxLength(WorkOrder.RequesterNameMaxLength)] string? RequesterName = null,
    [property: MaxLength(WorkOrder.RequesterPhoneMaxLength)] string? RequesterPhone = null);

/// <summary>A retrain is asked for explicitly, with an optional note kept with the run's author.</summary>
public sealed record RetrainRequest([property: MaxLength(200)] string? Note = null);

public sealed record QueuedTriage(Guid Id, string AreaPath, string? GuessedCategoryCode, double GuessedConfidence);

internal static class TriageEndpoints
{
    public static IServiceCollection AddTriage(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TriageOptions>(configuration.GetSection("Triage"));
        services.AddSingleton<TriageModel>();
        services.AddHostedService<TriageWarmUp>();
        services.AddScoped<TriageComplaint>();
        services.AddScoped<TriageQueue>();
        services.AddScoped<RetrainClassifier>();
        return services;
    }

    public static RouteGroupBuilder MapTriage(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/work-orders/triage").WithTags("Triage");
        group.MapPost("/", Triage)
            .WithSummary("智能派单: suggested categories (best first, up to 3, with confidence), the place the text names in the caller's community, who handles it, and whether a person must decide.");
        group.MapGet("/queue", Waiting).WithSummary("The manual triage queue of the communities the caller works for (their admins and grid staff; 404 for anyone else).");
        group.MapPost("/queue", Queue).WithSummary("Puts a complaint the model is unsure of in its community's manual triage queue.");
        group.MapPost("/queue/{id:guid}/dispatch", Dispatch).WithSummary("Chooses the category of a waiting complaint: registers the order and keeps the choice as a labelled example.");
        group.MapPost("/retrain", Retrain).WithSummary("Retrains from the corpus and the corrections; replaces the model only when held-back accuracy does not fall (city admins; 404 for anyone else).");
        group.MapGet("/training", Training).WithSummary("The retrain runs with accuracy before and after (city admins; 404 for anyone else).");
        return api;
    }

    private static async Task<Ok<TriageAnswer>> Triage(TriageRequest request, TriageComplaint triage, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await triage.TriageAsync(request, await SignedInAsync(current, ct), ct));

    private static async Task<Ok<Page<ManualTriageItem>>> Waiting(TriageQueue queue, CurrentUser current, int? page, int? pageSize, CancellationToken ct)
    {
        var scope = await SignedInAsync(current, ct);
        return scope.StaffPaths.Count == 0 ? throw new NotFoundException("manual triage queue") : TypedResults.Ok(await queue.WaitingAsync(scope, page, pageSize, ct));
    }

    private static async Task<Created<QueuedTriage>> Queue(QueueTriageRequest request, TriageQueue queue, OrderSight sight, CurrentUser current, CancellationToken ct)
    {
        var scope = await SignedInAsync(current, ct);
        var actor = await sight.CallerAsync(ct);
        var origin = request.HotlineTicket is { Length: > 0 } ? WorkOrderOrigin.Hotline
            : scope.Grants.Any(g => g.Role.Administers() || g.Role is Role.GridChief or Role.GridWorker) ? WorkOrderOrigin.Staff
            : WorkOrderOrigin.Resident;
        var item = await queue.QueueAsync(request.Text, origin, request.Latitude, request.Longitude, request.HouseCode, request.Address, request.HotlineTicket,
            request.RequesterName, request.RequesterPhone, actor, scope, houseAnywhere: false, ct);
        return TypedResults.Created($"/api/work-orders/triage/queue/{item.Id}", new QueuedTriage(item.Id, item.AreaPath, item.GuessedCategoryCode, item.GuessedConfidence));
    }

    private static async Task<Ok<ManualTriageDispatched>> Dispatch(Guid id, DispatchTriageRequest request, TriageQueue queue, CurrentUser current, CancellationToken ct) =>
        TypedResults.Ok(await queue.DispatchAsync(id, request.CategoryCode, await SignedInAsync(current, ct), ct));

    private static async Task<Ok<TrainingReport>> Retrain(RetrainRequest request, RetrainClassifier retrain, CurrentUser current, CancellationToken ct)
    {
        var scope = await SignedInAsync(current, ct);
        if (!scope.Has(Role.CityAdmin))
        {
            throw new NotFoundException("triage model");
        }

        var runBy = request.Note is { Length: > 0 } note ? $"{scope.UserName}: {note}" : scope.UserName ?? "";
        return TypedResults.Ok(await retrain.RunAsync(runBy.Length > 256 ? runBy[..256] : runBy, ct));
    }

    private static async Task<Ok<IReadOnlyList<TrainingReport>>> Training(RetrainClassifier retrain, CurrentUser current, CancellationToken ct)
    {
        var scope = await SignedInAsync(current, ct);
        return scope.Has(Role.CityAdmin) ? TypedResults.Ok(await retrain.HistoryAsync(50, ct)) : throw new NotFoundException("triage model");
    }

    private static async Task<Scope> SignedInAsync(CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return scope.IsAuthenticated ? scope : throw new NotFoundException("triage");
    }
}
