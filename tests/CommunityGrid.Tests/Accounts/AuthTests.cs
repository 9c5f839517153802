using System.Net;
using System.Net.Http.Json;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Accounts;

[Collection(SharedApp.Name)]
public sealed class AuthTests(AppFactory app)
{
    public static TheoryData<string> DemoAccounts =>
    [
        DemoUsers.CityAdmin, DemoUsers.DistrictAdminSaihan, DemoUsers.StreetAdminRenminlu, DemoUsers.CommunityAdminShiqi, DemoUsers.CommunityAdminSanshundian, DemoUsers.CommunityAdminLicheng,
        DemoUsers.CommunityAdminHexi, DemoUsers.GridChiefShiqi1, DemoUsers.GridWorkerShiqi2, DemoUsers.GridChiefSanshundian1, DemoUsers.BuildingHeadShiqi1, DemoUsers.PartyMemberShiqi1,
        DemoUsers.PartyMemberShiqi2, DemoUsers.VolunteerShiqi1, DemoUsers.RiderLicheng1, DemoUsers.MerchantHexi1, DemoUsers.PropertyStaffSanshundian1,
        DemoUsers.ResidentShiqi1, DemoUsers.ResidentShiqi2, DemoUsers.ResidentSanshundian1, DemoUsers.ResidentHexi1,
    ];

    [Theory]
    [MemberData(nameof(DemoAccounts))]
    public async Task Every_demo_account_gets_a_bearer_token_and_sees_its_own_binding(string userName)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = AppFactory.DemoPassword });
        var token = await response.JsonAsync();
        token.GetProperty("tokenType").GetString().ShouldBe("Bearer");
        token.GetProperty("accessToken").GetString().ShouldNotBeNullOrEmpty();
        token.GetProperty("expiresIn").GetInt32().ShouldBeGreaterThan(0);

        var me = await (await (await app.ClientForAsync(userName)).GetAsync("/api/auth/me")).JsonAsync();
        me.GetProperty("userName").GetString().ShouldBe(userName);
        me.GetProperty("roles").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_password_is_401_problem_details()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.CommunityAdminHexi, password = "nope-nope" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "nobody.here", password = "whatever1" });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.GridChiefDongjieSecondCommunity6, password = "wrong-" + i });
        }

        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.GridChiefDongjieSecondCommunity6, password = AppFactory.DemoPassword });
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "account_locked");
    }

    [Fact]
    public async Task The_api_without_a_token_answers_401_not_a_login_redirect()
    {
        var response = await app.CreateClient().GetAsync("/api/auth/me");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_request_body_missing_the_password_is_a_400_problem()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = DemoUsers.CityAdmin });
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("status").GetInt32().ShouldBe(400);
    }
}
