using CommunityGrid.Features.Photos;
using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record CategoryView(Guid Id, string Code, string Name, string? NameEn, Guid? ParentId, string RoutesTo, bool IsServiceOrder, bool IsConsultation,
    string AcceptLimit, string ResolveLimit, string? Open311Code);

internal static class WorkOrderEndpoints
{
    public static IServiceCollection AddWorkOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(WorkCalendar.From(configuration));
        // The use cases: one per thing a person does, shared by the endpoints and the pages.
        services.AddScoped<OrderSight>();
        services.AddScoped<OrderStep>();
        services.AddScoped<ReportOrder>();
        services.AddScoped<FindDuplicates>();
        services.AddScoped<ViewOrder>();
        services.AddScoped<ListOrders>();
        services.AddScoped<DispatchOrder>();
        services.AddScoped<AcceptOrder>();
        services.AddScoped<ReturnOrder>();
        services.AddScoped<RequestExtension>();
        services.AddScoped<DecideExtension>();
        services.AddScoped<ResolveOrder>();
        services.AddScoped<VerifyOrder>();
        services.AddScoped<RejectVerification>();
        services.AddScoped<RateOrder>();
        services.AddScoped<CancelOrder>();
        services.AddScoped<SuperviseOrder>();
        services.AddScoped<MergeOrder>();
        services.AddSingleton<CategoryCache>();
        services.AddScoped<IAttachedPhotoAccess, OrderPhotoAccess>();
        services.AddScoped<EscalationSweep>();
        services.AddScoped<KpiReport>();
        services.Configure<EscalationOptions>(configuration.GetSection("WorkOrders"));
        services.AddHostedService<EscalationService>();
        return services;
    }

    public static RouteGroupBuilder MapWorkOrders(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/work-orders").WithTags("WorkOrders");
        group.MapGet("/categories", Categories).AllowAnonymous();
        group.MapCategoryEdits();
        group.MapPost("/", Create).WithMetadata(new RateLimitedAttribute(RateBucket.Intake)).WithSummary("点单: report a problem or order a service; located to its grid and routed.");
        group.MapGet("/", List);
        group.MapGet("/pool", Pool).WithSummary("接单大厅: service orders published to the caller's grid or community.");
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/duplicates", Duplicates);
        group.MapPost("/{id:guid}/dispatch", async (Guid id, DispatchRequest r, DispatchOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/accept", async (Guid id, AcceptOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, ct)));
        group.MapPost("/{id:guid}/return", async (Guid id, ReasonRequest r, ReturnOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/request-extension", async (Guid id, ExtensionRequest r, RequestExtension uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/approve-extension", async (Guid id, ExtensionDecision r, DecideExtension uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/resolve", async (Guid id, ResolveRequest r, ResolveOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/verify", async (Guid id, NoteRequest r, VerifyOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/reject-verification", async (Guid id, ReasonRequest r, RejectVerification uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/callback", async (Guid id, CallbackRequest r, RateOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/cancel", async (Guid id, NoteRequest r, CancelOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/supervise", async (Guid id, SuperviseRequest r, SuperviseOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        group.MapPost("/{id:guid}/merge", async (Guid id, MergeRequest r, MergeOrder uc, CancellationToken ct) => TypedResults.Ok(await uc.RunAsync(id, r, ct)));
        api.MapGet("/kpis", Kpis).WithTags("WorkOrders").WithSummary("响应率, 按时办结率, 解决率, 满意率, 重办率 and volumes for an area and period.");
        return api;
    }

    private static async Task<Ok<List<CategoryView>>> Categories(AppDbContext db, CancellationToken ct)
    {
        var all = await db.WorkOrderCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.ParentId != null).ThenBy(c => c.SortOrder).ToListAsync(ct);
        return TypedResults.Ok(all.Select(CategoryEdits.View).ToList());
    }

    private static async Task<Created<CreatedWorkOrder>> Create(CreateWorkOrder request, ReportOrder report, CancellationToken ct)
    {
        var created = await report.RunAsync(request, ct: ct);
        return TypedResults.Created($"/api/work-orders/{created.Order.Id}", created);
    }

    private static async Task<Ok<Page<WorkOrderListItem>>> List(ListOrders list, string? status, string? areaCode, bool? mine, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await list.RunAsync(status, areaCode, mine ?? false, page, pageSize, ct));

    private static async Task<Ok<List<WorkOrderListItem>>> Pool(ListOrders list, CancellationToken ct) => TypedResults.Ok(await list.PoolAsync(ct));

    /// <summary>The order as the caller sees it, with the actions they may take next (the routes to POST).</summary>
    private static async Task<Ok<WorkOrderDetail>> Get(Guid id, ViewOrder view, CancellationToken ct) => TypedResults.Ok((await view.RunAsync(id, ct)).Detail);

    private static async Task<Ok<IReadOnlyList<DuplicateSuggestion>>> Duplicates(Guid id, FindDuplicates duplicates, CancellationToken ct) =>
        TypedResults.Ok(await duplicates.RunAsync(id, ct));

    private static async Task<Ok<KpiResult>> Kpis(KpiReport report, CurrentUser current, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return TypedResults.Ok(await report.ForAsync(scope, areaCode, from, to, ct));
    }
}
