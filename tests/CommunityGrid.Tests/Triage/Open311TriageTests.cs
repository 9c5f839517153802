using System.Net;
using CommunityGrid.Data;
using CommunityGrid.Features.Triage;
using CommunityGrid.Tests.Open311;
using CommunityGrid.Tests.WorkOrders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Triage;

public sealed class Open311TriageTests(WorkOrderApp app) : IClassFixture<WorkOrderApp>
{
    private static Dictionary<string, string> Form(string description) => new()
    {
        ["api_key"] = Open311Calls.DemoKey,
        ["lat"] = Open311Calls.ShiqiLat,
        ["long"] = Open311Calls.ShiqiLong,
        ["description"] = description,
    };

    [Fact]
    public async Task A_post_without_service_code_is_triaged_from_its_description()
    {
        var answer = await (await app.CreateClient().PostRequestAsync(Form("小区门口那条路的路灯坏了好几盏，晚上黑漆漆的"))).Open311JsonAsync();
        var number = answer[0].GetProperty("service_request_id").GetString()!;

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var category = await db.WorkOrders.Where(o => o.Number == number).Join(db.WorkOrderCategories, o => o.CategoryId, c => c.Id, (o, c) => c.Code).SingleAsync();
        category.ShouldBe("city.streetlight");
    }

    [Fact]
    public async Task An_unsure_description_waits_in_the_communitys_queue_and_the_client_gets_a_token()
    {
        var answer = await (await app.CreateClient().PostRequestAsync(Form("qwerty asdf zxcv"))).Open311JsonAsync();
        answer[0].TryGetProperty("service_request_id", out _).ShouldBeFalse();
        var token = answer[0].GetProperty("token").GetString()!;

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var item = await db.ManualTriages.SingleAsync(t => t.Id == Guid.ParseExact(token, "N"));
        item.Status.ShouldBe(ManualTriageStatus.Waiting);
        item.AreaPath.ShouldStartWith("150100/150105/150105001/150105001001/150105001001001/");
        (await db.WorkOrders.CountAsync(o => o.Description == "qwerty asdf zxcv")).ShouldBe(0);
    }

    [Fact]
    public async Task A_description_over_two_thousand_characters_without_service_code_is_400()
    {
        var response = await app.CreateClient().PostRequestAsync(Form(new string('堵', 2001)));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
