using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record CategoryEdit(
    [property: Required, MaxLength(WorkOrderCategory.NameMaxLength)] string Name,
    [property: MaxLength(80)] string? NameEn,
    RouteTarget RoutesTo,
    bool IsServiceOrder,
    bool IsConsultation,
    [property: MaxLength(WorkOrderCategory.CodeMaxLength)] string? Open311Code,
    bool Active,
    TimeLimit AcceptLimit,
    TimeLimit ResolveLimit);

public sealed record NewCategory(
    [property: Required, MaxLength(WorkOrderCategory.CodeMaxLength), RegularExpression("^[a-z0-9][a-z0-9.-]*$")] string Code,
    [property: MaxLength(WorkOrderCategory.CodeMaxLength)] string? ParentCode,
    CategoryEdit Details);

public sealed record RouteEntry([property: Required, MaxLength(WorkOrderCategory.CodeMaxLength)] string CategoryCode, RouteTarget RoutesTo);

public sealed record RoutingTable(string DistrictCode, IReadOnlyList<RouteEntry> Overrides);

/// <summary>
/// The catalogue is city-wide reference data: the city admin edits it. Each district keeps its own
/// routing table over it (district admins; the city admin too).
/// </summary>
internal static class CategoryEdits
{
    public static RouteGroupBuilder MapCategoryEdits(this RouteGroupBuilder group)
    {
        group.MapPost("/categories", Create).WithSummary("Add a category to the catalogue (city admin).");
        group.MapPut("/categories/{code}", Edit).WithSummary("Change a category's name, routing, limits, pool flag or Open311 code (city admin).");
        group.MapGet("/routing/{districtCode}", Routing).WithSummary("A district's routing overrides of the catalogue.");
        group.MapPut("/routing/{districtCode}", ChangeRouting).WithSummary("Replace a district's routing overrides (district admin).");
        return group;
    }

    private static async Task CityAdminOnlyAsync(CurrentUser current, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        if (!scope.Has(Role.CityAdmin))
        {
            throw new DomainRuleException("not_city_admin", "只有市级管理员可以修改诉求类别目录", "Only the city admin edits the category catalogue.", RuleKind.Forbidden);
        }
    }

    private static async Task<Created<CategoryView>> Create(NewCategory request, CurrentUser current, AppDbContext db, CategoryCache cache, CancellationToken ct)
    {
        await CityAdminOnlyAsync(current, ct);
        if (await db.WorkOrderCategories.AnyAsync(c => c.Code == request.Code, ct))
        {
            throw new DomainRuleException("category_exists", "该类别编码已存在", "A category with this code exists.");
        }

        WorkOrderCategory? parent = null;
        if (request.ParentCode is { Length: > 0 } parentCode)
        {
            parent = await db.WorkOrderCategories.SingleOrDefaultAsync(c => c.Code == parentCode, ct)
                ?? throw new InvalidInputException("parent_unknown", "上级类别不存在", "Unknown parent category.");
        }

        var d = request.Details;
        var category = WorkOrderCategory.Create(request.Code, d.Name, d.NameEn, parent, d.RoutesTo, d.AcceptLimit, d.ResolveLimit, d.IsServiceOrder, d.IsConsultation, d.Open311Code);
        db.WorkOrderCategories.Add(category);
        await db.SaveInTransactionAsync(ct);
        cache.Invalidate();
        return TypedResults.Created($"/api/work-orders/categories/{category.Code}", View(category));
    }

    private static async Task<Ok<CategoryView>> Edit(string code, CategoryEdit request, CurrentUser current, AppDbContext db, CategoryCache cache, CancellationToken ct)
    {
        await CityAdminOnlyAsync(current, ct);
        var category = await db.WorkOrderCategories.SingleOrDefaultAsync(c => c.Code == code, ct) ?? throw new NotFoundException("category");
        category.Edit(request.Name, request.NameEn, request.RoutesTo, request.IsServiceOrder, request.IsConsultation, request.Open311Code, request.Active);
        category.SetLimits(request.AcceptLimit, request.ResolveLimit);
        await db.SaveInTransactionAsync(ct);
        cache.Invalidate();
        return TypedResults.Ok(View(category));
    }

    internal static CategoryView View(WorkOrderCategory c) => new(c.Id, c.Code, c.Name, c.NameEn, c.ParentId, c.RoutesTo.ToString(), c.IsServiceOrder, c.IsConsultation,
        c.AcceptLimit.ToString(), c.ResolveLimit.ToString(), c.Open311Code);

    private static async Task<string> DistrictInScopeAsync(CurrentUser current, AppDbContext db, string districtCode, bool forEdit, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var path = await db.Areas.AsNoTracking().Where(a => a.Code == districtCode && a.Level == AreaLevel.District).Select(a => a.Path).SingleOrDefaultAsync(ct);
        var allowed = path is not null && (forEdit
            ? scope.Grants.Any(g => g.Role is Role.CityAdmin or Role.DistrictAdmin && path.StartsWith(g.AreaPath, StringComparison.Ordinal))
            : scope.KeepsRegistryOf(path) || scope.Grants.Any(g => g.Role.KeepsRegistry() && g.AreaPath.StartsWith(path, StringComparison.Ordinal)));
        return allowed ? path! : throw new NotFoundException("district");
    }

    private static async Task<Ok<RoutingTable>> Routing(string districtCode, CurrentUser current, AppDbContext db, CancellationToken ct)
    {
        await DistrictInScopeAsync(current, db, districtCode, forEdit: false, ct);
        return TypedResults.Ok(await TableAsync(db, districtCode, ct));
    }

    private static async Task<RoutingTable> TableAsync(AppDbContext db, string districtCode, CancellationToken ct)
    {
        var rows = await db.CategoryRoutes.AsNoTracking().Where(r => r.DistrictCode == districtCode)
            .Join(db.WorkOrderCategories, r => r.CategoryId, c => c.Id, (r, c) => new RouteEntry(c.Code, r.RoutesTo))
            .ToListAsync(ct);
        return new RoutingTable(districtCode, [.. rows.OrderBy(r => r.CategoryCode, StringComparer.Ordinal)]);
    }

    private static async Task<Ok<RoutingTable>> ChangeRouting(string districtCode, List<RouteEntry> overrides, CurrentUser current, AppDbContext db, CategoryCache cache, TimeProvider clock, CancellationToken ct)
    {
        await DistrictInScopeAsync(current, db, districtCode, forEdit: true, ct);
        if (overrides.Select(o => o.CategoryCode).Distinct(StringComparer.Ordinal).Count() != overrides.Count)
        {
            throw new InvalidInputException("duplicate_category", "同一类别只能设置一次", "Each category may appear once.");
        }

        var codes = overrides.Select(o => o.CategoryCode).ToList();
        var categories = await db.WorkOrderCategories.AsNoTracking().Where(c => codes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, ct);
        var unknown = codes.FirstOrDefault(c => !categories.ContainsKey(c));
        if (unknown is not null)
        {
            throw new InvalidInputException("category_unknown", $"诉求类别不存在：{unknown}", $"Unknown category: {unknown}.");
        }

        // The whole table is replaced in one transaction: nothing half-applied.
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.CategoryRoutes.Where(r => r.DistrictCode == districtCode).ToListAsync(ct);
        foreach (var row in existing.Where(r => !categories.ContainsValue(r.CategoryId)))
        {
            db.CategoryRoutes.Remove(row);
        }

        foreach (var entry in overrides)
        {
            var id = categories[entry.CategoryCode];
            var row = existing.SingleOrDefault(r => r.CategoryId == id);
            if (row is null)
            {
                db.CategoryRoutes.Add(CategoryRoute.For(districtCode, id, entry.RoutesTo, now));
            }
            else
            {
                row.Change(entry.RoutesTo, now);
            }
        }

        await db.SaveInTransactionAsync(ct);
        cache.Invalidate();
        return TypedResults.Ok(await TableAsync(db, districtCode, ct));
    }
}
