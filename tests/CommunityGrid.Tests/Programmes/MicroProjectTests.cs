using System.Net;
using CommunityGrid.Data;
using CommunityGrid.Features.Programmes;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommunityGrid.Tests.Programmes.ProgrammeApp;

namespace CommunityGrid.Tests.Programmes;

public sealed class MicroProjectTests(ProgrammeApp app) : IClassFixture<ProgrammeApp>
{
    private static readonly string[] ShiqiCouncil = ["party.shiqi.01", "party.shiqi.02", "volunteer.shiqi.01", "resident.shiqi.02"];

    private async Task<MicroProjectView> VotingProjectAsync(string title = "仕奇苑3号楼无障碍坡道", long cost = 12_000)
    {
        await app.CouncilOfAsync("community.shiqi", ShiqiCode, ShiqiCouncil);
        await app.BudgetLeavingAsync("community.shiqi", ShiqiCode, 100_000);
        var proposed = await app.PostAsync<MicroProjectView>("resident.shiqi.01", "/api/micro-projects",
            new { communityCode = ShiqiCode, title, description = "老人推轮椅出入不便，建议在单元门口修一条坡道。", costYuan = cost }, HttpStatusCode.Created);
        return await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/screen", new { passes = true, note = "符合年度计划" });
    }

    [Fact]
    public async Task A_project_goes_from_proposal_through_the_council_vote_and_publicity_to_implementation_and_evaluation()
    {
        await app.CouncilOfAsync("community.shiqi", ShiqiCode, ShiqiCouncil);
        var budgetBefore = await app.BudgetLeavingAsync("community.shiqi", ShiqiCode, 50_000);
        var proposed = await app.PostAsync<MicroProjectView>("resident.shiqi.01", "/api/micro-projects",
            new { communityCode = ShiqiCode, title = "小区中心花园添置休闲长椅", description = "花园里没有座椅，老人散步累了没处歇脚。", costYuan = 8_000 }, HttpStatusCode.Created);
        proposed.Status.ShouldBe(MicroProjectStatus.Proposed);
        proposed.ProposedByName.ShouldBe("陈*兰");
        proposed.Can.Screen.ShouldBeFalse();
        (await app.GetAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}")).Can.Screen.ShouldBeTrue();

        var voting = await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/screen", new { passes = true, note = "符合年度计划" });
        voting.Status.ShouldBe(MicroProjectStatus.Voting);
        voting.Votes.Members.ShouldBe(4);
        var budget = await app.GetAsync<BudgetView>("resident.shiqi.01", $"/api/micro-projects/budgets/{ShiqiCode}");
        budget.UsedYuan.ShouldBe(budgetBefore.UsedYuan + 8_000);
        budget.LeftYuan.ShouldBe(42_000);

        (await app.GetAsync<MicroProjectView>("party.shiqi.01", $"/api/micro-projects/{proposed.Id}")).Can.Vote.ShouldBeTrue();
        await app.PostAsync<MicroProjectView>("party.shiqi.01", $"/api/micro-projects/{proposed.Id}/votes", new { choice = "Against" });
        var changed = await app.PostAsync<MicroProjectView>("party.shiqi.01", $"/api/micro-projects/{proposed.Id}/votes", new { choice = "For" });
        changed.MyVote.ShouldBe(VoteChoice.For);
        changed.Votes.Cast.ShouldBe(1);
        changed.Votes.For.ShouldBeNull(); // the split stays hidden while the vote is open
        await app.PostAsync<MicroProjectView>("party.shiqi.02", $"/api/micro-projects/{proposed.Id}/votes", new { choice = "For" });
        await app.PostAsync<MicroProjectView>("volunteer.shiqi.01", $"/api/micro-projects/{proposed.Id}/votes", new { choice = "Abstain" });

        var closed = await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/close-vote");
        closed.Decision.ShouldBe(CouncilDecision.Approved);
        closed.Status.ShouldBe(MicroProjectStatus.Publicised);
        closed.Votes.ShouldBe(new VoteCount(4, 3, 2, 0, 1));
        closed.PublicityEndsAt.ShouldBe(closed.VoteClosedAt!.Value.AddDays(5));

        var objected = await app.PostAsync<MicroProjectView>("resident.shiqi.02", $"/api/micro-projects/{proposed.Id}/objections", new { reason = "长椅离我家窗户太近，晚上会有噪音" });
        objected.Objections.Single().MaskedName.ShouldContain("*");
        await (await app.PostRawAsync("resident.shiqi.02", $"/api/micro-projects/{proposed.Id}/objections", new { reason = "再说一次" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_objected");
        await (await app.PostRawAsync("community.shiqi", $"/api/micro-projects/{proposed.Id}/start"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "publicity_running");

        app.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/micro-projects/{proposed.Id}/objections", new { reason = "太晚了" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "publicity_over");
        (await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/start")).Status.ShouldBe(MicroProjectStatus.Implementing);
        var photo = await app.UploadPhotoAsync("community.shiqi");
        var reported = await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/updates", new { note = "六把长椅已到货，开始安装", photoIds = new[] { photo } });
        reported.Updates.Single().PhotoIds.ShouldBe([photo]);
        (await (await app.As("resident.shiqi.01")).GetAsync($"/api/micro-projects/{proposed.Id}/photos/{photo}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/micro-projects/{proposed.Id}/evaluations", new { rating = 5, comment = "还没完工" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_completed");
        (await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{proposed.Id}/complete")).Status.ShouldBe(MicroProjectStatus.Completed);

        var evaluated = await app.PostAsync<MicroProjectView>("resident.shiqi.01", $"/api/micro-projects/{proposed.Id}/evaluations", new { rating = 5, comment = "长椅很结实，谢谢社区" });
        evaluated.AverageRating.ShouldBe(5);
        evaluated.Can.Evaluate.ShouldBeFalse();
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/micro-projects/{proposed.Id}/evaluations", new { rating = 1, comment = "改主意了" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_evaluated");
        (await app.PostAsync<MicroProjectView>("resident.shiqi.02", $"/api/micro-projects/{proposed.Id}/evaluations", new { rating = 4, comment = "" })).AverageRating.ShouldBe(4.5);
    }

    [Fact]
    public async Task Votes_are_refused_before_the_vote_opens_from_non_members_and_after_it_closes()
    {
        await app.CouncilOfAsync("community.shiqi", ShiqiCode, ShiqiCouncil);
        var proposed = await app.PostAsync<MicroProjectView>("resident.shiqi.01", "/api/micro-projects",
            new { communityCode = ShiqiCode, title = "楼道感应灯", costYuan = 3_000 }, HttpStatusCode.Created);
        await (await app.PostRawAsync("party.shiqi.01", $"/api/micro-projects/{proposed.Id}/votes", new { choice = "For" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "vote_not_open");

        var voting = await VotingProjectAsync("单元门口照明", 4_000);
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/micro-projects/{voting.Id}/votes", new { choice = "For" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_council_member");
        await (await app.PostRawAsync("resident.hexi.01", $"/api/micro-projects/{voting.Id}/votes", new { choice = "For" }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await app.PostAsync<MicroProjectView>("party.shiqi.01", $"/api/micro-projects/{voting.Id}/votes", new { choice = "For" });

        // The closing time passes: no vote and no change any more, even before staff close the count.
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await (await app.PostRawAsync("party.shiqi.01", $"/api/micro-projects/{voting.Id}/votes", new { choice = "Against" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "vote_closed");
        var closed = await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{voting.Id}/close-vote");
        closed.Decision.ShouldBe(CouncilDecision.NoQuorum); // 1 of 4 voted; the quorum is half
        closed.Status.ShouldBe(MicroProjectStatus.NotApproved);
        await (await app.PostRawAsync("party.shiqi.02", $"/api/micro-projects/{voting.Id}/votes", new { choice = "For" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "vote_closed");
        await (await app.PostRawAsync("community.shiqi", $"/api/micro-projects/{voting.Id}/close-vote"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "vote_closed");
    }

    [Fact]
    public async Task Two_votes_at_once_from_one_member_are_counted_once()
    {
        var voting = await VotingProjectAsync("健身器材维修", 6_000);
        var choices = new[] { "For", "Against", "For", "Abstain", "For", "Against", "For", "For" };
        var answers = await Task.WhenAll(choices.Select(c => app.PostRawAsync("party.shiqi.02", $"/api/micro-projects/{voting.Id}/votes", new { choice = c })));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK || a.StatusCode == HttpStatusCode.Conflict);
        answers.ShouldContain(a => a.StatusCode == HttpStatusCode.OK);

        var view = await app.GetAsync<MicroProjectView>("party.shiqi.02", $"/api/micro-projects/{voting.Id}");
        view.Votes.Cast.ShouldBe(1);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.Set<CouncilVote>().CountAsync(v => v.ProjectId == voting.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task Votes_of_different_members_at_once_are_all_counted()
    {
        var voting = await VotingProjectAsync("垃圾分类亭遮雨棚", 5_000);
        var answers = await Task.WhenAll(ShiqiCouncil.Select(m => app.PostRawAsync(m, $"/api/micro-projects/{voting.Id}/votes", new { choice = "For" })));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        var closed = await app.PostAsync<MicroProjectView>("community.shiqi", $"/api/micro-projects/{voting.Id}/close-vote");
        closed.Votes.ShouldBe(new VoteCount(4, 4, 4, 0, 0));
        closed.Decision.ShouldBe(CouncilDecision.Approved);
    }

    [Fact]
    public async Task A_project_over_the_years_budget_is_refused_and_a_project_not_approved_gives_its_money_back()
    {
        await app.CouncilOfAsync("community.hexi", HexiCode, ["resident.hexi.01"]);
        await app.BudgetLeavingAsync("community.hexi", HexiCode, 10_000);
        var first = await app.PostAsync<MicroProjectView>("resident.hexi.01", "/api/micro-projects",
            new { communityCode = HexiCode, title = "河西小区路灯更换", costYuan = 8_000 }, HttpStatusCode.Created);
        var second = await app.PostAsync<MicroProjectView>("community.hexi", "/api/micro-projects",
            new { communityCode = HexiCode, title = "楼前扶手", costYuan = 5_000 }, HttpStatusCode.Created);
        await app.PostAsync<MicroProjectView>("community.hexi", $"/api/micro-projects/{first.Id}/screen", new { passes = true });

        var refused = await (await app.PostRawAsync("community.hexi", $"/api/micro-projects/{second.Id}/screen", new { passes = true }))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "budget_cap_exceeded");
        refused.GetRawText().ShouldContain("2000");
        (await app.GetAsync<MicroProjectView>("community.hexi", $"/api/micro-projects/{second.Id}")).Status.ShouldBe(MicroProjectStatus.Proposed);
        (await app.GetAsync<BudgetView>("community.hexi", $"/api/micro-projects/budgets/{HexiCode}")).LeftYuan.ShouldBe(2_000);

        await app.PostAsync<MicroProjectView>("resident.hexi.01", $"/api/micro-projects/{first.Id}/votes", new { choice = "Against" });
        (await app.PostAsync<MicroProjectView>("community.hexi", $"/api/micro-projects/{first.Id}/close-vote")).Decision.ShouldBe(CouncilDecision.Rejected);
        (await app.GetAsync<BudgetView>("community.hexi", $"/api/micro-projects/budgets/{HexiCode}")).LeftYuan.ShouldBe(10_000);
        (await app.PostAsync<MicroProjectView>("community.hexi", $"/api/micro-projects/{second.Id}/screen", new { passes = true })).Status.ShouldBe(MicroProjectStatus.Voting);

        var cap = await app.GetAsync<BudgetView>("community.hexi", $"/api/micro-projects/budgets/{HexiCode}");
        await (await app.SendRawAsync("community.hexi", HttpMethod.Put, $"/api/micro-projects/budgets/{HexiCode}", new { year = cap.Year, capYuan = cap.UsedYuan - 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "cap_below_committed");
    }

    [Fact]
    public async Task Two_screenings_at_once_that_together_pass_the_cap_commit_the_budget_once()
    {
        var before = await app.BudgetLeavingAsync("community.hexi", HexiCode, 10_000);
        var ids = new List<Guid>();
        foreach (var title in new[] { "儿童游乐设施", "休闲凉亭" })
        {
            ids.Add((await app.PostAsync<MicroProjectView>("community.hexi", "/api/micro-projects", new { communityCode = HexiCode, title, costYuan = 6_000 }, HttpStatusCode.Created)).Id);
        }

        var answers = await Task.WhenAll(ids.Select(id => app.PostRawAsync("community.hexi", $"/api/micro-projects/{id}/screen", new { passes = true })));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        await answers.Single(a => a.StatusCode != HttpStatusCode.OK).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "budget_cap_exceeded");
        var after = await app.GetAsync<BudgetView>("community.hexi", $"/api/micro-projects/budgets/{HexiCode}");
        after.UsedYuan.ShouldBe(before.UsedYuan + 6_000);
        after.LeftYuan.ShouldBe(4_000);
    }

    [Fact]
    public async Task Another_communitys_projects_council_and_budget_are_not_found()
    {
        var voting = await VotingProjectAsync("楼顶防水", 9_000);
        (await (await app.As("resident.hexi.01")).GetAsync($"/api/micro-projects/{voting.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.As("community.hexi")).GetAsync($"/api/councils/{ShiqiCode}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.As("resident.hexi.01")).GetAsync($"/api/micro-projects/budgets/{ShiqiCode}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await app.GetAsync<Page<MicroProjectItem>>("resident.hexi.01", "/api/micro-projects?pageSize=200");
        list.Items.ShouldNotContain(i => i.Id == voting.Id);
        await (await app.PostRawAsync("resident.hexi.01", "/api/micro-projects", new { communityCode = ShiqiCode, title = "越界提议", costYuan = 100 }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/micro-projects/{voting.Id}/screen", new { passes = true }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_community_staff");
    }

    [Fact]
    public async Task Council_rules_out_of_range_are_refused_and_change_nothing()
    {
        await app.CouncilOfAsync("community.shiqi", ShiqiCode, ShiqiCouncil, quorum: 60, majority: 66);
        await (await app.SendRawAsync("community.shiqi", HttpMethod.Put, $"/api/councils/{ShiqiCode}", new { quorumPercent = 50, majorityPercent = 40, voteDays = 7, publicityDays = 5 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "majority_out_of_range");
        await (await app.SendRawAsync("community.shiqi", HttpMethod.Put, $"/api/councils/{ShiqiCode}", new { quorumPercent = 0, majorityPercent = 50, voteDays = 7, publicityDays = 5 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "quorum_out_of_range");
        var council = await app.GetAsync<CouncilView>("party.shiqi.01", $"/api/councils/{ShiqiCode}");
        (council.QuorumPercent, council.MajorityPercent).ShouldBe((60, 66));
        council.MayEdit.ShouldBeFalse();
        await (await app.PostRawAsync("party.shiqi.01", $"/api/councils/{ShiqiCode}/members", new { personId = await app.PersonIdAsync("resident.shiqi.01") }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_community_staff");
        await (await app.PostRawAsync("community.shiqi", $"/api/councils/{ShiqiCode}/members", new { personId = await app.PersonIdAsync("resident.hexi.01") }))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await app.CouncilOfAsync("community.shiqi", ShiqiCode, ShiqiCouncil);
    }
}
