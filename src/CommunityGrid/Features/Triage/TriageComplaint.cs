using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.WorkOrders;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityGrid.Features.Triage;

/// <summary>A complaint in the reporter's words, with where she is if the page knows (all but the text optional).</summary>
public sealed record TriageRequest(
    [property: Required, MaxLength(TriageRules.TextMaxLength)] string Text,
    double? Latitude = null,
    double? Longitude = null,
    [property: MaxLength(Area.CodeMaxLength)] string? HouseCode = null);

public sealed record TriageSuggestion(string CategoryCode, string CategoryName, string? CategoryNameEn, double Confidence);

/// <summary>
/// The place the complaint concerns. <see cref="Source"/>: <c>text</c> (it names a building, unit or house of the
/// community), <c>home</c> (the reporter's house) or <c>point</c> (the map point's grid). <see cref="Written"/>
/// keeps the address as the complaint wrote it.
/// </summary>
public sealed record TriagePlace(string Source, string Level, string? AreaCode, string Name, string? Written, string? EstateName, string? HouseCode, string? GridCode, string? GridName);

/// <summary>Who will handle it: the estate's manager (<c>Property</c>) or the grid (<c>Grid</c>), by name.</summary>
public sealed record TriageRoute(string Target, string HandlerName, Guid? OrganisationId);

public sealed record TriageAnswer(IReadOnlyList<TriageSuggestion> Suggestions, TriagePlace? Place, TriageRoute? RoutesTo, bool NeedsManualTriage, double ManualBelow);

/// <summary>
/// 智能派单: a complaint's text becomes suggested categories (best first, up to three, with probabilities), the
/// place it names resolved in the reporter's community, and the handler the routing table picks. Advisory:
/// nothing is written.
/// </summary>
public sealed partial class TriageComplaint(AppDbContext db, TriageModel model, CategoryCache categories, GridIndex grids, IOptions<TriageOptions> options)
{
    public double ManualBelow => options.Value.ManualBelow;

    public async Task<TriageAnswer> TriageAsync(TriageRequest request, Scope caller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var text = TextOf(request.Text);
        var suggestions = await SuggestAsync(text, ct);
        var place = await PlaceAsync(text, request.Latitude, request.Longitude, request.HouseCode, caller, houseAnywhere: false, ct);
        var best = suggestions.Count > 0 ? await categories.ActiveAsync(suggestions[0].CategoryCode, ct) : null;
        var route = best is null || place is null ? null : await RouteAsync(best, place, ct);
        return new TriageAnswer(suggestions, place?.Answer, route, NeedsManualTriage(suggestions, ManualBelow), ManualBelow);
    }

    /// <summary>Low confidence is said plainly: below the deployment's threshold (or nothing known) a person decides.</summary>
    public static bool NeedsManualTriage(IReadOnlyList<TriageSuggestion> suggestions, double manualBelow)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return suggestions.Count == 0 || suggestions[0].Confidence < manualBelow;
    }

    /// <summary>The text, trimmed; blank text is refused like a missing one.</summary>
    public static string TextOf(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed)
            ? throw new InvalidInputException("triage_text_required", "请填写诉求内容", "The complaint's text is required.")
            : trimmed.Length > TriageRules.TextMaxLength
                ? throw new InvalidInputException("triage_text_too_long", $"诉求内容不超过 {TriageRules.TextMaxLength} 字", $"The text is at most {TriageRules.TextMaxLength} characters.")
                : trimmed;
    }

    /// <summary>The model's best categories among the active ones, best first, up to three.</summary>
    public async Task<IReadOnlyList<TriageSuggestion>> SuggestAsync(string text, CancellationToken ct = default)
    {
        var classifier = await model.CurrentAsync(ct);
        var result = new List<TriageSuggestion>(3);
        foreach (var guess in classifier.Classify(text, 6))
        {
            if (await categories.ActiveAsync(guess.CategoryCode, ct) is { } category)
            {
                result.Add(new TriageSuggestion(category.Code, category.Name, category.NameEn, Math.Round(guess.Confidence, 4)));
            }

            if (result.Count == 3)
            {
                break;
            }
        }

        return result;
    }

    internal sealed record ResolvedPlace(TriagePlace Answer, string AreaPath, Guid GridId, Guid? EstateId);

    /// <summary>
    /// The named building/unit/house when it exists in the reporter's community, else her home (the house code
    /// given, else her own house), else the map point's grid; null when none is known.
    /// </summary>
    internal async Task<ResolvedPlace?> PlaceAsync(string text, double? latitude, double? longitude, string? houseCode, Scope caller, bool houseAnywhere, CancellationToken ct)
    {
        if (latitude is { } la && longitude is { } lo && (la is < -90 or > 90 || lo is < -180 or > 180 || !double.IsFinite(la) || !double.IsFinite(lo)))
        {
            throw new InvalidInputException("point_out_of_range", "经纬度超出范围", "Latitude or longitude out of range.");
        }

        var home = await HomeAsync(houseCode, caller, houseAnywhere, ct);
        Guid? pointGrid = latitude is { } lat && longitude is { } lng ? grids.Locate(lat, lng) : null;
        var community = home is not null ? AreaPath.Community(home.Path)
            : pointGrid is { } g && grids.Info(g) is { } info ? AreaPath.Community(info.Path)
            : caller.CommunityPaths.Select(AreaPath.Community).FirstOrDefault(p => p is not null);
        var written = WrittenPlace.Read(text);
        if (community is not null && (written is not null || EstateNamed(text) is not null))
        {
            var named = await NamedAsync(text, written, community, ct);
            if (named is not null)
            {
                return named;
            }
        }

        if (home is not null)
        {
            return await AreaPlaceAsync(home, "home", written?.Written, ct);
        }

        if (pointGrid is { } grid && grids.Info(grid) is { } gridInfo)
        {
            return new ResolvedPlace(new TriagePlace("point", nameof(AreaLevel.Grid), gridInfo.Code, gridInfo.Name, written?.Written, null, null, gridInfo.Code, gridInfo.Name),
                gridInfo.Path, gridInfo.Id, null);
        }

        return null;
    }

    private static string? EstateNamed(string text) => text.Contains("小区", StringComparison.Ordinal) || text.Contains('苑', StringComparison.Ordinal) || text.Contains("花园", StringComparison.Ordinal) ? text : null;

    /// <summary>
    /// A house code names a place only inside the caller's own areas (as on intake); elsewhere it is unknown.
    /// An Open311 client, reporting for the whole city, places by address_id anywhere.
    /// </summary>
    private async Task<Area?> HomeAsync(string? houseCode, Scope caller, bool anywhere, CancellationToken ct)
    {
        if (houseCode is { Length: > 0 })
        {
            var house = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == houseCode && a.Level == AreaLevel.House && !a.Retired, ct);
            if (house is null || (!anywhere && !caller.HomePaths.Any(p => AreaPath.IsUnder(house.Path, p))))
            {
                throw new InvalidInputException("house_unknown", "房屋编码不存在", "Unknown house code.");
            }

            return house;
        }

        if (caller.PersonId is { } personId)
        {
            var houseId = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.HouseId).SingleOrDefaultAsync(ct);
            return houseId is null ? null : await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Id == houseId && !a.Retired, ct);
        }

        return null;
    }

    private sealed record Node(Guid Id, string Code, string Name, string Path, AreaLevel Level, Guid? EstateId);

    private async Task<ResolvedPlace?> NamedAsync(string text, WrittenPlace? written, string community, CancellationToken ct)
    {
        var estates = await db.Estates.AsNoTracking().Where(e => e.AreaPath == community).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        var estate = estates.Where(e => text.Contains(e.Name, StringComparison.Ordinal) || text.Contains(ShortName(e.Name), StringComparison.Ordinal))
            .OrderByDescending(e => e.Name.Length).FirstOrDefault();
        if (written?.Building is not { } buildingNumber)
        {
            return estate is null ? null : await EstatePlaceAsync(estate.Id, estate.Name, written?.Written, community, ct);
        }

        var buildings = await db.Areas.AsNoTracking().Under([community])
            .Where(a => a.Level == AreaLevel.Building && !a.Retired)
            .Select(a => new Node(a.Id, a.Code, a.Name, a.Path, a.Level, a.EstateId)).ToListAsync(ct);
        var matching = buildings.Where(b => LeadingNumber(b.Name) == buildingNumber && (estate is null || b.EstateId == estate.Id)).ToList();
        if (matching.Count != 1)
        {
            // Unknown here, or the same number in two estates and none named: the text cannot say which.
            return estate is null ? null : await EstatePlaceAsync(estate.Id, estate.Name, written.Written, community, ct);
        }

        var building = matching[0];
        var place = await db.Areas.AsNoTracking().SingleAsync(a => a.Id == building.Id, ct);
        if (written.Unit is { } unitNumber)
        {
            var units = await db.Areas.AsNoTracking().Where(a => a.ParentId == building.Id && !a.Retired).ToListAsync(ct);
            var unit = units.SingleOrDefault(u => LeadingNumber(u.Name) == unitNumber);
            if (unit is not null)
            {
                place = unit;
                if (written.Room is { } room)
                {
                    var houses = await db.Areas.AsNoTracking().Where(a => a.ParentId == unit.Id && !a.Retired).ToListAsync(ct);
                    place = houses.SingleOrDefault(h => LeadingNumber(h.Name) == room) ?? unit;
                }
            }
        }

        return await AreaPlaceAsync(place, "text", written.Written, ct);
    }

    private async Task<ResolvedPlace?> EstatePlaceAsync(Guid estateId, string estateName, string? written, string community, CancellationToken ct)
    {
        // An estate is placed at the grid of its first building: the grid that takes what its manager does not.
        var first = await db.Areas.AsNoTracking().Under([community]).Where(a => a.Level == AreaLevel.Building && a.EstateId == estateId && !a.Retired)
            .OrderBy(a => a.Code).Select(a => a.Path).FirstOrDefaultAsync(ct);
        if (first is null || AreaPath.Ancestor(first, AreaLevel.Grid) is not { } gridPath)
        {
            return null;
        }

        var gridCode = AreaPath.CodeOf(gridPath);
        var grid = await db.Areas.AsNoTracking().Where(a => a.Code == gridCode).Select(a => new { a.Id, a.Name }).SingleAsync(ct);
        return new ResolvedPlace(new TriagePlace("text", "Estate", null, estateName, written ?? estateName, estateName, null, gridCode, grid.Name), gridPath, grid.Id, estateId);
    }

    /// <summary>A building, unit or house: its full name (estate, 9号楼 3单元 502室) and grid, and its estate through the building.</summary>
    private async Task<ResolvedPlace> AreaPlaceAsync(Area place, string source, string? written, CancellationToken ct)
    {
        var codes = AreaPath.Codes(place.Path);
        var chain = codes.Skip((int)AreaLevel.Grid - 1).ToList();
        var nodes = await db.Areas.AsNoTracking().Where(a => chain.Contains(a.Code)).Select(a => new { a.Id, a.Code, a.Name, a.Level, a.EstateId }).ToListAsync(ct);
        var grid = nodes.Single(n => n.Level == AreaLevel.Grid);
        var building = nodes.SingleOrDefault(n => n.Level == AreaLevel.Building);
        var estate = building?.EstateId is { } estateId
            ? await db.Estates.AsNoTracking().Where(e => e.Id == estateId).Select(e => new { e.Id, e.Name }).SingleOrDefaultAsync(ct)
            : null;
        var name = string.Concat(nodes.Where(n => n.Level > AreaLevel.Grid).OrderBy(n => n.Level).Select(n => n.Name));
        var answer = new TriagePlace(source, place.Level.ToString(), place.Code, estate is null ? name : $"{estate.Name}{name}", written, estate?.Name,
            place.Level == AreaLevel.House ? place.Code : null, grid.Code, grid.Name);
        return new ResolvedPlace(answer, place.Path, grid.Id, estate?.Id);
    }

    /// <summary>The routing table's answer for the category at the place: the estate's manager by name, else the grid.</summary>
    internal async Task<TriageRoute> RouteAsync(WorkOrderCategory category, ResolvedPlace place, CancellationToken ct)
    {
        var district = AreaPath.AncestorCode(place.AreaPath, AreaLevel.District) ?? "";
        var target = await categories.RouteAsync(district, category, ct);
        if (target == RouteTarget.Property && place.EstateId is { } estateId)
        {
            var manager = await db.Estates.AsNoTracking().Where(e => e.Id == estateId)
                .Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => new { o.Id, o.Name }).SingleOrDefaultAsync(ct);
            if (manager is not null)
            {
                return new TriageRoute(nameof(RouteTarget.Property), manager.Name, manager.Id);
            }
        }

        return new TriageRoute(nameof(RouteTarget.Grid), place.Answer.GridName ?? "", null);
    }

    /// <summary>"9号楼" → 9, "3单元" → 3, "502室" → 502.</summary>
    internal static int? LeadingNumber(string name)
    {
        var digits = new string([.. name.TakeWhile(char.IsAsciiDigit)]);
        if (digits.Length > 0)
        {
            return int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }

        var chinese = new string([.. name.TakeWhile(c => "零一二三四五六七八九十两百".Contains(c, StringComparison.Ordinal))]);
        return chinese.Length > 0 ? WrittenPlace.Number(chinese) : null;
    }

    /// <summary>"顺达小区" is also written "顺达"; names of two characters or less stay whole.</summary>
    private static string ShortName(string estateName)
    {
        foreach (var suffix in new[] { "小区", "花园", "家园", "社区" })
        {
            if (estateName.EndsWith(suffix, StringComparison.Ordinal) && estateName.Length - suffix.Length >= 2)
            {
                return estateName[..^suffix.Length];
            }
        }

        return estateName;
    }
}
