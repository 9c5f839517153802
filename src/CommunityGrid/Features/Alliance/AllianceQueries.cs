using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record MembershipView(Guid Id, string CommunityCode, Guid MerchantId, string MerchantName, MembershipStatus Status, DateTime AppliedAt, DateTime? DecidedAt, string? Note);

/// <summary>An offering; <see cref="MayBook"/>: the caller may book it now, for themselves or for a resident they keep.</summary>
public sealed record OfferingView(Guid Id, Guid MerchantId, string MerchantName, string CommunityCode, ServiceKind Kind, string Title, string Description,
    IReadOnlyList<CareTags> EligibleTags, int Capacity, CapacityPeriod Period, string Hours, bool Active, int BookedThisPeriod, int Remaining, bool MayBook = false);

/// <summary>A booking: the resident's name and address go to the merchant and the staff who keep them; nothing else personal.</summary>
public sealed record BookingView(Guid Id, Guid OfferingId, string OfferingTitle, ServiceKind Kind, string MerchantName, Guid PersonId, string PersonName, string? Address,
    BookingStatus Status, string BookedByName, DateTime BookedAt, string? Note, DateTime? DeliveredAt, string? DeliveryNote, Guid? DeliveryPhotoId);

public sealed record KindCount(ServiceKind Kind, int Deliveries);

public sealed record MerchantRecognition(Guid MerchantId, string MerchantName, string? Address, int Deliveries, IReadOnlyList<KindCount> ByKind, IReadOnlyList<OfferingView> Offerings);

/// <summary>The public alliance page of a community: its merchants and what they gave.</summary>
public sealed record AlliancePage(string CommunityCode, string CommunityName, int Deliveries, IReadOnlyList<KindCount> ByKind, IReadOnlyList<MerchantRecognition> Merchants);

/// <summary>A resident the caller keeps who may be booked for an offering now.</summary>
public sealed record ResidentChoice(Guid Id, string Name, IReadOnlyList<CareTags> Tags);

/// <summary>
/// An offering with whom the caller may book it for now: themselves, and the residents they keep. When neither,
/// <see cref="Refusal"/> says why the caller's own booking would be refused (booked already, full…), if they are a resident.
/// </summary>
public sealed record BookingChoice(OfferingView Offering, bool ForSelf, IReadOnlyList<ResidentChoice> Residents, DomainRuleException? Refusal = null);

/// <summary>
/// The read side of the caring-merchant alliance: memberships, offerings (with whether the caller may book
/// them), bookings and the public page.
/// </summary>
public sealed class AllianceQueries(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Applications and members: the community's admins see all of theirs, a merchant its own.</summary>
    public async Task<Page<MembershipView>> MembershipsAsync(string? communityCode, MembershipStatus? status, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var own = scope.Has(Role.Merchant) ? scope.OrganisationId : null;
        var query = own is { } merchantId
            ? db.AllianceMemberships.AsNoTracking().Where(m => m.MerchantId == merchantId)
            : db.AllianceMemberships.AsNoTracking().Under(scope.AdminPaths);
        if (!string.IsNullOrEmpty(communityCode))
        {
            // A merchant reads its own memberships in any community; anyone else only in communities they can see.
            var community = await Communities.ByCodeAsync(db, communityCode, ct);
            if (own is null)
            {
                await AreaFilter.PathInViewAsync(db, scope, community.Code, ct);
            }

            query = query.Where(m => m.AreaPath == community.Path);
        }

        if (status is not null)
        {
            query = query.Where(m => m.Status == status);
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(m => m.Status).ThenByDescending(m => m.AppliedAt).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<MembershipView>([.. rows.Select(ToView)], number, size, total);
    }

    /// <summary>Offerings still offered, of a community, to anyone bound in it; a merchant sees its own anywhere.</summary>
    public async Task<IReadOnlyList<OfferingView>> OfferingsAsync(string? communityCode, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var query = db.AllianceOfferings.AsNoTracking();
        if (!string.IsNullOrEmpty(communityCode))
        {
            var community = await Communities.ByCodeAsync(db, communityCode, ct);
            var ownMerchant = scope.Has(Role.Merchant) ? scope.OrganisationId : null;
            if (!scope.BoundIn(community.Path) && ownMerchant is null)
            {
                throw new NotFoundException("community");
            }

            query = scope.BoundIn(community.Path)
                ? query.Where(o => o.AreaPath == community.Path && o.Active)
                : query.Where(o => o.AreaPath == community.Path && o.MerchantId == ownMerchant && o.Active);
        }
        else if (scope.Has(Role.Merchant) && scope.OrganisationId is { } merchantId)
        {
            query = query.Where(o => o.MerchantId == merchantId && o.Active);
        }
        else
        {
            query = query.Under(scope.CommunityPaths).Where(o => o.Active);
        }

        var views = await OfferingViewsAsync(query.OrderBy(o => o.Kind).ThenBy(o => o.MerchantName).Take(Paging.MaxSize), ct);
        var choices = await ChoicesAsync(scope, views, ct);
        return [.. choices.Select(c => c.Offering with { MayBook = c.ForSelf || c.Residents.Count > 0 })];
    }

    /// <summary>The offerings the caller sees with whom they may book each for now (what the booking page offers).</summary>
    public async Task<IReadOnlyList<BookingChoice>> BookingChoicesAsync(CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var offerings = await OfferingsAsync(null, ct);
        return await ChoicesAsync(scope, offerings, ct);
    }

    /// <summary>
    /// For each offering: whether the caller may book it for themselves, and which residents with care tags they
    /// keep may be booked for it, by <see cref="AllianceOffering.BookingRefusal"/> with this period's bookings.
    /// </summary>
    private async Task<List<BookingChoice>> ChoicesAsync(Scope scope, IReadOnlyList<OfferingView> views, CancellationToken ct)
    {
        var ids = views.Select(v => v.Id).ToList();
        var offerings = await db.AllianceOfferings.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var self = scope.PersonId is { } pid
            ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => new ResidentRow(p.Id, p.Name, p.AreaPath, p.CareTags)).SingleOrDefaultAsync(ct)
            : null;
        var kept = scope.RegistryPaths.Count > 0
            ? await db.People.AsNoTracking().InRegistryScope(scope).Where(p => p.CareTags != CareTags.None)
                .OrderBy(p => p.Name).Take(Paging.MaxSize).Select(p => new ResidentRow(p.Id, p.Name, p.AreaPath, p.CareTags)).ToListAsync(ct)
            : [];
        var earliest = offerings.Count == 0 ? Now : offerings.Values.Min(o => o.PeriodStart(Now));
        var booked = await db.AllianceBookings.AsNoTracking().Where(b => ids.Contains(b.OfferingId) && b.PeriodStart >= earliest && b.Status != BookingStatus.Cancelled)
            .Select(b => new { b.OfferingId, b.PeriodStart, b.PersonId }).ToListAsync(ct);
        return [.. views.Select(v =>
        {
            var offering = offerings[v.Id];
            var period = offering.PeriodStart(Now);
            var taken = booked.Where(b => b.OfferingId == v.Id && b.PeriodStart == period).Select(b => b.PersonId).ToHashSet();
            DomainRuleException? Refusal(ResidentRow r) => offering.BookingRefusal(r.AreaPath, r.CareTags, taken.Contains(r.Id), taken.Count);
            var reachable = scope.BoundIn(offering.AreaPath) || scope.KeepsRegistryOf(offering.AreaPath);
            var own = reachable && self is not null ? Refusal(self) : null;
            var forSelf = reachable && self is not null && own is null;
            var residents = reachable ? kept.Where(r => r.Id != self?.Id && scope.KeepsRegistryOf(r.AreaPath) && Refusal(r) is null).Select(r => new ResidentChoice(r.Id, r.Name, CareTagLabels.Split(r.CareTags))).ToList() : [];
            return new BookingChoice(v, forSelf, residents, forSelf || residents.Count > 0 ? null : own);
        })];
    }

    private sealed record ResidentRow(Guid Id, string Name, string AreaPath, CareTags CareTags);

    /// <summary>Bookings: a merchant's to deliver, the residents a staff member keeps, or the caller's own.</summary>
    public async Task<Page<BookingView>> BookingsAsync(BookingStatus? status, int? page, int? pageSize, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        IQueryable<AllianceBooking> query;
        if (scope.Has(Role.Merchant) && scope.OrganisationId is { } merchantId)
        {
            query = db.AllianceBookings.AsNoTracking().Where(b => b.MerchantId == merchantId);
        }
        else if (scope.RegistryPaths.Count > 0)
        {
            query = db.AllianceBookings.AsNoTracking().InRegistryScope(scope);
        }
        else
        {
            var pid = scope.PersonId;
            var uid = scope.UserId;
            query = db.AllianceBookings.AsNoTracking().Where(b => (pid != null && b.PersonId == pid) || b.BookedByUserId == uid);
        }

        if (status is not null)
        {
            query = query.Where(b => b.Status == status);
        }

        var (number, size) = Paging.Normalise(page, pageSize);
        var total = await query.CountAsync(ct);
        var ids = await query.OrderBy(b => b.Status).ThenByDescending(b => b.BookedAt).Skip((number - 1) * size).Take(size).Select(b => b.Id).ToListAsync(ct);
        var views = await BookingViewsAsync(ids, ct);
        return new Page<BookingView>([.. ids.Select(i => views.Single(v => v.Id == i))], number, size, total);
    }

    /// <summary>The public page: approved merchants, their offerings and deliveries by kind. No resident appears.</summary>
    public async Task<AlliancePage> PageAsync(string communityCode, CancellationToken ct = default)
    {
        var community = await Communities.ByCodeAsync(db, communityCode, ct);
        var members = await db.AllianceMemberships.AsNoTracking().Where(m => m.AreaPath == community.Path && m.Status == MembershipStatus.Approved)
            .Join(db.Organisations, m => m.MerchantId, o => o.Id, (m, o) => new { m.MerchantId, m.MerchantName, o.Address }).ToListAsync(ct);
        var delivered = await db.AllianceBookings.AsNoTracking().Where(b => b.CommunityPath == community.Path && b.Status == BookingStatus.Delivered)
            .GroupBy(b => new { b.MerchantId, b.Kind }).Select(g => new { g.Key.MerchantId, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        var offerings = await OfferingViewsAsync(db.AllianceOfferings.AsNoTracking().Where(o => o.AreaPath == community.Path && o.Active), ct);
        var merchants = members.Select(m =>
        {
            var mine = delivered.Where(d => d.MerchantId == m.MerchantId).OrderBy(d => d.Kind).Select(d => new KindCount(d.Kind, d.Count)).ToList();
            return new MerchantRecognition(m.MerchantId, m.MerchantName, m.Address, mine.Sum(k => k.Deliveries), mine, [.. offerings.Where(o => o.MerchantId == m.MerchantId)]);
        }).OrderByDescending(m => m.Deliveries).ThenBy(m => m.MerchantName, StringComparer.Ordinal).ToList();
        var byKind = delivered.GroupBy(d => d.Kind).OrderBy(g => g.Key).Select(g => new KindCount(g.Key, g.Sum(d => d.Count))).ToList();
        return new AlliancePage(community.Code, community.Name, byKind.Sum(k => k.Deliveries), byKind, merchants);
    }

    public async Task<BookingView> BookingAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var booking = await db.AllianceBookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null || !MaySee(scope, booking))
        {
            throw new NotFoundException("booking");
        }

        return (await BookingViewsAsync([id], ct))[0];
    }

    internal static bool MaySee(Scope scope, AllianceBooking b) =>
        (scope.Has(Role.Merchant) && scope.OrganisationId == b.MerchantId)
        || scope.KeepsRegistryOf(b.AreaPath)
        || (scope.PersonId is not null && scope.PersonId == b.PersonId)
        || b.BookedByUserId == scope.UserId;

    private async Task<List<BookingView>> BookingViewsAsync(IReadOnlyList<Guid> ids, CancellationToken ct) =>
        await (from b in db.AllianceBookings.AsNoTracking()
               where ids.Contains(b.Id)
               join o in db.AllianceOfferings on b.OfferingId equals o.Id
               join p in db.People on b.PersonId equals p.Id
               join h in db.Households on p.HouseholdId equals h.Id into hs
               from h in hs.DefaultIfEmpty()
               select new BookingView(b.Id, b.OfferingId, o.Title, b.Kind, o.MerchantName, b.PersonId, b.PersonName, h == null ? null : h.Address, b.Status,
                   b.BookedByName, b.BookedAt, b.Note, b.DeliveredAt, b.DeliveryNote, b.DeliveryPhotoId)).ToListAsync(ct);

    internal async Task<List<OfferingView>> OfferingViewsAsync(IQueryable<AllianceOffering> query, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var ids = rows.Select(o => o.Id).ToList();
        var earliest = rows.Count == 0 ? Now : rows.Min(o => o.PeriodStart(Now));
        var counts = await db.AllianceBookings.AsNoTracking().Where(b => ids.Contains(b.OfferingId) && b.PeriodStart >= earliest && b.Status != BookingStatus.Cancelled)
            .GroupBy(b => new { b.OfferingId, b.PeriodStart }).Select(g => new { g.Key.OfferingId, g.Key.PeriodStart, Count = g.Count() }).ToListAsync(ct);
        return [.. rows.Select(o =>
        {
            var booked = counts.Where(c => c.OfferingId == o.Id && c.PeriodStart == o.PeriodStart(Now)).Sum(c => c.Count);
            return new OfferingView(o.Id, o.MerchantId, o.MerchantName, AreaPath.CodeOf(o.AreaPath), o.Kind, o.Title, o.Description, CareTagLabels.Split(o.EligibleTags),
                o.Capacity, o.Period, o.Hours, o.Active, booked, Math.Max(0, o.Capacity - booked));
        })];
    }

    internal async Task<Organisation> OwnMerchantAsync(Scope scope, CancellationToken ct)
    {
        var merchant = scope.Has(Role.Merchant) && scope.OrganisationId is { } id
            ? await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.Kind == OrganisationKind.Merchant, ct)
            : null;
        return merchant ?? throw new DomainRuleException("not_a_merchant", "只有商家账号可以操作", "Only a merchant's account can do this.");
    }

    internal static MembershipView ToView(AllianceMembership m) =>
        new(m.Id, AreaPath.CodeOf(m.AreaPath), m.MerchantId, m.MerchantName, m.Status, m.AppliedAt, m.DecidedAt, m.Note);
}
