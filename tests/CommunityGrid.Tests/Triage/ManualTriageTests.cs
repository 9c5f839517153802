using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Triage;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using CommunityGrid.Tests.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Triage;

public sealed class ManualTriageTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private async Task<QueuedTriage> QueueAsync(string userName, object body)
    {
        var client = await app.ClientForAsync(userName);
        var response = await client.PostAsJsonAsync("/api/work-orders/triage/queue", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<QueuedTriage>())!;
    }

    [Fact]
    public async Task A_hotline_complaint_waits_in_its_communitys_queue_until_staff_choose_and_the_choice_is_kept()
    {
        var queued = await QueueAsync("community.sanshundian", new
        {
            text = "来电人反映9号楼1单元201室门口那块老有人弄得乱七八糟的，说不清楚是啥事，要求社区来人看看",
            houseCode = await HouseOfAsync("resident.sanshundian.01"),
            hotlineTicket = "12345-20261201-0001",
            requesterName = "王秀珍",
            requesterPhone = "13800001111",
        });
        queued.AreaPath.ShouldStartWith("150100/150103/150103001/150103001001/");

        var staff = await app.ClientForAsync("community.sanshundian");
        var waiting = (await (await staff.GetAsync("/api/work-orders/triage/queue")).Content.ReadFromJsonAsync<Page<ManualTriageItem>>())!;
        var item = waiting.Items.Single(i => i.Id == queued.Id);
        item.RequesterPhone.ShouldNotBe("13800001111");
        item.Suggestions.ShouldNotBeEmpty();

        // Another community's staff do not see it, and cannot decide it.
        var other = await app.ClientForAsync("community.shiqi");
        var theirs = (await (await other.GetAsync("/api/work-orders/triage/queue")).Content.ReadFromJsonAsync<Page<ManualTriageItem>>())!;
        theirs.Items.ShouldNotContain(i => i.Id == queued.Id);
        (await other.PostAsJsonAsync($"/api/work-orders/triage/queue/{queued.Id}/dispatch", new { categoryCode = "property.corridor" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var dispatched = (await (await staff.PostAsJsonAsync($"/api/work-orders/triage/queue/{queued.Id}/dispatch", new { categoryCode = "property.corridor" }))
            .JsonAsync()).Deserialize<ManualTriageDispatched>(Json)!;
        dispatched.HandledBy.ShouldBe("鑫诚物业服务有限公司");
        var order = await app.GetAsync("community.sanshundian", dispatched.WorkOrderId);
        order.GetProperty("categoryCode").GetString().ShouldBe("property.corridor");
        order.GetProperty("origin").GetString().ShouldBe("Hotline");

        await (await staff.PostAsJsonAsync($"/api/work-orders/triage/queue/{queued.Id}/dispatch", new { categoryCode = "property.drain" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "triage_already_dispatched");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (await db.TriageCorrections.SingleAsync(c => c.Text == item.Text)).CategoryCode.ShouldBe("property.corridor");
    }

    [Fact]
    public async Task The_queue_is_for_community_staff_only()
    {
        var resident = await app.ClientForAsync("resident.shiqi.01");
        (await resident.GetAsync("/api/work-orders/triage/queue")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retraining_on_wrong_corrections_is_refused_and_the_model_in_use_stays()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Every drain and lift complaint of the corpus "corrected" to noise, several times over: a model that learns this is worse.
            var poison = TriageCorpus.Training.Where(c => c.CategoryCode is "property.drain" or "property.elevator" or "property.heating").ToList();
            for (var i = 0; i < 3; i++)
            {
                db.TriageCorrections.AddRange(poison.Select(p => TriageCorrection.Of(p.Text, "dispute.noise", p.CategoryCode, "test", "test", DateTime.UtcNow)));
            }

            await db.SaveChangesAsync();
        }

        var model = app.Services.GetRequiredService<TriageModel>();
        var before = await model.CurrentAsync();
        using var output = new StringWriter();
        // The operator's command (triage retrain), run on the app's services as the command dispatcher does.
        var exit = await TriageCommands.RunAsync(app.Services, "retrain", output);

        exit.ShouldBe(1);
        output.ToString().ShouldContain("refused");
        (await model.CurrentAsync()).ShouldBeSameAs(before);
        var admin = await app.ClientForAsync("admin");
        var history = (await (await admin.GetAsync("/api/work-orders/triage/training")).JsonAsync()).Deserialize<List<TrainingReport>>(Json)!;
        var run = history.ShouldHaveSingleItem();
        run.Accepted.ShouldBeFalse();
        run.Corrections.ShouldBeGreaterThan(0);
        run.Top1After.ShouldBeLessThan(run.Top1Before);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.TriageTrainingRuns.Where(r => r.Accepted).CountAsync()).ShouldBe(0);
            await db.TriageCorrections.Where(c => c.Source == "test").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Only_the_city_admin_retrains()
    {
        var community = await app.ClientForAsync("community.shiqi");
        (await community.PostAsJsonAsync("/api/work-orders/triage/retrain", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await community.GetAsync("/api/work-orders/triage/training")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private async Task<string> HouseOfAsync(string userName)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var personId = await db.Users.Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync();
        return await db.People.Where(p => p.Id == personId).Join(db.Areas, p => p.HouseId, a => a.Id, (p, a) => a.Code).SingleAsync();
    }
}
