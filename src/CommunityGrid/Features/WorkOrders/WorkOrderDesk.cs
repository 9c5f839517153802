using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
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

public sealed record WorkOrderListItem(
    Guid Id, string Number, string Title, string CategoryCode, string CategoryName, string Status, string StatusName, string Origin,
    string GridCode, string? AssigneeName, DateTime CreatedAt, DateTime? AcceptDeadline, DateTime? ResolveDeadline, string Urgency,
    int EscalationLevel, bool IsProblemOrder);

public sealed record TimelineEntry(DateTime At, string Kind, string Text, string ActorName, string FromStatus, string ToStatus, string? Note, IReadOnlyList<Guid> Photos);

public sealed record WorkOrderDetail(
    Guid Id, string Number, string Title, string Description, string CategoryCode, string CategoryName, string Status, string StatusName,
    string Origin, string? ExternalReference, double? Latitude, double? Longitude, string? Address, Guid GridId, string GridCode, string GridName,
    string RoutedTo, Guid? PropertyOrganisationId, string? RequesterName, string? AssigneeKind, string? AssigneeName, string? HandlerName,
    DateTime CreatedAt, DateTime? AcceptDeadline, DateTime? ResolveDeadline, DateTime? ExtensionRequestedUntil, string Urgency,
    int EscalationLevel, int RedoCount, int HandoffCount, bool IsProblemOrder, bool? CallbackResolved, string? Satisfaction, string? ClosedHow,
    Guid? MergedIntoId, int Version, IReadOnlyList<TimelineEntry> Timeline,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AllowedActions = null);

public sealed record DuplicateSuggestion(Guid Id, string Number, string Title, string Status, double DistanceMetres, DateTime CreatedAt);

/// <summary>
/// The answer to a report. <see cref="HandledBy"/> names who takes it up, so that the confirmation says so:
/// the estate's manager (物业公司, committee or the community's station) when the order is routed to the
/// property side (<c>Order.RoutedTo == "Property"</c>), else the grid.
/// </summary>
public sealed record CreatedWorkOrder(WorkOrderDetail Order, IReadOnlyList<DuplicateSuggestion> PossibleDuplicates, string HandledBy);

/// <summary>
/// The closed loop's shared logic for the API and the pages: intake (locate, route, deadlines),
/// who may see an order, and loading an order for an action.
/// </summary>
public sealed partial class WorkOrderDesk(AppDbContext db, CurrentUser current, GridIndex grids, WorkCalendar calendar, TimeProvider clock, Points.PointsLedger ledger, CategoryCache categories)
{
    public const double DuplicateRadiusMetres = 250;
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromDays(30);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public WorkCalendar Calendar => calendar;

    public async Task<Actor> ActorAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        if (!scope.IsAuthenticated)
        {
            throw new NotFoundException("work order");
        }

        return new Actor(scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", scope.OrganisationId, scope.PersonId, scope.Grants);
    }

    /// <summary>
    /// 点单: locates the order (house, else point, else the requester's own house), routes it and registers it.
    /// <paramref name="alongside"/> lets a channel (Open311) add its own record of the intake, saved in the same transaction.
    /// </summary>
    public async Task<CreatedWorkOrder> CreateAsync(CreateWorkOrder request, WorkOrderOrigin? forcedOrigin = null, Actor? asActor = null,
        Action<WorkOrder>? alongside = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actor = asActor ?? await ActorAsync(ct);
        var category = await categories.ActiveAsync(request.CategoryCode, ct)
            ?? throw new InvalidInputException("category_unknown", "诉求类别不存在", "Unknown category.");
        var origin = forcedOrigin ?? OriginOf(actor, request);
        if (origin == WorkOrderOrigin.Patrol && request.PhotoIds is not { Count: > 0 })
        {
            throw new InvalidInputException("photo_required", "网格巡查上报（随手拍）必须附照片", "A patrol report needs a photo.");
        }

        var (house, grid) = await PlaceAsync(request, actor, ct);
        // A caller names a house only inside their own areas; one elsewhere answers exactly like an unknown code,
        // so a report cannot be pinned on a stranger's household nor probe which codes exist. (An Open311
        // client, reporting as asActor for the whole city, places by address_id anywhere.)
        if (asActor is null && house is not null && !Scope.Outermost(actor.Grants.Select(g => g.AreaPath)).Any(p => house.Path.StartsWith(p, StringComparison.Ordinal)))
        {
            throw UnknownHouse();
        }
        if (origin is WorkOrderOrigin.Patrol && !actor.IsGridStaffOf(grid.Path))
        {
            throw new NotFoundException("grid");
        }

        Guid? estateId = null, managerId = null;
        string? managerName = null;
        var routesTo = await categories.RouteAsync(grid.DistrictCode, category, ct);
        if (house is not null && routesTo == RouteTarget.Property)
        {
            var buildingCode = house.Code[..(grid.Code.Length + 3)];
            estateId = await db.Areas.AsNoTracking().Where(a => a.Code == buildingCode).Select(a => a.EstateId).SingleOrDefaultAsync(ct);
            if (estateId is not null)
            {
                var manager = await db.Estates.AsNoTracking().Where(e => e.Id == estateId)
                    .Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => new { o.Id, o.Name }).SingleOrDefaultAsync(ct);
                (managerId, managerName) = (manager?.Id, manager?.Name);
            }
        }

        var isResidentReport = origin is WorkOrderOrigin.Resident or WorkOrderOrigin.Rider;
        var order = WorkOrder.Register(new Intake(
            NewNumber(),
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
            request.RequesterPhone), Now);

        db.WorkOrders.Add(order);
        await AttachPhotosAsync(actor, order.Id, request.PhotoIds, ct);
        order.Events[0].AttachPhotos(request.PhotoIds);
        alongside?.Invoke(order);
        await SaveAsync(ct);
        var duplicates = await DuplicatesOfAsync(order, ct);
        // Everything the answer shows is in hand: the order as saved, its category and grid.
        return new CreatedWorkOrder(Detail(order, category, grid.Code, grid.Name), duplicates, managerId is null ? grid.Name : managerName ?? grid.Name);
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

    private async Task<(Area? House, GridIndex.GridInfo Grid)> PlaceAsync(CreateWorkOrder request, Actor actor, CancellationToken ct)
    {
        Area? house = null;
        if (request.HouseCode is { Length: > 0 } code)
        {
            house = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code && a.Level == AreaLevel.House && !a.Retired, ct)
                ?? throw UnknownHouse();
        }
        else if (request.Latitude is null && request.Longitude is null && actor.PersonId is { } personId)
        {
            var houseId = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.HouseId).SingleOrDefaultAsync(ct);
            house = houseId is null ? null : await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Id == houseId, ct);
        }

        Guid gridId;
        if (house is not null)
        {
            var gridCode = AreaPath.AncestorCode(house.Path, AreaLevel.Grid)!;
            gridId = await db.Areas.AsNoTracking().Where(a => a.Code == gridCode).Select(a => a.Id).SingleAsync(ct);
        }
        else if (request.Latitude is { } lat && request.Longitude is { } lng)
        {
            if (lat is < -90 or > 90 || lng is < -180 or > 180)
            {
                throw new InvalidInputException("point_out_of_range", "经纬度超出范围", "Latitude or longitude out of range.");
            }

            gridId = grids.Locate(lat, lng) ?? throw new InvalidInputException("outside_all_grids", "该位置不在任何网格内", "The point lies outside every grid.");
        }
        else
        {
            throw new InvalidInputException("location_required", "请在地图上选择位置或填写房屋编码", "A point or a house code is required.");
        }

        var grid = grids.Info(gridId) ?? await db.Areas.AsNoTracking().Where(a => a.Id == gridId)
            .Select(a => new GridIndex.GridInfo(a.Id, a.Code, a.Name, a.Path, a.DistrictCode)).SingleAsync(ct);
        return (house, grid);
    }

    /// <summary>Open orders of the same category within 250 m from the last 30 days.</summary>
    public async Task<IReadOnlyList<DuplicateSuggestion>> DuplicatesOfAsync(WorkOrder order, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Latitude is not { } lat || order.Longitude is not { } lng)
        {
            return [];
        }

        // A bounding box in degrees narrows the query; the exact distance is computed after.
        var dLat = DuplicateRadiusMetres / 111_320.0;
        var dLng = DuplicateRadiusMetres / (111_320.0 * Math.Cos(lat * Math.PI / 180));
        var since = order.CreatedAt - DuplicateWindow;
        WorkOrderStatus[] closed = [WorkOrderStatus.Closed, WorkOrderStatus.Cancelled, WorkOrderStatus.Merged];
        var candidates = await db.WorkOrders.AsNoTracking()
            .Where(o => o.Id != order.Id && o.CategoryId == order.CategoryId && o.CreatedAt >= since && !closed.Contains(o.Status)
                && o.Latitude >= lat - dLat && o.Latitude <= lat + dLat && o.Longitude >= lng - dLng && o.Longitude <= lng + dLng)
            .Select(o => new { o.Id, o.Number, o.Title, o.Status, o.Latitude, o.Longitude, o.CreatedAt })
            .Take(50).ToListAsync(ct);
        return [.. candidates
            .Select(c => new DuplicateSuggestion(c.Id, c.Number, c.Title, c.Status.ToString(), Distance(lat, lng, c.Latitude!.Value, c.Longitude!.Value), c.CreatedAt))
            .Where(d => d.DistanceMetres <= DuplicateRadiusMetres)
            .OrderBy(d => d.DistanceMetres)];
    }

    public static double Distance(double lat1, double lng1, double lat2, double lng2)
    {
        const double R = 6_371_000;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLng = (lng2 - lng1) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>
    /// Orders the caller may see: their own requests; everything under the areas whose registry they
    /// keep; what is assigned to them or their organisation; what they handle; the pool of their grid;
    /// and the originals their own merged duplicates now follow.
    /// </summary>
    public IQueryable<WorkOrder> Visible(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId;
        var person = actor.PersonId;
        var followed = db.WorkOrderFollowers.Where(f => f.UserId == userId || (person != null && f.PersonId == person)).Select(f => f.WorkOrderId);
        var direct = OwnOrWorkedOn(actor).Select(o => o.Id);
        return db.WorkOrders.Where(o => direct.Contains(o.Id) || followed.Contains(o.Id));
    }

    /// <summary>True when the caller sees the order only because a duplicate of theirs was merged into it.</summary>
    public async Task<bool> OnlyFollowsAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        !await OwnOrWorkedOn(actor).AsNoTracking().AnyAsync(o => o.Id == id, ct);

    private IQueryable<WorkOrder> OwnOrWorkedOn(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var staffPaths = actor.Grants.Where(g => g.Role.KeepsRegistry()).Select(g => g.AreaPath).ToList();
        var poolPaths = actor.Grants.Where(g => g.Role is Role.PartyMember or Role.Volunteer).Select(g => g.AreaPath).ToList();
        var underStaff = db.WorkOrders.Under(staffPaths).Select(o => o.Id);
        var userId = actor.UserId;
        var org = actor.OrganisationId;
        var person = actor.PersonId;
        var pool = PoolFor(actor, onlyWaiting: false).Select(o => o.Id);
        var hasPool = poolPaths.Count > 0;
        return db.WorkOrders.Where(o =>
            o.RequesterUserId == userId
            || (person != null && o.RequesterPersonId == person)
            || o.AssigneeUserId == userId
            || o.HandlerUserId == userId
            || (org != null && (o.AssigneeOrganisationId == org || o.PropertyOrganisationId == org))
            || underStaff.Contains(o.Id)
            || (hasPool && pool.Contains(o.Id)));
    }

    /// <summary>接单大厅: published orders waiting for a taker in the caller's grid (or community when opened wider).</summary>
    public IQueryable<WorkOrder> PoolFor(Actor actor, bool onlyWaiting = true)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var paths = actor.Grants.Where(g => g.Role is Role.PartyMember or Role.Volunteer).Select(g => g.AreaPath).ToList();
        if (paths.Count == 0)
        {
            return db.WorkOrders.Where(_ => false);
        }

        // A member bound at grid G (or inside it) sees G's pool; with OpenToCommunity also the community's.
        var gridPaths = paths.Select(p => AreaPath.Grid(p) ?? p).Distinct().ToList();
        var communityPaths = paths.Select(p => AreaPath.Community(p) ?? p).Distinct().ToList();
        var pending = onlyWaiting
            ? db.WorkOrders.Where(o => o.Status == WorkOrderStatus.AwaitingAcceptance && o.AssigneeKind == AssigneeKind.Pool)
            : db.WorkOrders.Where(o => o.PublishedToPool);
        var inGrid = pending.Where(o => gridPaths.Contains(o.AreaPath)).Select(o => o.Id);
        var inCommunity = pending.Where(o => o.PoolOpenToCommunity).Under(communityPaths).Select(o => o.Id);
        return db.WorkOrders.Where(o => inGrid.Contains(o.Id) || inCommunity.Contains(o.Id));
    }

    /// <summary>Loads an order for an action; out of the caller's sight is 404.</summary>
    public async Task<WorkOrder> ForActionAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var visible = await Visible(actor).AsNoTracking().AnyAsync(o => o.Id == id, ct);
        if (!visible)
        {
            throw new NotFoundException("work order");
        }

        return await db.WorkOrders.SingleAsync(o => o.Id == id, ct);
    }

    public async Task<WorkOrderDetail> DetailAsync(Guid id, CancellationToken ct = default)
    {
        var order = await db.WorkOrders.AsNoTracking().SingleAsync(o => o.Id == id, ct);
        var category = await db.WorkOrderCategories.AsNoTracking().SingleAsync(c => c.Id == order.CategoryId, ct);
        var grid = await db.Areas.AsNoTracking().Where(a => a.Id == order.GridId).Select(a => new { a.Code, a.Name }).SingleAsync(ct);
        var events = await db.WorkOrderEvents.AsNoTracking().Where(e => e.WorkOrderId == id).OrderBy(e => e.Seq).ToListAsync(ct);
        return Detail(order, category, grid.Code, grid.Name, events);
    }

    private static WorkOrderDetail Detail(WorkOrder order, WorkOrderCategory category, string gridCode, string gridName, IEnumerable<WorkOrderEvent>? events = null)
    {
        events ??= order.Events;
        return new WorkOrderDetail(
            order.Id, order.Number, order.Title, order.Description, category.Code, category.Name, order.Status.ToString(), StatusNames.Chinese(order.Status),
            order.Origin.ToString(), order.ExternalReference, order.Latitude, order.Longitude, order.Address, order.GridId, gridCode, gridName,
            order.RoutedTo.ToString(), order.PropertyOrganisationId, order.RequesterName, order.AssigneeKind == AssigneeKind.None ? null : order.AssigneeKind.ToString(),
            order.AssigneeName, order.HandlerName, order.CreatedAt, order.AcceptDeadline, order.ResolveDeadline, order.ExtensionRequestedUntil,
            order.Urgency.ToString(), order.EscalationLevel, order.RedoCount, order.HandoffCount, order.IsProblemOrder, order.CallbackResolved,
            order.Satisfaction?.ToString(), order.ClosedHow == ClosedHow.None ? null : order.ClosedHow.ToString(), order.MergedIntoId, order.Version,
            [.. events.Select(e => new TimelineEntry(e.At, e.Kind, e.PlainChinese(), e.ActorName, e.FromStatus.ToString(), e.ToStatus.ToString(), e.Note,
                e.Photos is null ? [] : [.. e.Photos.Split(',').Select(Guid.Parse)]))]);
    }

    public async Task<Page<WorkOrderListItem>> ListAsync(Actor actor, string? status, string? areaCode, bool mine, int? page, int? pageSize, CancellationToken ct = default)
    {
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = Visible(actor).AsNoTracking();
        if (mine)
        {
            var userId = actor.UserId;
            var org = actor.OrganisationId;
            query = query.Where(o => o.RequesterUserId == userId || o.AssigneeUserId == userId || o.HandlerUserId == userId || (org != null && o.AssigneeOrganisationId == org));
        }

        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<WorkOrderStatus>(status, ignoreCase: true, out var s))
            {
                throw new InvalidInputException("status_unknown", "未知的工单状态", "Unknown status.");
            }

            query = query.Where(o => o.Status == s);
        }

        if (!string.IsNullOrEmpty(areaCode))
        {
            var path = await AreaFilter.PathInViewAsync(db, await current.ScopeAsync(ct), areaCode, ct);
            query = query.Under([path]);
        }

        var total = await query.CountAsync(ct);
        var ordered = query.OrderBy(o => o.ResolveDeadline == null).ThenBy(o => o.ResolveDeadline).ThenByDescending(o => o.CreatedAt)
            .Skip((number - 1) * size).Take(size);
        return new Page<WorkOrderListItem>(await ItemsAsync(ordered, ct), number, size, total);
    }

    /// <summary>List rows of the (already ordered and paged) query, with category and grid names.</summary>
    public async Task<List<WorkOrderListItem>> ItemsAsync(IQueryable<WorkOrder> query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await query
            .Join(db.WorkOrderCategories, o => o.CategoryId, c => c.Id, (o, c) => new { o, c.Code, c.Name })
            .Join(db.Areas, x => x.o.GridId, a => a.Id, (x, a) => new { x.o, x.Code, x.Name, GridCode = a.Code })
            .AsNoTracking()
            .ToListAsync(ct);
        return [.. rows.Select(x => new WorkOrderListItem(x.o.Id, x.o.Number, x.o.Title, x.Code, x.Name, x.o.Status.ToString(), StatusNames.Chinese(x.o.Status),
            x.o.Origin.ToString(), x.GridCode, x.o.AssigneeName, x.o.CreatedAt, x.o.AcceptDeadline, x.o.ResolveDeadline, x.o.Urgency.ToString(),
            x.o.EscalationLevel, x.o.IsProblemOrder))];
    }

    /// <summary>Photos named in a report or a resolution must be the caller's own uploads, not used elsewhere.</summary>
    public async Task AttachPhotosAsync(Actor actor, Guid orderId, IReadOnlyList<Guid>? photoIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (photoIds is not { Count: > 0 })
        {
            return;
        }

        if (photoIds.Count > 9)
        {
            throw new InvalidInputException("too_many_photos", "每次最多 9 张照片", "At most 9 photos at a time.");
        }

        var ids = photoIds.Distinct().ToList();
        var photos = await db.Photos.Where(p => ids.Contains(p.Id) && p.UploaderUserId == actor.UserId && p.WorkOrderId == null).ToListAsync(ct);
        if (photos.Count != ids.Count)
        {
            throw new InvalidInputException("photo_unknown", "照片不存在或已被使用，请重新上传", "A photo is unknown or already used; upload it again.");
        }

        foreach (var photo in photos)
        {
            photo.AttachTo(orderId);
        }
    }

    /// <summary>Saves in a transaction (SQLite's write gate); a lost race surfaces as 409 concurrent_change.</summary>
    public Task SaveAsync(CancellationToken ct = default) => db.SaveInTransactionAsync(ct);

    private string NewNumber()
    {
        var local = BeijingTime.WallClock(Now);
        return $"GD{local:yyyyMMdd}-{Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4)}";
    }
}
