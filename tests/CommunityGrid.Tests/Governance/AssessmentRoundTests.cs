using System.Net;
using CommunityGrid.Features.Governance;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Governance;

public sealed class AssessmentRoundTests(GovernanceApp app) : IClassFixture<GovernanceApp>
{
    private const string Sanshundian = "150103001001";
    private const string Secretary = "community.sanshundian";
    private const string Committee = "committee.sanshundian.01";
    private const string Resident = "resident.sanshundian.01";

    private static readonly object[] Criteria =
    [
        new { code = "hygiene", name = "环境卫生", weight = 20, guidance = "楼道、绿地整洁", source = "Scored" },
        new { code = "attitude", name = "服务态度", weight = 20, guidance = "接待热情、有回应", source = "Scored" },
        new { code = "callback", name = "回访满意率", weight = 20, guidance = "", source = "SatisfactionRate" },
        new { code = "ontime", name = "按时办结率", weight = 10, guidance = "", source = "OnTimeRate" },
        new { code = "response", name = "响应及时率", weight = 10, guidance = "", source = "ResponseRate" },
        new { code = "redo", name = "一次办结率", weight = 10, guidance = "", source = "FirstTimeFixRate" },
        new { code = "escalation", name = "升级到街道", weight = 10, guidance = "", source = "StreetEscalations" },
    ];

    private async Task<Dictionary<string, Guid>> EstatesAsync() =>
        (await app.GetAsync<Page<EstateView>>(Secretary, $"/api/estates?communityCode={Sanshundian}")).Items.ToDictionary(e => e.Name, e => e.Id);

    private static object Marks(Guid estate, int value, params string[] codes) =>
        new { estateId = estate, marks = codes.Select(c => new { code = c, value }).ToArray(), comment = (string?)null };

    /// <summary>Reports a drain at the resident's own house in 顺达小区 and takes it through the property company to the callback.</summary>
    private async Task<Guid> DrainOrderThroughToCallbackAsync(bool redoOnce)
    {
        var created = await app.PostAsync<System.Text.Json.JsonElement>(Resident, "/api/work-orders",
            new { categoryCode = "property.drain", title = "9号楼下水堵塞", description = "厨房下水堵了" }, HttpStatusCode.Created);
        var id = created.GetProperty("order").GetProperty("id").GetGuid();
        async Task Act(string user, string action, object? body = null) => await app.PostAsync<System.Text.Json.JsonElement>(user, $"/api/work-orders/{id}/{action}", body ?? new { });
        await Act("grid.sanshundian.01", "dispatch", new { toProperty = true });
        await Act("property.sanshundian.01", "accept");
        await Act("property.sanshundian.01", "resolve", new { note = "已疏通" });
        await Act("grid.sanshundian.01", "verify", new { note = "已核实" });
        if (redoOnce)
        {
            await Act(Resident, "callback", new { resolved = false, satisfaction = "Unsatisfied", comment = "还是堵" });
            await Act("property.sanshundian.01", "resolve", new { note = "更换了管道" });
            await Act("grid.sanshundian.01", "verify", new { note = "已核实" });
            await Act(Resident, "callback", new { resolved = true, satisfaction = "BasicallySatisfied", comment = "好了" });
        }
        else
        {
            await Act(Resident, "callback", new { resolved = true, satisfaction = "Satisfied", comment = "很及时" });
        }

        return id;
    }

    [Fact]
    public async Task A_quarterly_round_is_scored_by_three_parties_closes_with_computed_criteria_a_street_ranking_and_a_red_list_and_never_changes_again()
    {
        var (year, quarter, period) = app.ThisQuarter();
        var estates = await EstatesAsync();
        var (shunda, jingguan) = (estates["顺达小区"], estates["景观小区"]);

        // A template of weighted criteria; weights that do not sum to 100 are refused.
        await app.RefusedAsync(Secretary, "/api/governance/assessment-templates",
            new { communityCode = Sanshundian, name = "错误模板", criteria = Criteria.Take(3).ToArray(), redBelow = 60, yellowBelow = 75 }, HttpStatusCode.BadRequest, "weights_must_sum_to_100");
        var template = await app.PostAsync<TemplateView>(Secretary, "/api/governance/assessment-templates",
            new { communityCode = Sanshundian, name = "季度考核（含工单数据）", criteria = Criteria, redBelow = 60, yellowBelow = 75 }, HttpStatusCode.Created);
        template.Criteria.Sum(c => c.Weight).ShouldBe(100);

        // Only the community's admins open a round; another community's admin does not even see this one.
        var deadline = app.Clock.GetUtcNow().UtcDateTime.AddDays(7);
        var open = new { communityCode = Sanshundian, templateId = template.Id, year, quarter, scoringDeadline = deadline };
        await app.RefusedAsync("grid.sanshundian.01", "/api/governance/rounds", open, HttpStatusCode.Forbidden, "only_admins_run_assessments");
        await app.RefusedAsync("community.shiqi", "/api/governance/rounds", open, HttpStatusCode.NotFound, "not_found");
        var round = await app.PostAsync<RoundView>(Secretary, "/api/governance/rounds", open, HttpStatusCode.Created);
        round.Period.ShouldBe(period);
        round.Estates.Single(e => e.EstateId == shunda).CallerMayScoreAs.ShouldBe(AssessmentParty.Community);
        await app.RefusedAsync(Secretary, "/api/governance/rounds", open, HttpStatusCode.Conflict, "round_exists");

        // Two orders of the period handled by 鑫诚物业: one first time, one redone once.
        await DrainOrderThroughToCallbackAsync(redoOnce: false);
        await DrainOrderThroughToCallbackAsync(redoOnce: true);

        var url = $"/api/governance/rounds/{round.Id}/scores";
        await app.PostAsync<RoundView>(Secretary, url, Marks(shunda, 90, "hygiene", "attitude"));
        await app.PostAsync<RoundView>(Secretary, url, Marks(jingguan, 30, "hygiene", "attitude"));
        var asCommittee = await app.GetAsync<RoundView>(Committee, $"/api/governance/rounds/{round.Id}");
        asCommittee.Estates.Single(e => e.EstateId == shunda).CallerMayScoreAs.ShouldBe(AssessmentParty.OwnersCommittee);
        asCommittee.Estates.Single(e => e.EstateId == jingguan).CallerMayScoreAs.ShouldBeNull();
        await app.PostAsync<RoundView>(Committee, url, Marks(shunda, 80, "hygiene", "attitude"));
        await app.RefusedAsync(Committee, url, Marks(jingguan, 80, "hygiene"), HttpStatusCode.Forbidden, "not_your_estate");

        // The resident scores her own estate once; not another, not a computed criterion, not out of range.
        await app.RefusedAsync(Resident, url, Marks(jingguan, 70, "hygiene"), HttpStatusCode.Forbidden, "not_your_estate");
        await app.RefusedAsync(Resident, url, Marks(shunda, 70, "callback"), HttpStatusCode.BadRequest, "criterion_not_scored_by_hand");
        await app.RefusedAsync(Resident, url, Marks(shunda, 120, "hygiene"), HttpStatusCode.BadRequest, "score_out_of_range");
        var scored = await app.PostAsync<RoundView>(Resident, url, Marks(shunda, 70, "hygiene", "attitude"));
        scored.Estates.Single(e => e.EstateId == shunda).ShouldSatisfyAllConditions(e => e.CommunityScores.ShouldBe(1), e => e.CommitteeScores.ShouldBe(1), e => e.ResidentScores.ShouldBe(1));
        await app.RefusedAsync(Resident, url, Marks(shunda, 60, "hygiene"), HttpStatusCode.Conflict, "already_scored");
        await app.RefusedAsync("resident.shiqi.01", url, Marks(shunda, 60, "hygiene"), HttpStatusCode.NotFound, "not_found");

        // Closing: only the community's admins; the results appear, ranked, with the red list.
        await app.RefusedAsync(Committee, $"/api/governance/rounds/{round.Id}/close", null, HttpStatusCode.Forbidden, "only_the_community_closes");
        var closed = await app.PostAsync<RoundView>(Secretary, $"/api/governance/rounds/{round.Id}/close");
        closed.Status.ShouldBe(RoundStatus.Closed);
        var first = closed.Results[0];
        first.EstateName.ShouldBe("顺达小区");
        first.Rank.ShouldBe(1);
        var values = first.Values.ToDictionary(v => v.Code, v => v.Value);
        values["hygiene"].ShouldBe(81); // 40 × 90 + 30 × 80 + 30 × 70
        values["callback"].ShouldBe(100); // satisfied + basically satisfied of two rated orders
        values["ontime"].ShouldBe(100);
        values["response"].ShouldBe(100);
        values["redo"].ShouldBe(50); // one of the two was redone
        values["escalation"].ShouldBe(100);
        first.Total.ShouldBe(87.4);
        first.Colour.ShouldBe(ListColour.None);
        var last = closed.Results.Single(r => r.EstateName == "景观小区");
        last.Rank.ShouldBe(2);
        last.Colour.ShouldBe(ListColour.Red);
        last.Incomplete.ShouldBeTrue();

        // A closed round never changes.
        await app.RefusedAsync(Committee, url, Marks(shunda, 10, "hygiene"), HttpStatusCode.Conflict, "round_closed");
        await app.RefusedAsync(Secretary, $"/api/governance/rounds/{round.Id}/close", null, HttpStatusCode.Conflict, "round_closed");
        (await app.GetAsync<RoundView>(Secretary, $"/api/governance/rounds/{round.Id}")).Results.Select(r => (r.EstateName, r.Total, r.Rank, r.Colour))
            .ShouldBe(closed.Results.Select(r => (r.EstateName, r.Total, r.Rank, r.Colour)));

        var ranking = await app.GetAsync<StreetRanking>(Secretary, $"/api/governance/rankings?areaCode=150103001&period={period}");
        ranking.Entries.Select(e => (e.Rank, e.EstateName, e.Colour)).ShouldBe([(1, "顺达小区", ListColour.None), (2, "景观小区", ListColour.Red)]);

        // 鑫诚物业's history: the demo's 2026Q3 round and this one, with the change.
        var company = first.ManagerOrganisationId;
        var history = await app.GetAsync<CompanyHistory>("property.sanshundian.01", $"/api/governance/organisations/{company}/assessments");
        var q3 = history.Rounds.Single(r => r.Period == "2026Q3");
        var now = history.Rounds.Single(r => r.Period == period);
        now.Total.ShouldBe(87.4);
        now.Change.ShouldBe(Math.Round(87.4 - q3.Total!.Value, 1));
        await app.RefusedAsync("resident.shiqi.01", HttpMethod.Get, $"/api/governance/organisations/{company}/assessments", null, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Scoring_after_the_deadline_is_refused()
    {
        var round = (await app.GetAsync<Page<RoundListItem>>("community.shiqi", "/api/governance/rounds?communityCode=150105001001")).Items.Single(r => r.Status == RoundStatus.Open);
        var view = await app.GetAsync<RoundView>("community.shiqi", $"/api/governance/rounds/{round.Id}");
        var estate = view.Estates.Single().EstateId;
        app.Clock.Advance(view.ScoringDeadline - app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        await app.RefusedAsync("community.shiqi", $"/api/governance/rounds/{round.Id}/scores", Marks(estate, 70, "hygiene"), HttpStatusCode.Conflict, "scoring_deadline_passed");
    }

    [Fact]
    public async Task The_demo_closed_round_shows_a_ranking_and_a_red_list_entry()
    {
        var ranking = await app.GetAsync<StreetRanking>(Secretary, "/api/governance/rankings?areaCode=150103001&period=2026Q3");
        ranking.Entries.Select(e => e.EstateName).ShouldBe(["顺达小区", "景观小区"]);
        ranking.Entries[1].Colour.ShouldBe(ListColour.Red);
        await app.RefusedAsync("resident.sanshundian.01", HttpMethod.Get, "/api/governance/rankings?areaCode=150103001&period=2026Q3", null, HttpStatusCode.NotFound, "not_found");
    }
}
