using System.Text.RegularExpressions;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// Work orders as GeoReport v2 service requests, for anyone to read: no requester names, phones or
/// e-mail, never a household's address or house code; the place published depends on how much the
/// category says about people (<see cref="PublicPlace"/>, docs/decisions/0007); phone and ID numbers
/// and e-mail addresses typed into the text are masked (<see cref="SensitiveText"/>).
/// </summary>
internal static partial class Open311Requests
{
    /// <summary>
    /// GeoReport knows only open and closed. Closed: the work is done from the reporter's side —
    /// resolved (已办结), resolved and awaiting the callback (待回访), closed (已评价), cancelled or
    /// merged into another order. An unsatisfied callback reopens the order (重办 → in progress → open).
    /// </summary>
    public static readonly WorkOrderStatus[] ClosedStatuses =
        [WorkOrderStatus.Resolved, WorkOrderStatus.AwaitingCallback, WorkOrderStatus.Closed, WorkOrderStatus.Cancelled, WorkOrderStatus.Merged];

    public static bool IsClosed(WorkOrderStatus status) => ClosedStatuses.Contains(status);

    public static string EnglishStatus(WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Registered => "registered",
        WorkOrderStatus.AwaitingDispatch => "awaiting dispatch",
        WorkOrderStatus.AwaitingAcceptance => "dispatched, awaiting acceptance",
        WorkOrderStatus.InProgress => "in progress",
        WorkOrderStatus.AwaitingVerification => "done, awaiting verification",
        WorkOrderStatus.Resolved => "resolved",
        WorkOrderStatus.AwaitingCallback => "resolved, awaiting the callback",
        WorkOrderStatus.Closed => "closed",
        WorkOrderStatus.Cancelled => "cancelled by the requester",
        WorkOrderStatus.Merged => "merged into another request",
        _ => status.ToString(),
    };

    /// <summary>A category whose requests are about a person rather than a place.</summary>
    public static bool IsPersonal(WorkOrderCategory category) => category.IsServiceOrder || category.IsConsultation;

    /// <summary>
    /// Categories whose place would tell who complained about whom or who gave a tip-off: the 邻里纠纷
    /// tree (噪音扰民, 邻里矛盾 and any category added under it) and 电信诈骗线索.
    /// </summary>
    public static bool NamesNeighbours(WorkOrderCategory category, IReadOnlyDictionary<Guid, WorkOrderCategory> all)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(all);
        for (WorkOrderCategory? c = category; c is not null; c = c.ParentId is { } p ? all.GetValueOrDefault(p) : null)
        {
            if (c.Code is "dispute" or "safety.fraud")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How much of a request's place and text goes public.</summary>
    public enum PublicPlace
    {
        /// <summary>Status and times only: requests about a person (service orders, consultations).</summary>
        None,
        /// <summary>The grid, no point, text or media: neighbour disputes and tip-offs.</summary>
        Grid,
        /// <summary>The building (never the house) or the typed address cut to the building, the point, the masked text and media.</summary>
        Building,
    }

    public static PublicPlace PlaceOf(WorkOrderCategory category, IReadOnlyDictionary<Guid, WorkOrderCategory> all) =>
        IsPersonal(category) ? PublicPlace.None : NamesNeighbours(category, all) ? PublicPlace.Grid : PublicPlace.Building;

    /// <summary>A typed address cut after its building (…号楼/栋/幢/座), rooms dropped, numbers masked: "2号楼 1单元 101" → "2号楼".</summary>
    public static string? BuildingLevel(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var building = BuildingEnd().Match(address);
        var cut = building.Success ? address[..(building.Index + building.Length)] : RoomPart().Replace(address, "");
        return SensitiveText.Mask(cut.Trim());
    }

    public static string ServiceNotice(WorkOrderCategory category, string agency) =>
        $"由{agency}办理：{category.AcceptLimit}内受理，{category.ResolveLimit}内办结 " +
        $"(Handled by {agency}: accepted within {English(category.AcceptLimit)}, resolved within {English(category.ResolveLimit)}.)";

    private static string English(TimeLimit limit) =>
        limit.Unit == TimeLimitUnit.Hours ? $"{limit.Value} h" : $"{limit.Value} working day{(limit.Value == 1 ? "" : "s")}";

    /// <summary>Service requests of the (already filtered and ordered) orders.</summary>
    public static async Task<List<Node>> LoadAsync(AppDbContext db, IQueryable<WorkOrder> orders, CancellationToken ct)
    {
        var rows = await orders.AsNoTracking().Select(o => new
        {
            o.Id,
            o.Number,
            o.CategoryId,
            o.Status,
            o.Description,
            o.Address,
            o.HouseId,
            o.GridId,
            o.Latitude,
            o.Longitude,
            o.AssigneeOrganisationId,
            o.PropertyOrganisationId,
            o.CreatedAt,
            o.UpdatedAt,
            o.ResolveDeadline,
            o.MergedIntoId,
        }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var categories = await db.WorkOrderCategories.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var areaIds = rows.Select(r => r.GridId).Concat(rows.Where(r => r.HouseId != null).Select(r => r.HouseId!.Value)).Distinct().ToList();
        var areas = await db.Areas.AsNoTracking().Where(a => areaIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new { a.Code, a.Name, a.Path }, ct);
        // A house is published as its building: the house (a household's door) never leaves.
        var buildingPaths = rows.Where(r => r.HouseId != null).Select(r => AreaPath.Ancestor(areas[r.HouseId!.Value].Path, AreaLevel.Building))
            .OfType<string>().Distinct().ToList();
        var buildings = await db.Areas.AsNoTracking().Where(a => buildingPaths.Contains(a.Path)).ToDictionaryAsync(a => a.Path, a => a.Name, ct);
        var orgIds = rows.SelectMany(r => new[] { r.AssigneeOrganisationId, r.PropertyOrganisationId }).OfType<Guid>().Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var media = await db.Open311Submissions.AsNoTracking().Where(s => ids.Contains(s.WorkOrderId) && s.MediaUrl != null)
            .ToDictionaryAsync(s => s.WorkOrderId, s => s.MediaUrl, ct);
        var mergedIds = rows.Where(r => r.MergedIntoId != null).Select(r => r.MergedIntoId!.Value).Distinct().ToList();
        var merged = await db.WorkOrders.AsNoTracking().Where(o => mergedIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Number, ct);

        return [.. rows.Select(r =>
        {
            var category = categories[r.CategoryId];
            var place = PlaceOf(category, categories);
            var grid = areas[r.GridId].Name;
            var building = r.HouseId is { } house && AreaPath.Ancestor(areas[house].Path, AreaLevel.Building) is { } b && buildings.TryGetValue(b, out var name) ? name : null;
            var address = place switch
            {
                PublicPlace.Grid => grid,
                PublicPlace.Building when r.HouseId is not null => building is null ? grid : $"{grid} {building}",
                PublicPlace.Building => BuildingLevel(r.Address),
                _ => null,
            };
            var open = place == PublicPlace.Building;
            var agency = Agency(r.AssigneeOrganisationId, r.PropertyOrganisationId, orgs, areas[r.GridId].Name);
            var notes = r.Status == WorkOrderStatus.Merged && r.MergedIntoId is { } into && merged.TryGetValue(into, out var original)
                ? $"已合并到工单 {original}（同一问题）(merged into {original}, a report of the same problem)"
                : $"{StatusNames.Chinese(r.Status)} ({EnglishStatus(r.Status)})";
            return (Node)new Obj(
                ("service_request_id", (Val)r.Number),
                ("status", (Val)(IsClosed(r.Status) ? "closed" : "open")),
                ("status_notes", (Val)notes),
                ("service_name", (Val)category.Name),
                ("service_code", (Val)(category.Open311Code ?? category.Code)),
                ("description", (Val)(open ? Mask(r.Description) : null)),
                ("agency_responsible", (Val)agency),
                ("service_notice", (Val)ServiceNotice(category, agency)),
                ("requested_datetime", (Val)Open311Format.W3c(r.CreatedAt)),
                ("updated_datetime", (Val)Open311Format.W3c(r.UpdatedAt)),
                ("expected_datetime", (Val)Open311Format.W3c(r.ResolveDeadline)),
                ("address", (Val)address),
                ("address_id", Val.Of(null)),
                ("zipcode", Val.Of(null)),
                ("lat", Val.Of(open ? r.Latitude : null)),
                ("long", Val.Of(open ? r.Longitude : null)),
                ("media_url", (Val)(open ? media.GetValueOrDefault(r.Id) : null)));
        })];
    }

    /// <summary>Who answers for it: the organisation it was dispatched to, else the estate's manager, else the grid.</summary>
    public static string Agency(Guid? assigneeOrganisationId, Guid? propertyOrganisationId, Dictionary<Guid, string> orgs, string gridName) =>
        (assigneeOrganisationId is { } a && orgs.TryGetValue(a, out var assignee) ? assignee : null)
        ?? (propertyOrganisationId is { } p && orgs.TryGetValue(p, out var manager) ? manager : null)
        ?? gridName;

    /// <summary>Phone and ID numbers and e-mail addresses a reporter typed into the text are masked before the text goes public.</summary>
    public static string? Mask(string? text) => SensitiveText.Mask(text);

    [GeneratedRegex(@"(?:\d+|[一二三四五六七八九十]+)\s*(?:号楼|号院|楼|栋|幢|座)")]
    private static partial Regex BuildingEnd();

    [GeneratedRegex(@"\d+\s*(?:单元)?\s*\d*\s*(?:室|户|房)")]
    private static partial Regex RoomPart();
}
