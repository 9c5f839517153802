using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

public sealed record CreateWorkOrder(
    [property: MaxLength(WorkOrderCategory.CodeMaxLength)] string CategoryCode,
    [property: MaxLength(WorkOrder.TitleMaxLength)] string Title,
    [property: MaxLength(WorkOrder.DescriptionMaxLength)] string? Description,
    double? Latitude,
    double? Longitude,
    [property: MaxLength(Area.CodeMaxLength)] string? HouseCode,
    [property: MaxLength(WorkOrder.AddressMaxLength)] string? Address,
    [property: MaxLength(WorkOrder.ExternalReferenceMaxLength)] string? HotlineTicket,
    [property: MaxLength(WorkOrder.RequesterNameMaxLength)] string? RequesterName,
    [property: MaxLength(WorkOrder.RequesterPhoneMaxLength)] string? RequesterPhone,
    IReadOnlyList<Guid>? PhotoIds);

/// <summary>
/// The answer to a report. <see cref="HandledBy"/> names who takes it up, so that the confirmation says so:
/// the estate's manager (物业公司, committee or the community's station) when the order is routed to the
/// property side (<c>Order.RoutedTo == "Property"</c>), else the grid.
/// </summary>
public sealed record CreatedWorkOrder(WorkOrderDetail Order, IReadOnlyList<DuplicateSuggestion> PossibleDuplicates, string HandledBy);

/// <summary>
/// 点单: a resident, a grid worker on patrol, a rider, staff taking down a hotline call, or an Open311
/// client reports a problem or orders a service. The order is located (house, else point, else the
/// requester's own house), routed by category and address, registered, and answered from the entity in
/// hand with the possible duplicates near it.
/// </summary>
public sealed class ReportOrder(AppDbContext db, OrderSight sight, OrderStep step, GridIndex grids, CategoryCache categories, FindDuplicates duplicates)
{
    /// <summary>
    /// Reports as the caller, or as <paramref name="asActor"/> for a channel (Open311) with <paramref name="forcedOrigin"/>.
    /// <paramref name="alongside"/> lets the channel add its own record of the intake, saved in the same transaction.
    /// </summary>
    public async Task<CreatedWorkOrder> RunAsync(CreateWorkOrder request, WorkOrderOrigin? forcedOrigin = null, Actor? asActor = null,
        Action<WorkOrder>? alongside = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actor = asActor ?? await sight.CallerAsync(ct);
        var category = await categories.ActiveAsync(request.CategoryCode, ct)
            ?? throw new InvalidInputException("category_unknown", "诉求类别不存在", "Unknown category.");
        var origin = forcedOrigin ?? OriginOf(actor, request);
        if (origin == WorkOrderOrigin.Patrol && request.PhotoIds is not { Count: > 0 })
        {
            throw new InvalidInputException("photo_required", "网格巡查上报（随手拍）必须附照片", "A patrol report needs a photo.");
        }

        var place = await PlaceAsync(request, actor, ct);
        var (house, grid) = (place.House, place.Grid);
        // A caller names a house only inside their own areas; one elsewhere answers exactly like an unknown code,
        // so a report cannot be pinned on a stranger's household nor probe which codes exist. (An Open311
        // client, reporting as asActor for the whole city, places by address_id anywhere.)
        if (asActor is null && house is not null && !Scope.Outermost(actor.Grants.Select(g => g.AreaPath)).Any(p => AreaPath.IsUnder(house.Path, p)))
        {
            throw UnknownHouse();
        }

        if (origin is WorkOrderOrigin.Patrol && !actor.IsGridStaffOf(grid.Path))
        {
            throw new NotFoundException("grid");
        }

        var toProperty = house is not null && place.EstateId is not null && await categories.RouteAsync(grid.DistrictCode, category, ct) == RouteTarget.Property;
        var (estateId, managerId, managerName) = toProperty ? (place.EstateId, place.ManagerId, place.ManagerName) : (null, null, null);
        var isResidentReport = origin is WorkOrderOrigin.Resident or WorkOrderOrigin.Rider;
        var now = step.Now;
        var order = WorkOrder.Register(new Intake(
            NewNumber(now),
            category,
            request.Title,
            request.Description,
            origin,
            request.HotlineTicket,
            request.Latitude,
            request.Longitude,
            house?.Id,
            request.Address ?? house?.Name,
            grid.Id,
            grid.Path,
            grid.DistrictCode,
            estateId,
            managerId,
            actor,
            ReporterIsRequester: isResidentReport || origin == WorkOrderOrigin.Staff,
            isResidentReport ? actor.PersonId : null,
            request.RequesterName,
            request.RequesterPhone), now);

        db.WorkOrders.Add(order);
        await OrderPhotos.AttachAsync(db, actor, order.Id, request.PhotoIds, ct);
        order.Events[0].AttachPhotos(request.PhotoIds);
        alongside?.Invoke(order);
        await db.SaveInTransactionAsync(ct);
        var nearby = await duplicates.OfAsync(order, ct);
        // Everything the answer shows is in hand: the order as saved, its category and grid.
        return new CreatedWorkOrder(OrderStep.Detail(order, category, grid.Code, grid.Name), nearby, managerId is null ? grid.Name : managerName ?? grid.Name);
    }

    private static InvalidInputException UnknownHouse() => new("house_unknown", "房屋编码不存在", "Unknown house code.");

    private static WorkOrderOrigin OriginOf(Actor actor, CreateWorkOrder request)
    {
        if (request.HotlineTicket is not null)
        {
            return WorkOrderOrigin.Hotline;
        }

        if (actor.Grants.Any(g => g.Role is Role.GridChief or Role.GridWorker))
        {
            return WorkOrderOrigin.Patrol;
        }

        if (actor.Grants.Any(g => g.Role == Role.Rider))
        {
            return WorkOrderOrigin.Rider;
        }

        return actor.Grants.Any(g => g.Role.Administers()) ? WorkOrderOrigin.Staff : WorkOrderOrigin.Resident;
    }

    /// <summary>Where a report lies: its house (if any), its grid, and the estate and manager of its building.</summary>
    private sealed record Place(Area? House, GridIndex.GridInfo Grid, Guid? EstateId = null, Guid? ManagerId = null, string? ManagerName = null);

    /// <summary>
    /// A house named by code, else the point on the map (located in memory), else the requester's own house.
    /// A house costs two queries: the house, then its grid and building (with the building's estate manager) together.
    /// </summary>
    private async Task<Place> PlaceAsync(CreateWorkOrder request, Actor actor, CancellationToken ct)
    {
        Area? house = null;
        if (request.HouseCode is { Length: > 0 } code)
        {
            house = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.House && !a.Retired, ct)
                ?? throw UnknownHouse();
        }
        else if (request.Latitude is null && request.Longitude is null && actor.PersonId is { } personId)
        {
            house = await db.Areas.AsNoTracking().Where(a => db.People.Any(p => p.Id == personId && p.HouseId == a.Id)).SingleOrDefaultAsync(ct);
        }

        if (house is not null)
        {
            var gridCode = AreaPath.AncestorCode(house.Path, AreaLevel.Grid)!;
            var buildingCode = AreaPath.AncestorCode(house.Path, AreaLevel.Building);
            var around = await db.Areas.AsNoTracking().Where(a => a.Code == gridCode || a.Code == buildingCode)
                .Select(a => new
                {
                    a.Id,
                    a.Code,
                    a.EstateId,
                    Manager = db.Estates.Where(e => e.Id == a.EstateId).Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => (Guid?)o.Id).FirstOrDefault(),
                    ManagerName = db.Estates.Where(e => e.Id == a.EstateId).Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => o.Name).FirstOrDefault(),
                })
                .ToListAsync(ct);
            var gridId = around.Single(a => a.Code == gridCode).Id;
            var building = around.SingleOrDefault(a => a.Code == buildingCode);
            return new Place(house, await GridAsync(gridId, ct), building?.EstateId, building?.Manager, building?.ManagerName);
        }

        if (request.Latitude is { } lat && request.Longitude is { } lng)
        {
            if (lat is < -90 or > 90 || lng is < -180 or > 180)
            {
                throw new InvalidInputException("point_out_of_range", "经纬度超出范围", "Latitude or longitude out of range.");
            }

            var located = grids.Locate(lat, lng) ?? throw new InvalidInputException("outside_all_grids", "该位置不在任何网格内", "The point lies outside every grid.");
            return new Place(null, await GridAsync(located, ct));
        }

        throw new InvalidInputException("location_required", "请在地图上选择位置或填写房屋编码", "A point or a house code is required.");
    }

    private async Task<GridIndex.GridInfo> GridAsync(Guid gridId, CancellationToken ct) =>
        grids.Info(gridId) ?? await db.Areas.AsNoTracking().Where(a => a.Id == gridId)
            .Select(a => new GridIndex.GridInfo(a.Id, a.Code, a.Name, a.Path, a.DistrictCode)).SingleAsync(ct);

    private static string NewNumber(DateTime now) => $"GD{BeijingTime.WallClock(now):yyyyMMdd}-{Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4)}";
}
