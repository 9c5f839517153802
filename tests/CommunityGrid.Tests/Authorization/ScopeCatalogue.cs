using System.Linq.Expressions;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Authorization;

/// <summary>What a route parameter or a request field names.</summary>
public enum Kind
{
    Area,
    AreaCode,
    CommunityCode,
    DistrictCode,
    HouseCode,
    Person,
    Household,
    Estate,
    Organisation,
    WorkOrder,
    Photo,
    PointsAccount,
    Transfer,
    ShopItem,
    MerchantOffer,
    Redemption,
    Team,
    Activity,
    Shift,
    SignUp,
    Wish,
    Membership,
    Offering,
    Booking,
    Station,
    MicroProject,
    CommunityEvent,
    JobPosting,
    JobApplication,
    TrainingCourse,
    CourseSession,
    Inbox,
    Webhook,
    Delivery,
    ManualTriage,
    AssessmentRound,
    Meeting,
    Patrol,

    // Not scoped by area: the same value whoever asks.
    Category,
    ServiceCode,
    Open311RequestId,
    Open311Token,
    Format,
    Open311Client,
}

public enum Side
{
    In,
    Out,
}

/// <summary>A demo account as the matrix sees it: where it lives and which community lies outside it.</summary>
public sealed record Caller(string UserName, string? UserId, Guid? PersonId, string? HomePath, string? InCommunityPath, string? OutCommunityPath)
{
    public static readonly Caller Anonymous = new("anonymous", null, null, null, Catalogue.Shiqi, null);

    public bool IsAnonymous => UserId is null;

    public override string ToString() => UserName;
}

/// <summary>
/// In-scope and out-of-scope values of every kind, per caller, discovered from the seeded demo (plus
/// a few objects the demo lacks — work orders, photos, codes, webhooks, sign-ups — made through the API
/// by their ordinary users first).
/// </summary>
public sealed class Catalogue
{
    public const string Shiqi = "150100/150105/150105001/150105001001/";
    public const string Hexi = "150100/150102/150102001/150102001001/";
    public const string Licheng = "150100/150104/150104001/150104001001/";
    public const string Sanshundian = "150100/150103/150103001/150103001001/";

    public static readonly string[] UserNames =
    [
        DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan, DemoUsers.StreetAdminRenminlu, DemoUsers.CommunityAdminShiqi, DemoUsers.CommunityAdminHexi, DemoUsers.GridChiefShiqi1, DemoUsers.GridWorkerShiqi2,
        DemoUsers.BuildingHeadShiqi1, DemoUsers.PartyMemberShiqi1, DemoUsers.VolunteerShiqi1, DemoUsers.RiderLicheng1, DemoUsers.MerchantHexi1,
        DemoUsers.PropertyStaffSanshundian1, DemoUsers.StationStaffLicheng1, DemoUsers.ResidentShiqi1, DemoUsers.ResidentHexi1,
    ];

    private readonly Dictionary<(Kind, string), string?> byPath = [];
    private readonly Dictionary<(string, Side), string?> inbox = [];

    public IReadOnlyList<Caller> Callers { get; private set; } = [];

    public List<string> SetupNotes { get; } = [];

    public static bool IsScoped(Kind kind) => kind < Kind.Category;

    /// <summary>The value of <paramref name="kind"/> for the caller on one side of their scope; null when the demo has none.</summary>
    public (string? Value, bool Exact) ValueFor(Kind kind, Caller caller, Side side)
    {
        if (!IsScoped(kind))
        {
            return (byPath.GetValueOrDefault((kind, "")), true);
        }

        if (kind == Kind.Inbox)
        {
            return (caller.UserId is null ? null : inbox.GetValueOrDefault((caller.UserId, side)), true);
        }

        if (side == Side.Out)
        {
            return caller.OutCommunityPath is null ? (null, false) : (byPath.GetValueOrDefault((kind, caller.OutCommunityPath)), true);
        }

        if (kind == Kind.Person && caller.PersonId is { } own)
        {
            return (own.ToString(), true);
        }

        if (caller.HomePath is { } home && byPath.GetValueOrDefault((kind, home)) is { } exact)
        {
            return (exact, true);
        }

        var community = caller.InCommunityPath is null ? null : byPath.GetValueOrDefault((kind, caller.InCommunityPath));
        // A community-wide object is in scope for whoever's home is the community or above it.
        return (community, caller.HomePath is null || caller.HomePath.Length <= Shiqi.Length);
    }

    public static async Task<Catalogue> BuildAsync(MatrixApp app)
    {
        var catalogue = new Catalogue();
        await catalogue.MakeMissingObjectsAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await catalogue.LoadCallersAsync(db);
        var paths = catalogue.Callers.SelectMany(c => new[] { c.HomePath, c.InCommunityPath, c.OutCommunityPath })
            .Append(Sanshundian).Append(Licheng).OfType<string>().Distinct().ToList();
        foreach (var path in paths)
        {
            foreach (var kind in Enum.GetValues<Kind>().Where(IsScoped).Where(k => k != Kind.Inbox))
            {
                catalogue.byPath[(kind, path)] = await FindAsync(db, kind, path);
            }
        }

        catalogue.byPath[(Kind.Category, "")] = "property.drain";
        catalogue.byPath[(Kind.ServiceCode, "")] = "drain";
        catalogue.byPath[(Kind.Open311RequestId, "")] = await db.WorkOrders.AsNoTracking().Under([Shiqi]).OrderBy(o => o.Number).Select(o => o.Number).FirstOrDefaultAsync();
        catalogue.byPath[(Kind.Open311Token, "")] = Guid.NewGuid().ToString();
        catalogue.byPath[(Kind.Format, "")] = "json";
        catalogue.byPath[(Kind.Open311Client, "")] = (await db.Open311Clients.AsNoTracking().Select(c => c.Id).FirstAsync()).ToString();

        foreach (var caller in catalogue.Callers.Where(c => c.UserId is not null))
        {
            var own = await db.InboxMessages.AsNoTracking().Where(m => m.UserId == caller.UserId).OrderBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
            catalogue.inbox[(caller.UserId!, Side.In)] = own?.ToString();
            var others = caller.OutCommunityPath is null ? null
                : await db.InboxMessages.AsNoTracking().Under([caller.OutCommunityPath]).Where(m => m.UserId != caller.UserId).OrderBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
            catalogue.inbox[(caller.UserId!, Side.Out)] = others?.ToString();
        }

        return catalogue;
    }

    private async Task LoadCallersAsync(AppDbContext db)
    {
        var users = await db.Users.AsNoTracking().Where(u => UserNames.Contains(u.UserName!))
            .Select(u => new { u.Id, u.UserName, u.PersonId }).ToListAsync();
        var grants = await db.RoleAssignments.AsNoTracking().Select(r => new { r.UserId, r.AreaPath }).ToListAsync();
        var callers = new List<Caller>();
        foreach (var name in UserNames)
        {
            var user = users.Single(u => u.UserName == name);
            var home = Scope.Outermost(grants.Where(g => g.UserId == user.Id).Select(g => g.AreaPath)).OrderBy(p => p.Length).First();
            var community = home.Length >= Shiqi.Length ? string.Join('/', home.Split('/')[..4]) + "/" : Shiqi;
            // The city admin sees everything: nothing lies outside.
            var outside = home.Count(c => c == '/') == 1 ? null : community == Shiqi || Shiqi.StartsWith(home, StringComparison.Ordinal) ? Hexi : Shiqi;
            callers.Add(new Caller(name, user.Id, user.PersonId, home, community, outside));
        }

        Callers = callers;
    }

    private static async Task<string?> FindAsync(AppDbContext db, Kind kind, string path) => kind switch
    {
        Kind.Area => await db.Areas.AsNoTracking().Where(a => a.Path == path).Select(a => (Guid?)a.Id).FirstOrDefaultAsync() is { } id ? id.ToString() : null,
        Kind.AreaCode or Kind.CommunityCode => path.Length >= Shiqi.Length ? path.Split('/')[3] : null,
        Kind.DistrictCode => path.Split('/')[1],
        Kind.HouseCode => await db.Areas.AsNoTracking().Under([path]).Where(a => a.Level == AreaLevel.House).OrderBy(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(),
        Kind.Person => await FirstAsync(db.People, path, p => p.Id),
        Kind.Household => await FirstAsync(db.Households, path, h => h.Id),
        Kind.Estate => await FirstAsync(db.Estates, path, e => e.Id),
        Kind.Organisation => await FirstAsync(db.Organisations, path, o => o.Id),
        Kind.WorkOrder => await FirstAsync(db.WorkOrders, path, o => o.Id),
        Kind.Photo => await PhotoAsync(db, path),
        Kind.PointsAccount => await FirstAsync(db.PointsAccounts, path, a => a.Id),
        Kind.Transfer => await FirstAsync(db.PointsTransfers, path, t => t.Id),
        Kind.ShopItem => await FirstAsync(db.ShopItems.Where(i => i.MerchantId == null), path, i => i.Id),
        Kind.MerchantOffer => await FirstAsync(db.ShopItems.Where(i => i.MerchantId != null), path, i => i.Id),
        Kind.Redemption => await FirstAsync(db.Redemptions, path, r => r.Id),
        Kind.Team => await FirstAsync(db.VolunteerTeams, path, t => t.Id),
        Kind.Activity => await FirstAsync(db.VolunteerActivities, path, a => a.Id),
        Kind.Shift => (await ShiftsUnder(db, path).OrderBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync())?.ToString(),
        Kind.SignUp => await FirstAsync(db.SignUps, path, s => s.Id),
        Kind.Wish => await FirstAsync(db.Wishes, path, w => w.Id),
        Kind.Membership => await FirstAsync(db.AllianceMemberships, path, m => m.Id),
        Kind.Offering => await FirstAsync(db.AllianceOfferings, path, o => o.Id),
        Kind.Booking => await FirstAsync(db.AllianceBookings, path, b => b.Id),
        Kind.Station => await FirstAsync(db.Stations, path, s => s.Id),
        Kind.MicroProject => await FirstAsync(db.Set<Features.Programmes.MicroProject>(), path, p => p.Id),
        Kind.CommunityEvent => await FirstAsync(db.Set<Features.Programmes.CommunityEvent>(), path, e => e.Id),
        Kind.JobPosting => await FirstAsync(db.Set<Features.Programmes.JobPosting>(), path, p => p.Id),
        Kind.JobApplication => await FirstAsync(db.Set<Features.Programmes.JobApplication>(), path, a => a.Id),
        Kind.TrainingCourse => await FirstAsync(db.Set<Features.Programmes.TrainingCourse>(), path, c => c.Id),
        Kind.CourseSession => await SessionAsync(db, path),
        Kind.Webhook => await FirstAsync(db.WebhookSubscriptions, path, w => w.Id),
        Kind.Delivery => await DeliveryAsync(db, path),
        Kind.ManualTriage => await FirstAsync(db.ManualTriages, path, t => t.Id),
        Kind.AssessmentRound => await FirstAsync(db.AssessmentRounds, path, r => r.Id),
        Kind.Meeting => await FirstAsync(db.JointMeetings, path, m => m.Id),
        Kind.Patrol => await FirstAsync(db.Patrols, path, p => p.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no catalogue query for this kind"),
    };

    private static async Task<string?> SessionAsync(AppDbContext db, string path)
    {
        var courses = db.Set<Features.Programmes.TrainingCourse>().Under([path]);
        return (await db.Set<Features.Programmes.CourseSession>().AsNoTracking().Where(s => courses.Any(c => c.Id == s.CourseId))
            .OrderBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync())?.ToString();
    }

    private static async Task<string?> PhotoAsync(AppDbContext db, string path)
    {
        var orders = db.WorkOrders.Under([path]);
        return (await db.Photos.AsNoTracking().Where(p => orders.Any(o => o.Id == p.WorkOrderId)).OrderBy(p => p.Id).Select(p => (Guid?)p.Id).FirstOrDefaultAsync())?.ToString();
    }

    private static async Task<string?> DeliveryAsync(AppDbContext db, string path)
    {
        var webhooks = db.WebhookSubscriptions.Under([path]);
        return (await db.OutboxMessages.AsNoTracking().Where(m => webhooks.Any(w => w.Id == m.SubscriptionId)).OrderBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync())?.ToString();
    }

    private static IQueryable<Features.Volunteers.ActivityShift> ShiftsUnder(AppDbContext db, string path)
    {
        var activities = db.VolunteerActivities.Under([path]);
        return db.ActivityShifts.AsNoTracking().Where(s => activities.Any(a => a.Id == s.ActivityId));
    }

    private static async Task<string?> FirstAsync<T>(IQueryable<T> set, string path, Expression<Func<T, Guid>> id)
        where T : class, IAreaScoped
    {
        var found = await set.AsNoTracking().Under([path]).OrderBy(id).Select(id).Take(1).ToListAsync();
        return found.Count == 0 ? null : found[0].ToString();
    }

    /// <summary>The demo has no work orders, photos, codes, webhooks or sign-ups: their ordinary users make one in each community.</summary>
    private async Task MakeMissingObjectsAsync(MatrixApp app)
    {
        foreach (var resident in new[] { DemoUsers.ResidentShiqi1, DemoUsers.ResidentHexi1, DemoUsers.RiderLicheng1, DemoUsers.ResidentSanshundian1 })
        {
            var client = await app.ClientAsync(resident);
            byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0, 0, 0, 0];
            var content = new ByteArrayContent(png);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            var photo = await client.PostAsync("/api/photos", new MultipartFormDataContent { { content, "file", "p.png" } });
            var photoId = photo.IsSuccessStatusCode ? (await photo.Content.ReadFromJsonAsync<IdBody>())!.Id : (Guid?)null;
            await NoteAsync(resident + " reports", await client.PostAsJsonAsync("/api/work-orders", new
            {
                categoryCode = "property.drain",
                title = "下水堵塞（矩阵）",
                description = "厨房下水堵了",
                photoIds = photoId is { } p ? new[] { p } : [],
            }));
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var (resident, community) in new[] { (DemoUsers.ResidentShiqi1, Shiqi), (DemoUsers.ResidentHexi1, Hexi) })
            {
                var item = await db.ShopItems.AsNoTracking().Under([community]).Where(i => i.MerchantId == null).OrderBy(i => i.Price).Select(i => i.Id).FirstAsync();
                await NoteAsync(resident + " redeems", await (await app.ClientAsync(resident)).PostAsJsonAsync($"/api/points/shop/{item}/redeem", new { }));
            }

            foreach (var (volunteer, community) in new[] { (DemoUsers.VolunteerShiqi1, Shiqi), (DemoUsers.RiderLicheng1, Licheng) })
            {
                var shift = await ShiftsUnder(db, community).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync();
                await NoteAsync(volunteer + " signs up", await (await app.ClientAsync(volunteer)).PostAsJsonAsync($"/api/volunteers/shifts/{shift}/sign-up", new { }));
            }

            var offering = await db.AllianceOfferings.AsNoTracking().Under([Hexi]).Select(o => o.Id).FirstAsync();
            await NoteAsync("resident.hexi.01 books", await (await app.ClientAsync(DemoUsers.ResidentHexi1)).PostAsJsonAsync($"/api/alliance/offerings/{offering}/bookings", new { note = "矩阵" }));
        }

        foreach (var (admin, code) in new[] { (DemoUsers.CommunityAdminShiqi, "150105001001"), (DemoUsers.CommunityAdminHexi, "150102001001") })
        {
            await NoteAsync(admin + " subscribes", await (await app.ClientAsync(admin)).PostAsJsonAsync("/api/webhooks", new { areaCode = code, name = "矩阵", targetUrl = "http://127.0.0.1:9/hook" }));
        }

        await NoteAsync("resident.hexi.01 wishes", await (await app.ClientAsync(DemoUsers.ResidentHexi1)).PostAsJsonAsync("/api/wishes", new { title = "想要一把轮椅", story = "腿脚不便" }));
    }

    private async Task NoteAsync(string what, HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            SetupNotes.Add($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record IdBody(Guid Id);
}
