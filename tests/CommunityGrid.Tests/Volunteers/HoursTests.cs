using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Features.Points;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Tests.Volunteers;

public sealed class HoursTests(VolunteerApp app) : IClassFixture<VolunteerApp>, IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await app.BooksShouldBalanceAsync();

    /// <summary>A clean-up shift (10 points an hour by default) served from 10 minutes early to 90 minutes in.</summary>
    private async Task<(Guid Activity, Guid SignUp)> ServedAsync(string user, int minutesIn = 90)
    {
        var start = app.Now.AddHours(1);
        var (activity, shift) = await app.PlanAsync(VolunteerApp.Plan(start));
        var signUp = await app.ServeAsync(user, shift, start, TimeSpan.FromMinutes(minutesIn));
        return (activity, signUp);
    }

    private Task<HttpResponseMessage> VerifyAsync(Guid signUp, object? body = null, string organiser = DemoUsers.CommunityAdminShiqi) =>
        app.PostAsync(organiser, $"/api/volunteers/sign-ups/{signUp}/verify", body);

    private Task<HttpResponseMessage> CorrectAsync(Guid signUp, int minutes, string? reason) =>
        app.PostAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/sign-ups/{signUp}/correct", new { minutes, reason });

    private Task<List<PointsTransfer>> TransfersForAsync(Guid signUp) => app.WithLedgerAsync(async (_, db) =>
    {
        var refs = new[] { signUp.ToString(), $"{signUp}#2", $"{signUp}#3" };
        var awards = await db.PointsTransfers.Where(t => t.Source == TransferSource.VolunteerHours && refs.Contains(t.SourceRef)).ToListAsync();
        var ids = awards.Select(a => a.Id.ToString()).ToList();
        var reversals = await db.PointsTransfers.Where(t => t.Source == TransferSource.Reversal && ids.Contains(t.SourceRef)).ToListAsync();
        return awards.Concat(reversals).OrderBy(t => t.At).ThenBy(t => t.Id).ToList();
    });

    [Fact]
    public async Task The_organiser_sees_the_times_and_verifying_the_default_minutes_pays_the_points_once()
    {
        var account = await app.PersonAccountAsync(DemoUsers.VolunteerShiqi1);
        var before = await app.BalanceAsync(account.Id);
        var (activity, signUp) = await ServedAsync(DemoUsers.VolunteerShiqi1);

        var roster = await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/activities/{activity}/sign-ups");
        var entry = roster.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == signUp);
        // Checked in 10 minutes early: service counts from the shift's start.
        entry.GetProperty("defaultMinutes").GetInt32().ShouldBe(90);
        entry.GetProperty("checkedInAt").ValueKind.ShouldBe(JsonValueKind.String);

        var verified = await (await VerifyAsync(signUp)).JsonAsync();

        verified.GetProperty("verifiedMinutes").GetInt32().ShouldBe(90);
        verified.GetProperty("awardedPoints").GetInt64().ShouldBe(15);
        verified.GetProperty("history")[0].GetProperty("kind").GetString().ShouldBe("Verified");
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 15);
        var transfer = (await TransfersForAsync(signUp)).ShouldHaveSingleItem();
        transfer.SourceRef.ShouldBe(signUp.ToString());
        transfer.AreaPath.ShouldBe("150100/150105/150105001/150105001001/");

        await (await VerifyAsync(signUp)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_verified");
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 15);
    }

    [Fact]
    public async Task Only_the_organiser_verifies_and_others_in_the_community_get_not_organiser()
    {
        var (activity, signUp) = await ServedAsync(DemoUsers.PartyMemberShiqi2);

        await (await VerifyAsync(signUp, organiser: DemoUsers.VolunteerShiqi1)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_organiser");
        await (await VerifyAsync(signUp, organiser: DemoUsers.GridChiefShiqi1)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_organiser");
        await (await (await app.ClientForAsync(DemoUsers.VolunteerShiqi1)).GetAsync($"/api/volunteers/activities/{activity}/sign-ups"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_organiser");
        await (await VerifyAsync(signUp, organiser: DemoUsers.CommunityAdminLicheng)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await VerifyAsync(signUp, organiser: DemoUsers.RiderLicheng1)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await TransfersForAsync(signUp)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Publishing_needs_the_community_or_the_teams_organiser()
    {
        var body = VolunteerApp.Plan(app.Now.AddHours(5));
        await (await app.PostAsync(DemoUsers.GridChiefShiqi1, "/api/volunteers/activities", body)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var team = await app.TeamIdAsync("巾帼宜家");
        await (await app.PostAsync(DemoUsers.VolunteerShiqi1, "/api/volunteers/activities", VolunteerApp.Plan(app.Now.AddHours(5), teamId: team)))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_organiser");
        await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/activities", new
        {
            title = "倒序班次",
            type = "CleanUp",
            communityCode = VolunteerApp.Shiqi,
            latitude = 40.81,
            longitude = 111.70,
            address = "x",
            shifts = new[] { new { startsAt = app.Now.AddHours(5), endsAt = app.Now.AddHours(4), capacity = 5 } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_shift");
    }

    [Fact]
    public async Task A_team_organiser_runs_the_teams_activities_but_cannot_verify_their_own_hours()
    {
        var created = await (await app.PostAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams",
            new { name = "测试服务队", areaCode = "150105001001001", organiserUserName = DemoUsers.PartyMemberShiqi1 })).JsonAsync(HttpStatusCode.Created);
        var team = created.GetProperty("id").GetGuid();
        var start = app.Now.AddHours(1);
        var (activity, shift) = await app.PlanAsync(VolunteerApp.Plan(start, teamId: team), organiser: DemoUsers.PartyMemberShiqi1);
        var own = await app.ServeAsync(DemoUsers.PartyMemberShiqi1, shift, start, TimeSpan.FromMinutes(60));

        await (await VerifyAsync(own, organiser: DemoUsers.PartyMemberShiqi1)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "cannot_verify_own_hours");
        (await (await VerifyAsync(own)).JsonAsync()).GetProperty("verifiedMinutes").GetInt32().ShouldBe(60);
        (await app.GetJsonAsync(DemoUsers.PartyMemberShiqi1, $"/api/volunteers/activities/{activity}")).GetProperty("isOrganiser").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Verification_needs_a_check_in_and_without_a_check_out_the_minutes_must_be_given()
    {
        var start = app.Now.AddHours(1);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, capacity: 5));
        var absent = (await (await app.PostAsync(DemoUsers.ResidentShiqi1, $"/api/volunteers/shifts/{shift}/sign-up")).JsonAsync()).GetProperty("id").GetGuid();
        var forgot = (await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/sign-up")).JsonAsync()).GetProperty("id").GetGuid();
        app.Clock.SetUtcNow(start);
        await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/check-in")).JsonAsync();
        app.Clock.Advance(TimeSpan.FromHours(3));

        await (await VerifyAsync(absent)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_checked_in");
        await (await VerifyAsync(forgot)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "minutes_required");
        await (await VerifyAsync(forgot, new { minutes = 121 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_minutes");
        (await (await VerifyAsync(forgot, new { minutes = 100 })).JsonAsync()).GetProperty("awardedPoints").GetInt64().ShouldBe(16);
    }

    [Fact]
    public async Task A_check_out_before_the_shift_began_is_refused_and_no_more_than_the_attended_minutes_are_verified()
    {
        var account = await app.PersonAccountAsync(DemoUsers.ResidentShiqi2);
        var before = await app.BalanceAsync(account.Id);
        var start = app.Now.AddHours(1);
        var (activity, shift) = await app.PlanAsync(VolunteerApp.Plan(start, hours: 1));
        var signUp = (await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/sign-up")).JsonAsync()).GetProperty("id").GetGuid();
        app.Clock.SetUtcNow(start.AddMinutes(-10));
        (await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/check-in")).JsonAsync()).GetProperty("canCheckOut").GetBoolean().ShouldBeFalse();

        // 09:57 for a 10:01–11:01 shift: not service.
        app.Clock.SetUtcNow(start.AddMinutes(-4));
        await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/check-out")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "shift_not_started");
        var mine = (await app.GetJsonAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/activities/{activity}")).GetProperty("shifts")[0].GetProperty("mine");
        mine.GetProperty("checkedOutAt").ValueKind.ShouldBe(JsonValueKind.Null);
        mine.GetProperty("canCheckOut").GetBoolean().ShouldBeFalse();

        app.Clock.SetUtcNow(start.AddMinutes(20));
        (await (await app.PostAsync(DemoUsers.ResidentShiqi2, $"/api/volunteers/shifts/{shift}/check-out")).JsonAsync()).GetProperty("checkedOutAt").ValueKind.ShouldBe(JsonValueKind.String);
        var entry = (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/activities/{activity}/sign-ups")).EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == signUp);
        entry.GetProperty("attendedMinutes").GetInt32().ShouldBe(20);

        await (await VerifyAsync(signUp, new { minutes = 60 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "minutes_exceed_attendance");
        (await TransfersForAsync(signUp)).ShouldBeEmpty();
        var verified = await (await VerifyAsync(signUp)).JsonAsync();
        verified.GetProperty("verifiedMinutes").GetInt32().ShouldBe(20);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + verified.GetProperty("awardedPoints").GetInt64());
    }

    [Fact]
    public async Task A_correction_reverses_the_earlier_award_and_pays_the_new_minutes_under_a_new_source()
    {
        var account = await app.PersonAccountAsync(DemoUsers.PartyMemberShiqi1);
        var before = await app.BalanceAsync(account.Id);
        var (_, signUp) = await ServedAsync(DemoUsers.PartyMemberShiqi1);
        await (await VerifyAsync(signUp)).JsonAsync();

        await (await CorrectAsync(signUp, 60, "  ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reason_required");
        await (await CorrectAsync(signUp, 90, "同样")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "minutes_unchanged");
        var lower = await (await CorrectAsync(signUp, 60, "提前半小时离开")).JsonAsync();

        lower.GetProperty("verifiedMinutes").GetInt32().ShouldBe(60);
        lower.GetProperty("awardedPoints").GetInt64().ShouldBe(10);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 10);

        var higher = await (await CorrectAsync(signUp, 120, "补录：实际服务至结束")).JsonAsync();
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 20);

        var history = higher.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("kind").GetString()).ShouldBe(["Verified", "Corrected", "Corrected"]);
        history[1].GetProperty("fromMinutes").GetInt32().ShouldBe(90);
        history[1].GetProperty("toMinutes").GetInt32().ShouldBe(60);
        history[1].GetProperty("reason").GetString().ShouldBe("提前半小时离开");
        history.Select(h => h.GetProperty("points").GetInt64()).ShouldBe([15L, 10L, 20L]);

        var transfers = await TransfersForAsync(signUp);
        transfers.Select(t => (t.Source, t.Amount)).ShouldBe([
            (TransferSource.VolunteerHours, 15L), (TransferSource.Reversal, 15L), (TransferSource.VolunteerHours, 10L),
            (TransferSource.Reversal, 10L), (TransferSource.VolunteerHours, 20L)]);
        transfers.Where(t => t.Source == TransferSource.VolunteerHours).Select(t => t.SourceRef).ShouldBe([signUp.ToString(), $"{signUp}#2", $"{signUp}#3"]);
        await app.BooksShouldBalanceAsync();
    }

    [Fact]
    public async Task A_correction_is_not_cut_by_the_daily_cap_share_of_the_award_it_replaces()
    {
        var user = (await app.ResidentAccountsAsync("long-shift", 1)).Single();
        var account = await app.PersonAccountAsync(user);
        var start = app.Now.AddHours(1);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, hours: 12));
        var signUp = await app.ServeAsync(user, shift, start, TimeSpan.FromHours(12));
        (await (await VerifyAsync(signUp)).JsonAsync()).GetProperty("awardedPoints").GetInt64().ShouldBe(120);

        // The day's cap is 200: the reversed 120 must not count, or the corrected 110 would be cut to 80.
        var corrected = await (await CorrectAsync(signUp, 660, "中午休息一小时")).JsonAsync();

        corrected.GetProperty("awardedPoints").GetInt64().ShouldBe(110);
        (await app.BalanceAsync(account.Id)).ShouldBe(110);
    }

    [Fact]
    public async Task A_correction_before_verification_is_refused()
    {
        var (_, signUp) = await ServedAsync(DemoUsers.ResidentShiqi1);

        await (await CorrectAsync(signUp, 30, "原因")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_verified");
    }

    [Fact]
    public async Task A_correction_down_after_the_points_were_spent_is_refused_and_changes_nothing()
    {
        var account = await app.PersonAccountAsync(DemoUsers.ResidentShiqi2);
        var (activity, signUp) = await ServedAsync(DemoUsers.ResidentShiqi2, minutesIn: 120);
        await (await VerifyAsync(signUp)).JsonAsync();
        // The volunteer spends everything at a merchant.
        var balance = await app.BalanceAsync(account.Id);
        await app.WithLedgerAsync(async (ledger, db) =>
        {
            var merchantOrg = await db.Users.Where(u => u.UserName == DemoUsers.MerchantHexi1).Select(u => u.OrganisationId!.Value).SingleAsync();
            var merchant = await ledger.MerchantAccountAsync(merchantOrg);
            return await ledger.TransferAsync(new TransferCommand(account.Id, merchant.Id, balance, TransferSource.Redemption, $"spend-{signUp}", "测试消费", account.AreaPath));
        });

        await (await CorrectAsync(signUp, 30, "核减")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "insufficient_points");

        var entry = (await app.GetJsonAsync(DemoUsers.CommunityAdminShiqi, $"/api/volunteers/activities/{activity}/sign-ups")).EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == signUp);
        entry.GetProperty("verifiedMinutes").GetInt32().ShouldBe(120);
        entry.GetProperty("history").GetArrayLength().ShouldBe(1);
        (await TransfersForAsync(signUp)).Count.ShouldBe(1);
        (await app.BalanceAsync(account.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Parallel_verifications_of_one_sign_up_pay_once()
    {
        var account = await app.PersonAccountAsync(DemoUsers.VolunteerShiqi1);
        var before = await app.BalanceAsync(account.Id);
        var (_, signUp) = await ServedAsync(DemoUsers.VolunteerShiqi1, minutesIn: 60);
        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.ClientForAsync(DemoUsers.CommunityAdminShiqi)));

        var responses = await Task.WhenAll(clients.Select(c => Task.Run(() => c.PostAsJsonAsync($"/api/volunteers/sign-ups/{signUp}/verify", new { }))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        foreach (var r in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            r.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var code = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
            code.ShouldBeOneOf("already_verified", "concurrent_change");
        }

        (await TransfersForAsync(signUp)).ShouldHaveSingleItem().Amount.ShouldBe(10);
        (await app.BalanceAsync(account.Id)).ShouldBe(before + 10);
    }

    [Fact]
    public async Task My_record_totals_verified_hours_per_type()
    {
        var start = app.Now.AddHours(1);
        var (_, shift) = await app.PlanAsync(VolunteerApp.Plan(start, type: "ElderCare", title: "敬老陪伴"));
        var signUp = await app.ServeAsync(DemoUsers.PartyMemberShiqi2, shift, start, TimeSpan.FromMinutes(120));
        await (await VerifyAsync(signUp)).JsonAsync();

        var record = await app.GetJsonAsync(DemoUsers.PartyMemberShiqi2, "/api/volunteers/me/record");

        record.GetProperty("name").GetString().ShouldBe("何振华");
        var elder = record.GetProperty("byType").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "ElderCare");
        elder.GetProperty("typeName").GetString().ShouldBe("重阳敬老");
        elder.GetProperty("minutes").GetInt32().ShouldBeGreaterThanOrEqualTo(120);
        record.GetProperty("totalMinutes").GetInt32().ShouldBeGreaterThanOrEqualTo(120);
        var item = record.GetProperty("items").GetProperty("items").EnumerateArray().First(i => i.GetProperty("signUpId").GetGuid() == signUp);
        item.GetProperty("verifiedMinutes").GetInt32().ShouldBe(120);
        item.GetProperty("awardedPoints").GetInt64().ShouldBe(20);
    }
}
