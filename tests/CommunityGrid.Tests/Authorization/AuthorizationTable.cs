using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Authorization;

/// <summary>
/// What one operation allows. <see cref="Public"/>: anonymous callers too, nothing is scoped. Otherwise
/// only signed-in callers (anonymous → 401), and only the accounts in <see cref="May"/> may get a 2xx on
/// an object in their scope. Whatever the row says, an object outside the caller's scope answers 404
/// (never 2xx, never 403) unless <see cref="CrossScope"/> names why the object is meant to be seen from
/// everywhere.
/// </summary>
public sealed record AccessRule(string Key, bool Public, IReadOnlySet<string> May, string? CrossScope = null, Defect? Known = null, string? VacuousBecause = null)
{
    /// <summary>The object is meant to be reached across areas (a merchant's own offerings anywhere).</summary>
    public AccessRule Across(string reason) => this with { CrossScope = reason };

    /// <summary>A defect owned and fixed elsewhere: its status is reported, not failed, until that fix lands.</summary>
    public AccessRule KnownDefect(int status, string reason) => this with { Known = new Defect(status, reason) };

    /// <summary>The demo holds no object of this kind that anyone may read, so no in-scope 2xx is expected.</summary>
    public AccessRule NothingToRead(string reason) => this with { VacuousBecause = reason };
}

public sealed record Defect(int Status, string Reason);

/// <summary>
/// THE table of the authorization matrix: one row per operation of the OpenAPI document. A new endpoint
/// without a row fails <c>Every_operation_of_the_openapi_document_has_a_row_in_the_authorization_table</c>.
/// </summary>
public static class AuthorizationTable
{
    private static readonly string[] CityAdmin = [DemoUsers.CityAdmin];
    private static readonly string[] CityAndDistrictAdmins = [DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan];
    private static readonly string[] Admins = [DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan, DemoUsers.StreetAdminRenminlu, DemoUsers.CommunityAdminShiqi, DemoUsers.CommunityAdminHexi];
    private static readonly string[] CommunityAdmins = [DemoUsers.CityAdmin, DemoUsers.CommunityAdminShiqi, DemoUsers.CommunityAdminHexi];
    private static readonly string[] GridStaff = [DemoUsers.GridChiefShiqi1, DemoUsers.GridWorkerShiqi2];
    private static readonly string[] Registry = [.. Admins, .. GridStaff, DemoUsers.BuildingHeadShiqi1];
    private static readonly string[] PeopleEditors = [.. Admins, .. GridStaff];
    private static readonly string[] Everyone = Catalogue.UserNames;
    private static readonly string[] Merchant = [DemoUsers.MerchantHexi1];
    private static readonly string[] WithResidentRecord = [DemoUsers.PartyMemberShiqi1, DemoUsers.VolunteerShiqi1, DemoUsers.RiderLicheng1, DemoUsers.ResidentShiqi1, DemoUsers.ResidentHexi1, DemoUsers.BuildingHeadShiqi1];

    private static AccessRule Public(string key) => new(key, true, Everyone.ToHashSet());

    private static AccessRule Only(string key, params string[][] who) => new(key, false, who.SelectMany(w => w).ToHashSet());

    public static readonly IReadOnlyList<AccessRule> Rows =
    [
        // Accounts
        Public("POST /api/auth/token"),
        Only("GET /api/auth/me", Everyone),
        Only("POST /api/auth/logout", Everyone),

        // Areas: read on the way to and under one's grants; edits by admins of the parent.
        Public("GET /api/areas/locate"),
        Only("GET /api/areas/roots", Everyone),
        Only("GET /api/areas/search", Everyone), // district to grid names are public (boards, wish walls); mine=true keeps to the registry
        Only("GET /api/areas/{id}", Everyone),
        Only("PUT /api/areas/{id}", Admins),
        Only("GET /api/areas/{id}/children", Everyone),
        Only("GET /api/areas/by-code/{code}", Everyone),
        Only("GET /api/areas/{id}/grids.geojson", Everyone),
        Public("GET /api/areas/{id}/board"),
        Public("GET /api/areas/board"),
        Only("POST /api/areas", Admins),
        Only("POST /api/areas/{id}/move", Admins),
        Only("POST /api/areas/{id}/retire", Admins),

        // Audit
        Only("GET /api/audit", Admins),
        Only("GET /api/audit/sensitive-reads", Admins),
        Only("GET /api/audit/verify", CityAdmin),

        // People and organisations
        Only("GET /api/people", Registry),
        Only("GET /api/people/search", Registry),
        Only("POST /api/people", PeopleEditors),
        Only("GET /api/people/me", Everyone),
        Only("GET /api/people/{id}", Registry, WithResidentRecord),
        Only("PUT /api/people/{id}/contact", PeopleEditors, WithResidentRecord),
        Only("GET /api/people/import/template", Everyone), // a blank template: nothing personal in it
        Only("POST /api/people/import", PeopleEditors),
        Only("GET /api/households", Registry),
        Only("GET /api/households/{id}", Registry, WithResidentRecord),
        Only("POST /api/households/{id}/surveys", PeopleEditors),
        Only("GET /api/organisations", Registry),
        Only("GET /api/organisations/search", Registry),
        Only("POST /api/organisations", Admins),
        Only("GET /api/estates", Registry),
        Only("POST /api/estates", Admins),
        Only("GET /api/estates/{id}", Registry),
        Only("PUT /api/estates/{id}/buildings", Admins),

        // Work orders
        Only("GET /api/kpis", Admins, GridStaff),
        // Dashboards: those who keep the node's registry (admins, grid staff, building heads).
        Only("GET /api/dashboards/{areaCode}", Registry),
        Only("GET /api/dashboards/{areaCode}/map", Registry),
        Only("GET /api/dashboards/{areaCode}/export.xlsx", Registry),
        Only("GET /api/dashboards/{areaCode}/export.csv", Registry),
        Only("GET /api/dashboards/{areaCode}/monthly-report.pdf", Registry),
        Public("GET /api/work-orders/categories"),
        Only("POST /api/work-orders/categories", CityAdmin),
        Only("PUT /api/work-orders/categories/{code}", CityAdmin),
        Only("GET /api/work-orders/routing/{districtCode}", Registry),
        Only("PUT /api/work-orders/routing/{districtCode}", Admins),
        Only("POST /api/work-orders", Everyone),
        Only("GET /api/work-orders", Everyone),
        Only("GET /api/work-orders/pool", Everyone),
        Only("GET /api/work-orders/{id}", Everyone),
        Only("GET /api/work-orders/{id}/duplicates", Everyone),
        Only("POST /api/work-orders/{id}/dispatch", Admins, GridStaff),
        Only("POST /api/work-orders/{id}/accept", Everyone),
        Only("POST /api/work-orders/{id}/return", Everyone),
        Only("POST /api/work-orders/{id}/request-extension", Everyone),
        Only("POST /api/work-orders/{id}/approve-extension", Admins, GridStaff),
        Only("POST /api/work-orders/{id}/resolve", Everyone),
        Only("POST /api/work-orders/{id}/verify", Admins, GridStaff),
        Only("POST /api/work-orders/{id}/reject-verification", Admins, GridStaff),
        Only("POST /api/work-orders/{id}/callback", Everyone),
        Only("POST /api/work-orders/{id}/cancel", Everyone),
        Only("POST /api/work-orders/{id}/supervise", Admins),
        Only("POST /api/work-orders/{id}/merge", Admins, GridStaff),
        Only("POST /api/work-orders/triage", Everyone),
        Only("GET /api/work-orders/triage/queue", Admins, GridStaff),
        Only("POST /api/work-orders/triage/queue", Everyone),
        Only("POST /api/work-orders/triage/queue/{id}/dispatch", Admins, GridStaff)
            .NothingToRead("the demo seeds no complaint waiting for manual triage"),
        Only("POST /api/work-orders/triage/retrain", CityAdmin),
        Only("GET /api/work-orders/triage/training", CityAdmin),
        Only("POST /api/photos", Everyone),
        Only("GET /api/photos/{id}", Everyone),

        // Points
        Only("GET /api/points/me", Everyone),
        Only("GET /api/points/accounts", Admins),
        Only("GET /api/points/accounts/{id}", Everyone),
        Only("GET /api/points/books", Admins),
        Only("POST /api/points/transfers/{id}/reverse", Admins),
        Only("GET /api/points/policies/{communityCode}", Everyone),
        Only("PUT /api/points/policies/{communityCode}", Admins),
        Only("GET /api/points/shop", Everyone),
        Only("POST /api/points/shop/{itemId}/redeem", Everyone),
        Only("GET /api/points/codes", Everyone),
        Only("GET /api/points/codes/{id}", Everyone),
        Only("GET /api/points/codes/{id}/qr", Everyone),
        Only("POST /api/points/codes/{id}/cancel", Everyone),
        Only("POST /api/points/merchant/redeem", Merchant),
        Only("GET /api/points/merchant/redemptions/today", Everyone),
        Only("GET /api/points/merchant/offers", Everyone),
        Only("POST /api/points/merchant/offers", Merchant, Admins),
        Only("PUT /api/points/merchant/offers/{id}", Merchant, Admins),
        Only("GET /api/points/shop-items", Everyone),
        Only("POST /api/points/shop-items", Admins),
        Only("PUT /api/points/shop-items/{id}", Admins),
        Only("GET /api/points/redemptions", Everyone),

        // Volunteers
        Only("GET /api/volunteers/teams", Everyone),
        Only("POST /api/volunteers/teams", Admins),
        Only("GET /api/volunteers/teams/{id}", Everyone),
        Only("GET /api/volunteers/teams/{id}/members", Everyone),
        Only("POST /api/volunteers/teams/{id}/members", Everyone),
        Only("GET /api/volunteers/registration", Everyone),
        Only("PUT /api/volunteers/registration", Everyone),
        Only("GET /api/volunteers/registrations", Everyone),
        Only("GET /api/volunteers/activities", Everyone),
        Only("POST /api/volunteers/activities", Admins),
        Only("GET /api/volunteers/activities/{id}", Everyone),
        Only("GET /api/volunteers/activities/{id}/sign-ups", Everyone),
        Public("GET /api/volunteers/communities/{code}/activities"), // coming activities are published
        Only("POST /api/volunteers/shifts/{id}/sign-up", Everyone),
        Only("POST /api/volunteers/shifts/{id}/cancel", Everyone),
        Only("POST /api/volunteers/shifts/{id}/check-in", Everyone),
        Only("POST /api/volunteers/shifts/{id}/check-out", Everyone),
        Only("POST /api/volunteers/sign-ups/{id}/verify", Admins),
        Only("POST /api/volunteers/sign-ups/{id}/correct", Admins),
        Only("GET /api/volunteers/me/record", Everyone),
        Only("GET /api/volunteers/me/certificate.pdf", Everyone),

        // Wishes
        Only("POST /api/wishes", Everyone),
        Only("GET /api/wishes", Everyone),
        Only("GET /api/wishes/mine", Everyone),
        Only("GET /api/wishes/claimed", Everyone),
        Public("GET /api/wishes/wall/{communityCode}"), // the wish wall shows masked names to anyone
        Only("GET /api/wishes/{id}", Everyone),
        Only("POST /api/wishes/{id}/approve", Admins, GridStaff),
        Only("POST /api/wishes/{id}/reject", Admins, GridStaff),
        Only("POST /api/wishes/{id}/claim", Everyone),
        Only("POST /api/wishes/{id}/give-up", Everyone),
        Only("POST /api/wishes/{id}/fulfil", Everyone),
        Only("POST /api/wishes/{id}/confirm", Everyone),
        Only("GET /api/wishes/{id}/photos/{photoId}", Everyone)
            .NothingToRead("no wish of the demo is fulfilled with a photo"),

        // Caring-merchant alliance and care visits
        Public("GET /api/alliance/communities/{communityCode}"), // public recognition of merchants
        Only("POST /api/alliance/memberships", Everyone)
            .Across("a merchant applies to the alliance of any community; that community's admins decide"),
        Only("GET /api/alliance/memberships", Everyone)
            .Across("a merchant lists its own memberships in any community"),
        Only("POST /api/alliance/memberships/{id}/approve", Admins),
        Only("POST /api/alliance/memberships/{id}/reject", Admins),
        Only("POST /api/alliance/offerings", Merchant),
        Only("GET /api/alliance/offerings", Everyone)
            .Across("a merchant lists its own offerings in any community it joined"),
        Only("POST /api/alliance/offerings/{id}/withdraw", Merchant, Admins),
        Only("POST /api/alliance/offerings/{id}/bookings", Everyone),
        Only("GET /api/alliance/bookings", Everyone),
        Only("GET /api/alliance/bookings/{id}", Everyone),
        Only("POST /api/alliance/bookings/{id}/deliver", Merchant),
        Only("POST /api/alliance/bookings/{id}/cancel", Everyone),
        Only("GET /api/care-visits/due", Everyone),
        Only("POST /api/care-visits", Registry),
        Only("GET /api/care-visits", Everyone),
        Only("GET /api/care-visits/intervals/{communityCode}", Everyone),
        Only("PUT /api/care-visits/intervals/{communityCode}", Admins),

        // Red-bee stations
        Only("GET /api/stations", Everyone),
        Only("POST /api/stations", Admins),
        Only("GET /api/stations/{id}", Everyone),
        Only("PUT /api/stations/{id}", Admins, [DemoUsers.StationStaffLicheng1]),
        Only("POST /api/stations/{id}/check-in", Everyone),
        Only("GET /api/stations/{id}/use", Everyone),

        // Community programmes: 民生微实事 with the residents' council, and the events calendar
        Only("POST /api/micro-projects", Admins, GridStaff, WithResidentRecord),
        Only("GET /api/micro-projects", Everyone),
        Only("GET /api/micro-projects/budgets/{communityCode}", Everyone),
        Only("PUT /api/micro-projects/budgets/{communityCode}", Admins),
        Only("GET /api/micro-projects/{id}", Everyone),
        Only("POST /api/micro-projects/{id}/screen", Admins),
        Only("POST /api/micro-projects/{id}/votes", WithResidentRecord), // council members only
        Only("POST /api/micro-projects/{id}/close-vote", Admins),
        Only("POST /api/micro-projects/{id}/objections", WithResidentRecord),
        Only("POST /api/micro-projects/{id}/start", Admins),
        Only("POST /api/micro-projects/{id}/updates", Admins),
        Only("POST /api/micro-projects/{id}/complete", Admins),
        Only("POST /api/micro-projects/{id}/evaluations", WithResidentRecord),
        Only("GET /api/micro-projects/{id}/photos/{photoId}", Everyone)
            .NothingToRead("no progress update of the demo carries a photo"),
        Only("GET /api/councils/{communityCode}", Everyone),
        Only("PUT /api/councils/{communityCode}", Admins),
        Only("POST /api/councils/{communityCode}/members", Admins),
        Only("DELETE /api/councils/{communityCode}/members/{personId}", Admins),
        Only("POST /api/events", Admins),
        Only("GET /api/events", Everyone),
        Only("GET /api/events/mine", Everyone),
        Only("GET /api/events/{id}", Everyone),
        Only("POST /api/events/{id}/sign-up", Everyone),
        Only("POST /api/events/{id}/withdraw", Everyone),
        Only("POST /api/events/{id}/cancel", Admins),
        Public("GET /api/events/{id}/calendar.ics"), // a public notice, importable without a login
        Public("GET /api/events/communities/{communityCode}/calendar.ics"), // phone calendars subscribe without a login
        Only("POST /api/jobs/postings", Admins, GridStaff),
        Only("GET /api/jobs/postings", Everyone),
        Only("POST /api/jobs/postings/{id}/applications", WithResidentRecord),
        Only("GET /api/jobs/postings/{id}/applications", Admins, GridStaff),
        Only("POST /api/jobs/applications/{id}/outcome", Admins, GridStaff),
        Only("POST /api/jobs/courses", Admins, GridStaff),
        Only("GET /api/jobs/courses", Everyone),
        Only("GET /api/jobs/courses/{id}", Everyone),
        Only("POST /api/jobs/courses/{id}/enrol", WithResidentRecord),
        Only("POST /api/jobs/courses/{id}/withdraw", WithResidentRecord),
        Only("POST /api/jobs/courses/{id}/sessions/{sessionId}/attendance", Admins, GridStaff),
        Only("GET /api/jobs/figures/{communityCode}", Everyone),

        // Inbox and webhooks
        Only("GET /api/inbox", Everyone),
        Only("GET /api/inbox/unread", Everyone),
        Only("POST /api/inbox/{id}/read", Everyone),
        Only("POST /api/inbox/read-all", Everyone),

        // Worklist: each caller's own, scoped to their grants (docs/decisions/0022).
        Only("GET /api/worklist", Everyone),
        Only("POST /api/webhooks", Admins),
        Only("GET /api/webhooks", Everyone), // others get an empty list: nothing of theirs to show
        Only("GET /api/webhooks/{id}", Admins),
        Only("PUT /api/webhooks/{id}", Admins),
        Only("DELETE /api/webhooks/{id}", Admins),
        Only("POST /api/webhooks/{id}/rotate-secret", Admins),
        Only("GET /api/webhooks/{id}/deliveries", Admins),
        Only("POST /api/webhooks/{id}/deliveries/{deliveryId}/retry", Admins),

        // Open311: the GeoReport interface is public (a client key guards submissions); its clients are managed by city and district admins.
        Public("GET /open311/v2/discovery.{format}"),
        Public("GET /open311/v2/services.{format}"),
        Public("GET /open311/v2/services/{serviceCode}.{format}"),
        Public("POST /open311/v2/requests.{format}"),
        Public("GET /open311/v2/requests.{format}"),
        Public("GET /open311/v2/requests/{serviceRequestId}.{format}"),
        Public("GET /open311/v2/tokens/{token}.{format}")
            .NothingToRead("tokens are issued only for deferred submissions, which the demo has none of"),
        Only("POST /api/open311/clients", CityAndDistrictAdmins),
        Only("GET /api/open311/clients", CityAndDistrictAdmins),
        Only("POST /api/open311/clients/{id}/revoke", CityAndDistrictAdmins),

        // Governance (红色物业): the chain and duty list for whoever belongs to the community; assessments and meetings run by
        // admins; scores by the community, the estate's committee and the people living in it; patrols and visits by grid staff.
        Only("GET /api/governance/estates/{id}/chain", Everyone),
        Only("PUT /api/governance/estates/{id}/committee", Admins),
        Only("GET /api/governance/assessment-templates", Admins, GridStaff),
        Only("POST /api/governance/assessment-templates", Admins),
        Only("GET /api/governance/rounds", Everyone),
        Only("POST /api/governance/rounds", Admins),
        Only("GET /api/governance/rounds/{id}", Everyone),
        Only("POST /api/governance/rounds/{id}/scores", CommunityAdmins, WithResidentRecord),
        Only("POST /api/governance/rounds/{id}/close", Admins),
        Only("GET /api/governance/rankings", Admins, GridStaff),
        Only("GET /api/governance/organisations/{id}/assessments", Admins, GridStaff, ["property.sanshundian.01", "merchant.hexi.01", "station.licheng.01"]),
        Only("GET /api/governance/meetings", Everyone),
        Only("POST /api/governance/meetings", Admins),
        Only("GET /api/governance/meetings/{id}", Admins, GridStaff),
        Only("POST /api/governance/meetings/{id}/decisions", Admins),
        Only("POST /api/governance/meetings/{id}/conclude", Admins),
        Only("GET /api/governance/patrols", Everyone),
        Only("POST /api/governance/patrols", GridStaff),
        Only("GET /api/governance/patrols/{id}", Admins, GridStaff),
        Only("POST /api/governance/patrols/{id}/points", GridStaff),
        Only("POST /api/governance/patrols/{id}/findings", GridStaff),
        Only("POST /api/governance/patrols/{id}/end", GridStaff),
        Only("POST /api/governance/visits", Admins, GridStaff),
        Only("GET /api/governance/visits/due", Everyone),
        Only("GET /api/governance/communities/{code}/duty-list", Everyone),
        Only("POST /api/governance/communities/{code}/duty-list", Admins),
        Only("PUT /api/governance/communities/{code}/duty-list", Admins),
        Only("GET /api/governance/coverage", Admins, GridStaff),
    ];
}
