using CommunityGrid.Features.Photos;
using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record DispatchRequest([property: MaxLength(256)] string? AssigneeUserName, Guid? OrganisationId, bool ToProperty = false, bool ToPool = false, bool OpenToCommunity = false, [property: MaxLength(500)] string? Note = null);

public sealed record ReasonRequest([property: Required, MaxLength(500)] string Reason);

public sealed record NoteRequest([property: MaxLength(500)] string? Note);

public sealed record ResolveRequest([property: Required, MaxLength(500)] string Note, IReadOnlyList<Guid>? PhotoIds);

public sealed record ExtensionRequest(DateTime Until, [property: Required, MaxLength(500)] string Reason);

public sealed record ExtensionDecision(bool Approve = true, [property: MaxLength(500)] string? Note = null);

public sealed record CallbackRequest(bool Resolved, Satisfaction Satisfaction, [property: MaxLength(500)] string? Comment);

public sealed record SuperviseRequest([property: Required, MaxLength(500)] string Note, DateTime? NewDeadline);

public sealed record MergeRequest(Guid OriginalId);

public sealed record CategoryView(Guid Id, string Code, string Name, string? NameEn, Guid? ParentId, string RoutesTo, bool IsServiceOrder, bool IsConsultation,
    string AcceptLimit, string ResolveLimit, string? Open311Code);

internal static class WorkOrderEndpoints
{
    public static IServiceCollection AddWorkOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(WorkCalendar.From(configuration));
        services.AddScoped<WorkOrderDesk>();
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
        group.MapPost("/{id:guid}/dispatch", Dispatch);
        group.MapPost("/{id:guid}/accept", (Guid id, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Accept(a, now), ct));
        group.MapPost("/{id:guid}/return", (Guid id, ReasonRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Return(a, r.Reason, now), ct));
        group.MapPost("/{id:guid}/request-extension", (Guid id, ExtensionRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.RequestExtension(a, BeijingTime.ToUtc(r.Until), r.Reason, now), ct));
        group.MapPost("/{id:guid}/approve-extension", (Guid id, ExtensionDecision r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.DecideExtension(a, r.Approve, r.Note, now), ct));
        group.MapPost("/{id:guid}/resolve", Resolve);
        group.MapPost("/{id:guid}/verify", (Guid id, NoteRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Verify(a, r.Note, now), ct));
        group.MapPost("/{id:guid}/reject-verification", (Guid id, ReasonRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.RejectVerification(a, r.Reason, now), ct));
        group.MapPost("/{id:guid}/callback", (Guid id, CallbackRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Callback(a, r.Resolved, r.Satisfaction, r.Comment, now), ct));
        group.MapPost("/{id:guid}/cancel", (Guid id, NoteRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Cancel(a, r.Note, now), ct));
        group.MapPost("/{id:guid}/supervise", (Guid id, SuperviseRequest r, WorkOrderDesk desk, CancellationToken ct) =>
            Act(desk, id, (o, a, now) => o.Supervise(a, r.Note, r.NewDeadline is { } d ? BeijingTime.ToUtc(d) : null, now), ct));
        group.MapPost("/{id:guid}/merge", Merge);
        api.MapGet("/kpis", Kpis).WithTags("WorkOrders").WithSummary("响应率, 按时办结率, 解决率, 满意率, 重办率 and volumes for an area and period.");
        return api;
    }

    private static async Task<Ok<List<CategoryView>>> Categories(AppDbContext db, CancellationToken ct)
    {
        var all = await db.WorkOrderCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.ParentId != null).ThenBy(c => c.SortOrder).ToListAsync(ct);
        return TypedResults.Ok(all.Select(CategoryEdits.View).ToList());
    }

    private static async Task<Created<CreatedWorkOrder>> Create(CreateWorkOrder request, WorkOrderDesk desk, CancellationToken ct)
    {
        var created = await desk.CreateAsync(request, ct: ct);
        return TypedResults.Created($"/api/work-orders/{created.Order.Id}", created);
    }

    private static async Task<Ok<Page<WorkOrderListItem>>> List(WorkOrderDesk desk, string? status, string? areaCode, bool? mine, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = await desk.ActorAsync(ct);
        return TypedResults.Ok(await desk.ListAsync(actor, status, areaCode, mine ?? false, page, pageSize, ct));
    }

    private static async Task<Ok<List<WorkOrderListItem>>> Pool(WorkOrderDesk desk, CancellationToken ct)
    {
        var actor = await desk.ActorAsync(ct);
        return TypedResults.Ok(await desk.ItemsAsync(desk.PoolFor(actor).OrderBy(o => o.AcceptDeadline).Take(Paging.MaxSize), ct));
    }

    /// <summary>The order as the caller sees it, with the actions they may take next (the routes to POST).</summary>
    private static async Task<Ok<WorkOrderDetail>> Get(Guid id, WorkOrderDesk desk, CategoryCache categories, AppDbContext db, CancellationToken ct)
    {
        var actor = await desk.ActorAsync(ct);
        var order = await desk.Visible(actor).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("work order");
        var detail = await desk.DetailAsync(id, ct);
        var category = await categories.ActiveAsync(detail.CategoryCode, ct)
            ?? await db.WorkOrderCategories.AsNoTracking().SingleAsync(c => c.Id == order.CategoryId, ct);
        detail = detail with { AllowedActions = [.. order.AllowedActions(actor, category, desk.Now).Select(a => a.Route()).Distinct()] };
        // A follower (their duplicate was merged in) reads the progress, not who else reported it.
        return TypedResults.Ok(await desk.OnlyFollowsAsync(actor, id, ct) ? detail with { RequesterName = PersonNames.Mask(detail.RequesterName) } : detail);
    }

    private static async Task<Ok<IReadOnlyList<DuplicateSuggestion>>> Duplicates(Guid id, WorkOrderDesk desk, CancellationToken ct)
    {
        var actor = await desk.ActorAsync(ct);
        var order = await desk.Visible(actor).AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("work order");
        return TypedResults.Ok(await desk.DuplicatesOfAsync(order, ct));
    }

    private static async Task<Ok<WorkOrderDetail>> Act(WorkOrderDesk desk, Guid id, Action<WorkOrder, Actor, DateTime> action, CancellationToken ct) =>
        TypedResults.Ok(await desk.ActAsync(id, action, ct));

    private static async Task<Ok<WorkOrderDetail>> Dispatch(Guid id, DispatchRequest request, WorkOrderDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.DispatchAsync(id, request, ct));

    private static async Task<Ok<WorkOrderDetail>> Resolve(Guid id, ResolveRequest request, WorkOrderDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.ResolveAsync(id, request, ct));

    private static async Task<Ok<WorkOrderDetail>> Merge(Guid id, MergeRequest request, WorkOrderDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.MergeAsync(id, request.OriginalId, ct));

    private static async Task<Ok<KpiResult>> Kpis(KpiReport report, CurrentUser current, string areaCode, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        return TypedResults.Ok(await report.ForAsync(scope, areaCode, from, to, ct));
    }
}
