using CommunityGrid.Data;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Triage;

public sealed record ManualTriageItem(Guid Id, string Text, string Origin, string? Address, string? ExternalReference, string? RequesterName, string? RequesterPhone,
    string? GuessedCategoryCode, double GuessedConfidence, IReadOnlyList<TriageSuggestion> Suggestions, string AreaPath, DateTime CreatedAt);

public sealed record DispatchTriageRequest([property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MaxLength(WorkOrderCategory.CodeMaxLength)] string CategoryCode);

public sealed record ManualTriageDispatched(Guid Id, Guid WorkOrderId, string WorkOrderNumber, string CategoryCode, string HandledBy);

/// <summary>
/// The community's manual triage queue: complaints the model was not sure of wait here; staff of the community
/// (its admins and grid staff) choose the category, which registers the order as the reporter's and keeps the
/// choice as a labelled example when it differs from the model's guess.
/// </summary>
public sealed class TriageQueue(AppDbContext db, ReportOrder report, OrderStep step, TriageComplaint triage, CategoryCache categories)
{
    public const string ManualSource = "manual-queue";
    public const string HotlineSource = "hotline";

    /// <summary>Puts a complaint in its community's queue, at the place the triage found (or the community it came from).</summary>
    public async Task<ManualTriage> QueueAsync(string text, WorkOrderOrigin origin, double? latitude, double? longitude, string? houseCode, string? address,
        string? externalReference, string? requesterName, string? requesterPhone, Actor reporter, Scope caller, bool houseAnywhere = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        text = TriageComplaint.TextOf(text);
        var place = await triage.PlaceAsync(text, latitude, longitude, houseCode, caller, houseAnywhere, ct)
            ?? throw new InvalidInputException("location_required", "请在地图上选择位置或填写房屋编码", "A point or a house code is required.");
        var suggestions = await triage.SuggestAsync(text, ct);
        var guess = suggestions.Count > 0 ? suggestions[0] : null;
        var item = ManualTriage.Queue(text, place.AreaPath, origin, latitude, longitude, place.Answer.HouseCode ?? houseCode, address ?? place.Answer.Written,
            externalReference, requesterName, requesterPhone, reporter, guess is null ? null : new CategoryGuess(guess.CategoryCode, (float)guess.Confidence), step.Now);
        db.ManualTriages.Add(item);
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Waiting complaints under the communities the caller works for, oldest first.</summary>
    public async Task<Page<ManualTriageItem>> WaitingAsync(Scope caller, int? page, int? pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (number, size) = Paging.Normalise(page, pageSize);
        var query = db.ManualTriages.AsNoTracking().Under(caller.StaffPaths).Where(t => t.Status == ManualTriageStatus.Waiting);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(t => t.CreatedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var items = new List<ManualTriageItem>(rows.Count);
        foreach (var t in rows)
        {
            items.Add(new ManualTriageItem(t.Id, t.Text, t.Origin.ToString(), t.Address, t.ExternalReference, PersonNames.Mask(t.RequesterName),
                IdNumbers.MaskPhone(t.RequesterPhone), t.GuessedCategoryCode, t.GuessedConfidence, await triage.SuggestAsync(t.Text, ct), t.AreaPath, t.CreatedAt));
        }

        return new Page<ManualTriageItem>(items, number, size, total);
    }

    /// <summary>Chooses the category of a waiting complaint: the order is registered, the choice kept as an example.</summary>
    public async Task<ManualTriageDispatched> DispatchAsync(Guid id, string categoryCode, Scope caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var item = await db.ManualTriages.Under(caller.StaffPaths).SingleOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("manual triage");
        item.OnlyAWaitingComplaintIsDispatched();
        var category = await categories.ActiveAsync(categoryCode, ct)
            ?? throw new InvalidInputException("category_unknown", "诉求类别不存在", "Unknown category.");
        var decidedBy = caller.UserName ?? caller.UserId ?? "";
        var created = await report.RunAsync(
            new CreateWorkOrder(category.Code, TitleOf(item.Text), item.Text, item.HouseCode is null ? item.Latitude : null, item.HouseCode is null ? item.Longitude : null,
                item.HouseCode, item.Address, item.Origin == WorkOrderOrigin.Hotline || item.Origin == WorkOrderOrigin.Open311 ? item.ExternalReference : null,
                item.RequesterName, item.RequesterPhone, null),
            item.Origin,
            item.Reporter,
            order =>
            {
                item.Dispatch(category.Code, order.Id, decidedBy, step.Now);
                db.TriageCorrections.Add(TriageCorrection.Of(item.Text, category.Code, item.GuessedCategoryCode, ManualSource, decidedBy, step.Now));
            },
            ct);
        return new ManualTriageDispatched(item.Id, created.Order.Id, created.Order.Number, category.Code, created.HandledBy);
    }

    /// <summary>An order's title from its text: the first clause, at most 40 characters.</summary>
    public static string TitleOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.Trim().Split(['\n', '。', '！', '!', '？', '?'], 2)[0].Trim();
        if (first.Length == 0)
        {
            first = text.Trim();
        }

        return first.Length > 40 ? first[..40] + "…" : first;
    }
}
