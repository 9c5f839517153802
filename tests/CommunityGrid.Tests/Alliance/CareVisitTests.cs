using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.Wishes;

namespace CommunityGrid.Tests.Alliance;

public sealed class CareVisitTests(IncentiveApp app) : IClassFixture<IncentiveApp>, IAsyncLifetime
{
    private const string HexiChief = DemoUsers.GridChiefHexi1;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    [Fact]
    public async Task The_visits_due_list_shows_the_elder_overdue_and_a_recorded_visit_sets_her_next_due_date()
    {
        var elder = await app.PersonIdAsync(DemoUsers.ResidentHexi1);
        var due = await app.GetJsonAsync(HexiChief, "/api/care-visits/due?pageSize=200");
        var her = due.Items().Single(d => d.GetProperty("personId").GetGuid() == elder);
        her.GetProperty("intervalDays").GetInt32().ShouldBe(7);
        her.GetProperty("overdue").GetBoolean().ShouldBeTrue();
        her.GetProperty("daysOverdue").GetInt32().ShouldBeInRange(2, 3);

        // Never visited first, then by due date.
        var items = due.Items().ToList();
        var firstVisited = items.FindIndex(d => d.GetProperty("dueAt").ValueKind != System.Text.Json.JsonValueKind.Null);
        items.Skip(firstVisited).ShouldAllBe(d => d.GetProperty("dueAt").ValueKind != System.Text.Json.JsonValueKind.Null);
        items.Take(firstVisited).ShouldAllBe(d => d.GetProperty("overdue").GetBoolean());
        var dueDates = items.Skip(firstVisited).Select(d => d.GetProperty("dueAt").GetDateTime()).ToList();
        dueDates.ShouldBe(dueDates.Order().ToList());

        var visit = await app.PostAsync(HexiChief, "/api/care-visits", new { personId = elder, note = "看望老人，送去米面油", findings = "血压偏高", needsFollowUp = true }, HttpStatusCode.Created);
        visit.Str("visitorName").ShouldNotBeNullOrEmpty();
        her = (await app.GetJsonAsync(HexiChief, "/api/care-visits/due?pageSize=200")).Items().Single(d => d.GetProperty("personId").GetGuid() == elder);
        her.GetProperty("overdue").GetBoolean().ShouldBeFalse();
        (her.GetProperty("dueAt").GetDateTime() - her.GetProperty("lastVisitAt").GetDateTime()).ShouldBe(TimeSpan.FromDays(7));
        (await app.GetJsonAsync(HexiChief, $"/api/care-visits?personId={elder}")).GetProperty("total").GetInt32().ShouldBe(2);
        (await app.GetJsonAsync(HexiChief, "/api/care-visits/due?overdue=true&pageSize=200")).Items().Select(d => d.GetProperty("personId").GetGuid()).ShouldNotContain(elder);
    }

    [Fact]
    public async Task A_community_sets_its_own_interval_and_only_its_admin_may()
    {
        await (await (await app.As(HexiChief)).PutAsJsonAsync("/api/care-visits/intervals/150102001001", new { days = new Dictionary<string, int> { ["LivingAlone"] = 3 } }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.CommunityAdminHexi)).PutAsJsonAsync("/api/care-visits/intervals/150102001001", new { days = new Dictionary<string, int> { ["LivingAlone"] = 0 } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "interval_invalid");
        var intervals = await (await (await app.As(DemoUsers.CommunityAdminHexi)).PutAsJsonAsync("/api/care-visits/intervals/150102001001", new { days = new Dictionary<string, int> { ["LivingAlone"] = 3 } })).JsonAsync();
        var livingAlone = intervals.EnumerateArray().Single(i => i.Str("tag") == "LivingAlone");
        livingAlone.GetProperty("days").GetInt32().ShouldBe(3);
        livingAlone.GetProperty("isDefault").GetBoolean().ShouldBeFalse();

        var elder = await app.PersonIdAsync(DemoUsers.ResidentHexi1);
        var her = (await app.GetJsonAsync(HexiChief, "/api/care-visits/due?pageSize=200")).Items().Single(d => d.GetProperty("personId").GetGuid() == elder);
        her.GetProperty("intervalDays").GetInt32().ShouldBe(3);

        // Back to the weekly default for the other tests of this class.
        await (await (await app.As(DemoUsers.CommunityAdminHexi)).PutAsJsonAsync("/api/care-visits/intervals/150102001001", new { days = new Dictionary<string, int> { ["LivingAlone"] = 7 } })).JsonAsync();
    }

    [Fact]
    public async Task Visits_are_recorded_only_for_residents_in_scope_and_with_a_note()
    {
        var elder = await app.PersonIdAsync(DemoUsers.ResidentHexi1);
        await (await (await app.As(DemoUsers.GridChiefShiqi1)).PostAsJsonAsync("/api/care-visits", new { personId = elder, note = "越权走访" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(DemoUsers.ResidentHexi1)).PostAsJsonAsync("/api/care-visits", new { personId = elder, note = "自己走访自己" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await (await app.As(HexiChief)).PostAsJsonAsync("/api/care-visits", new { personId = elder, note = " " })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "note_required");
        await (await (await app.As(HexiChief)).PostAsJsonAsync("/api/care-visits", new { personId = elder, note = "未来的走访", visitedAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(2) }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "visited_at_invalid");
        await (await (await app.As(DemoUsers.GridChiefShiqi1)).GetAsync($"/api/care-visits?personId={elder}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await app.GetJsonAsync(DemoUsers.GridChiefShiqi1, "/api/care-visits/due?pageSize=200")).Items().Select(d => d.GetProperty("personId").GetGuid()).ShouldNotContain(elder);
    }
}
