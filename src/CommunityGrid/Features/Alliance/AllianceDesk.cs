using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Alliance;

public sealed record ApplyToAlliance([property: MaxLength(Area.CodeMaxLength)] string CommunityCode);

public sealed record OfferService(
    [property: MaxLength(Area.CodeMaxLength)] string CommunityCode,
    ServiceKind Kind,
    [property: MaxLength(AllianceOffering.TitleMaxLength)] string Title,
    [property: MaxLength(AllianceOffering.DescriptionMaxLength)] string? Description,
    IReadOnlyList<CareTags>? EligibleTags,
    int Capacity,
    CapacityPeriod Period,
    [property: MaxLength(AllianceOffering.HoursMaxLength)] string? Hours);

public sealed record BookService(Guid? PersonId, [property: MaxLength(AllianceBooking.NoteMaxLength)] string? Note);

public sealed record DeliverService([property: MaxLength(AllianceBooking.NoteMaxLength)] string? Note, Guid? PhotoId);

public sealed record MembershipView(Guid Id, string CommunityCode, Guid MerchantId, string MerchantName, MembershipStatus Status, DateTime AppliedAt, DateTime? DecidedAt, string? Note);

public sealed record OfferingView(Guid Id, Guid MerchantId, string MerchantName, string CommunityCode, ServiceKind Kind, string Title, string Description,
    IReadOnlyList<CareTags> EligibleTags, int Capacity, CapacityPeriod Period, string Hours, bool Active, int BookedThisPeriod, int Remaining);

/// <summary>A booking: the resident's name and address go to the merchant and the staff who keep them; nothing else personal.</summary>
public sealed record BookingView(Guid Id, Guid OfferingId, string OfferingTitle, ServiceKind Kind, string MerchantName, Guid PersonId, string PersonName, string? Address,
    BookingStatus Status, string BookedByName, DateTime BookedAt, string? Note, DateTime? DeliveredAt, string? DeliveryNote, Guid? DeliveryPhotoId);

public sealed record KindCount(ServiceKind Kind, int Deliveries);

public sealed record MerchantRecognition(Guid MerchantId, string MerchantName, string? Address, int Deliveries, IReadOnlyList<KindCount> ByKind, IReadOnlyList<OfferingView> Offerings);

/// <summary>The public alliance page of a community: its merchants and what they gave.</summary>
public sealed record AlliancePage(string CommunityCode, string CommunityName, int Deliveries, IReadOnlyList<KindCount> ByKind, IReadOnlyList<MerchantRecognition> Merchants);

/// <summary>
/// The caring-merchant alliance: merchants join a community (its admin approves), offer help to
/// residents whose care tags make them eligible, staff or residents book within capacity, and the
/// merchant records each delivery.
/// </summary>
public sealed class AllianceDesk(AppDbContext db, CurrentUser current, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<Scope> ScopeAsync(CancellationToken ct = default) => current.ScopeAsync(ct);

    public async Task<MembershipView> ApplyAsync(ApplyToAlliance request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var merchant = await OwnMerchantAsync(scope, ct);
        var community = await Communities.ByCodeAsync(db, request.CommunityCode, ct);
        var membership = await db.AllianceMemberships.SingleOrDefaultAsync(m => m.AreaPath == community.Path && m.MerchantId == merchant.Id, ct);
        if (membership is null)
        {
            membership = AllianceMembership.Apply(community.Id, community.Path, merchant.Id, merchant.Name, scope.UserId!, Now);
            db.AllianceMemberships.Add(membership);
        }
        else
        {
            membership.ApplyAgain(scope.UserId!, Now);
        }

        await SaveAsync("already_applied", ct);
        return ToView(membership);
    }

    public Task<MembershipView> ApproveAsync(Guid id, CancellationToken ct = default) => DecideAsync(id, (m, s) => m.Approve(s.UserId!, Now), ct);

    public Task<MembershipView> RejectAsync(Guid id, string reason, CancellationToken ct = default) => DecideAsync(id, (m, s) => m.Reject(s.UserId!, reason, Now), ct);

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

    public async Task<OfferingView> OfferAsync(OfferService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var merchant = await OwnMerchantAsync(scope, ct);
        var community = await Communities.ByCodeAsync(db, request.CommunityCode, ct);
        var membership = await db.AllianceMemberships.AsNoTracking().SingleOrDefaultAsync(m => m.AreaPath == community.Path && m.MerchantId == merchant.Id, ct)
            ?? throw new DomainRuleException("not_an_alliance_member", "加入联盟的申请通过后才能发布服务", "The merchant must be an approved alliance member first.");
        var offering = AllianceOffering.Offer(membership, request.Kind, request.Title, request.Description, CareTagLabels.Combine(request.EligibleTags),
            request.Capacity, request.Period, request.Hours, Now);
        db.AllianceOfferings.Add(offering);
        await db.SaveInTransactionAsync(ct);
        return (await OfferingViewsAsync(db.AllianceOfferings.AsNoTracking().Where(o => o.Id == offering.Id), ct))[0];
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

        return await OfferingViewsAsync(query.OrderBy(o => o.Kind).ThenBy(o => o.MerchantName).Take(Paging.MaxSize), ct);
    }

    /// <summary>
    /// The merchant (or the community's admin) stops offering it: no new bookings; open ones stay to be
    /// delivered. Anyone else who can see the offering is refused (not_the_merchant), others get 404.
    /// </summary>
    public async Task<OfferingView> WithdrawAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var offering = await db.AllianceOfferings.SingleOrDefaultAsync(o => o.Id == id, ct);
        var allowed = offering is not null && ((scope.Has(Role.Merchant) && scope.OrganisationId == offering.MerchantId) || scope.Administers(offering.AreaPath));
        if (offering is null || !(allowed || scope.BoundIn(offering.AreaPath) || scope.KeepsRegistryOf(offering.AreaPath)))
        {
            throw new NotFoundException("offering");
        }

        if (!allowed)
        {
            throw new DomainRuleException("not_the_merchant", "只有提供服务的商家或社区管理员可以停止此项服务", "Only the merchant or the community's admins withdraw an offering.");
        }

        offering.Withdraw();
        await SaveAsync("already_withdrawn", ct);
        return (await OfferingViewsAsync(db.AllianceOfferings.AsNoTracking().Where(o => o.Id == id), ct))[0];
    }

    /// <summary>
    /// Books for the caller (a resident) or for <see cref="BookService.PersonId"/> (staff who keep that
    /// resident). Capacity is counted under a lock of the offering's row so two bookings at once never
    /// overrun it.
    /// </summary>
    public async Task<BookingView> BookAsync(Guid offeringId, BookService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var personId = request.PersonId ?? scope.PersonId
            ?? throw new DomainRuleException("not_a_resident", "请选择要预约服务的居民", "Choose the resident to book for.");
        var person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null || (person.Id != scope.PersonId && !scope.KeepsRegistryOf(person.AreaPath)))
        {
            throw new NotFoundException("person");
        }

        var offering = await db.AllianceOfferings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offeringId, ct);
        if (offering is null || !(scope.BoundIn(offering.AreaPath) || scope.KeepsRegistryOf(offering.AreaPath)))
        {
            throw new NotFoundException("offering");
        }

        var booking = AllianceBooking.For(offering, person, scope.UserId!, scope.DisplayName ?? scope.UserName ?? "", request.Note, Now);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Lock the offering: bookings of one offering are counted one at a time.
            await db.AllianceOfferings.Where(o => o.Id == offeringId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Version, o => o.Version), ct);
            var period = booking.PeriodStart;
            var taken = await db.AllianceBookings.Where(b => b.OfferingId == offeringId && b.PeriodStart == period && b.Status != BookingStatus.Cancelled)
                .Select(b => b.PersonId).ToListAsync(ct);
            if (taken.Contains(person.Id))
            {
                throw new DomainRuleException("already_booked", "该居民本期已预约过此项服务", "The resident has booked this offering for this period already.");
            }

            if (taken.Count >= offering.Capacity)
            {
                throw new DomainRuleException("fully_booked", "本期名额已约满", "All places of this period are taken.");
            }

            db.AllianceBookings.Add(booking);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return await BookingAsync(booking.Id, ct);
    }

    /// <summary>The merchant records that it gave the service (note, optional photo uploaded to /api/photos).</summary>
    public async Task<BookingView> DeliverAsync(Guid id, DeliverService request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        var booking = await db.AllianceBookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null || !MaySee(scope, booking))
        {
            throw new NotFoundException("booking");
        }

        if (!(scope.Has(Role.Merchant) && scope.OrganisationId == booking.MerchantId))
        {
            throw new DomainRuleException("not_the_merchant", "只有提供服务的商家可以登记服务完成", "Only the merchant records the delivery.");
        }

        if (request.PhotoId is { } photoId && !await db.Photos.AnyAsync(p => p.Id == photoId && p.UploaderUserId == scope.UserId && p.WorkOrderId == null, ct))
        {
            throw new InvalidInputException("photo_unknown", "照片不存在，请重新上传", "The photo was not found; upload it again.");
        }

        booking.Deliver(scope.UserId!, request.Note, request.PhotoId, Now);
        await SaveAsync("not_booked", ct);
        return await BookingAsync(id, ct);
    }

    /// <summary>Cancelled by who booked it, the resident, or the merchant.</summary>
    public async Task<BookingView> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var scope = await current.ScopeAsync(ct);
        var booking = await db.AllianceBookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null || !MaySee(scope, booking))
        {
            throw new NotFoundException("booking");
        }

        booking.Cancel();
        await SaveAsync("not_booked", ct);
        return await BookingAsync(id, ct);
    }

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

    private static bool MaySee(Scope scope, AllianceBooking b) =>
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

    private async Task<List<OfferingView>> OfferingViewsAsync(IQueryable<AllianceOffering> query, CancellationToken ct)
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

    private async Task<MembershipView> DecideAsync(Guid id, Action<AllianceMembership, Scope> decide, CancellationToken ct)
    {
        var scope = await current.ScopeAsync(ct);
        var membership = await db.AllianceMemberships.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (membership is null || !(scope.Administers(membership.AreaPath) || scope.IsStaffOf(membership.AreaPath) || scope.OrganisationId == membership.MerchantId))
        {
            throw new NotFoundException("membership");
        }

        if (!scope.Administers(membership.AreaPath))
        {
            throw new DomainRuleException("not_community_admin", "只有社区管理员可以审批加入联盟", "Only the community's admins decide on members.");
        }

        decide(membership, scope);
        await SaveAsync("not_pending", ct);
        return ToView(membership);
    }

    private async Task<Organisation> OwnMerchantAsync(Scope scope, CancellationToken ct)
    {
        var merchant = scope.Has(Role.Merchant) && scope.OrganisationId is { } id
            ? await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.Kind == OrganisationKind.Merchant, ct)
            : null;
        return merchant ?? throw new DomainRuleException("not_a_merchant", "只有商家账号可以操作", "Only a merchant's account can do this.");
    }

    /// <summary>Saves; a lost race (same row changed, same unique key) is the rule <paramref name="raceCode"/> names.</summary>
    private async Task SaveAsync(string raceCode, CancellationToken ct)
    {
        try
        {
            await db.SaveInTransactionAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || Unique.IsViolation(e))
        {
            throw new DomainRuleException(raceCode, "数据已被他人修改，请刷新后重试", "Someone else changed this just now; reload.");
        }
    }

    private static MembershipView ToView(AllianceMembership m) =>
        new(m.Id, AreaPath.CodeOf(m.AreaPath), m.MerchantId, m.MerchantName, m.Status, m.AppliedAt, m.DecidedAt, m.Note);
}
