using System.Text.RegularExpressions;
using CommunityGrid.Data;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// Work orders as GeoReport v2 service requests, for anyone to read: no requester names, phones or
/// e-mail; personal requests (service orders such as 上门探访, consultations) keep their place
/// and text to themselves; phone and ID numbers typed into a description are masked.
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
        var areas = await db.Areas.AsNoTracking().Where(a => areaIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new { a.Code, a.Name }, ct);
        var orgIds = rows.SelectMany(r => new[] { r.AssigneeOrganisationId, r.PropertyOrganisationId }).OfType<Guid>().Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var media = await db.Open311Submissions.AsNoTracking().Where(s => ids.Contains(s.WorkOrderId) && s.MediaUrl != null)
            .ToDictionaryAsync(s => s.WorkOrderId, s => s.MediaUrl, ct);
        var mergedIds = rows.Where(r => r.MergedIntoId != null).Select(r => r.MergedIntoId!.Value).Distinct().ToList();
        var merged = await db.WorkOrders.AsNoTracking().Where(o => mergedIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Number, ct);

        return [.. rows.Select(r =>
        {
            var category = categories[r.CategoryId];
            var personal = IsPersonal(category);
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
                ("description", (Val)(personal ? null : Mask(r.Description))),
                ("agency_responsible", (Val)agency),
                ("service_notice", (Val)ServiceNotice(category, agency)),
                ("requested_datetime", (Val)Open311Format.W3c(r.CreatedAt)),
                ("updated_datetime", (Val)Open311Format.W3c(r.UpdatedAt)),
                ("expected_datetime", (Val)Open311Format.W3c(r.ResolveDeadline)),
                ("address", (Val)(personal ? null : r.Address)),
                ("address_id", (Val)(personal || r.HouseId is null ? null : areas[r.HouseId.Value].Code)),
                ("zipcode", Val.Of(null)),
                ("lat", Val.Of(personal ? null : r.Latitude)),
                ("long", Val.Of(personal ? null : r.Longitude)),
                ("media_url", (Val)(personal ? null : media.GetValueOrDefault(r.Id))));
        })];
    }

    /// <summary>Who answers for it: the organisation it was dispatched to, else the estate's manager, else the grid.</summary>
    public static string Agency(Guid? assigneeOrganisationId, Guid? propertyOrganisationId, Dictionary<Guid, string> orgs, string gridName) =>
        (assigneeOrganisationId is { } a && orgs.TryGetValue(a, out var assignee) ? assignee : null)
        ?? (propertyOrganisationId is { } p && orgs.TryGetValue(p, out var manager) ? manager : null)
        ?? gridName;

    /// <summary>Mobile and ID numbers a reporter typed into the text are masked before the text goes public.</summary>
    public static string? Mask(string? text) => string.IsNullOrEmpty(text)
        ? text
        : IdNumber().Replace(MobileNumber().Replace(text, m => m.Value[..3] + "****" + m.Value[7..]), m => m.Value[..6] + "********" + m.Value[14..]);

    [GeneratedRegex(@"(?<!\d)1\d{10}(?!\d)")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")]
    private static partial Regex IdNumber();
}
