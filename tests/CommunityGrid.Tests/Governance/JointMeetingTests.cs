using System.Net;
using System.Text.Json;
using CommunityGrid.Features.Governance;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;

namespace CommunityGrid.Tests.Governance;

public sealed class JointMeetingTests(GovernanceApp app) : IClassFixture<GovernanceApp>
{
    private const string Sanshundian = "150103001001";
    private const string Secretary = "community.sanshundian";

    private async Task<(Guid Estate, Guid Company)> ShundaAsync()
    {
        var estate = (await app.GetAsync<Page<EstateView>>(Secretary, $"/api/estates?communityCode={Sanshundian}")).Items.Single(e => e.Name == "顺达小区");
        return (estate.Id, estate.ManagerOrganisationId);
    }

    private object Meeting(Guid estate, string title, int daysFromNow) => new
    {
        communityCode = Sanshundian,
        estateId = estate,
        title,
        heldAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(daysFromNow),
        agenda = "一、楼道堆物；二、电动车充电",
        attendees = new[]
        {
            new { name = "马立新", unit = "三顺店社区党委", present = true },
            new { name = "赵经理", unit = "鑫诚物业服务有限公司", present = true },
            new { name = "刘桂芳", unit = "顺达小区业主委员会", present = true },
            new { name = "王警官", unit = "通道街派出所", present = false },
        },
    };

    [Fact]
    public async Task A_decision_becomes_a_dispatched_order_that_the_company_resolves_and_the_next_meeting_opens_with_what_is_still_open()
    {
        var (estate, company) = await ShundaAsync();
        var meeting = await app.PostAsync<MeetingView>(Secretary, "/api/governance/meetings", Meeting(estate, "顺达小区联席会议（一）", -1), HttpStatusCode.Created);
        meeting.Attendees.Where(a => !a.Present).Select(a => a.Unit).ShouldBe(["通道街派出所"]);
        var deadline = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddDays(10));
        var decisions = $"/api/governance/meetings/{meeting.Id}/decisions";

        await app.RefusedAsync(Secretary, decisions, new { text = "清理楼道堆物", organisationId = (Guid?)null, deadline, categoryCode = "property.corridor" },
            HttpStatusCode.BadRequest, "decision_owner_required");
        await app.RefusedAsync("grid.sanshundian.01", decisions, new { text = "清理楼道堆物", organisationId = company, deadline, categoryCode = "property.corridor" },
            HttpStatusCode.Forbidden, "only_admins_record_meetings");
        await app.RefusedAsync("community.shiqi", decisions, new { text = "清理楼道堆物", organisationId = company, deadline, categoryCode = "property.corridor" },
            HttpStatusCode.NotFound, "not_found");

        var decided = await app.PostAsync<MeetingView>(Secretary, decisions, new { text = "清理 9 号楼楼道堆物", organisationId = company, deadline, categoryCode = "property.corridor" });
        var tidy = decided.Decisions.Single();
        tidy.OwnerName.ShouldBe("鑫诚物业服务有限公司");
        tidy.OrderStatus.ShouldBe("AwaitingAcceptance");
        decided = await app.PostAsync<MeetingView>(Secretary, decisions, new { text = "更换单元门禁", organisationId = company, deadline, categoryCode = "property.lighting" });
        var door = decided.Decisions.Single(d => d.Text == "更换单元门禁");

        // The order is the closed loop's own: the company accepts and resolves it, and the meeting shows its progress.
        var order = await app.GetAsync<JsonElement>("property.sanshundian.01", $"/api/work-orders/{tidy.WorkOrderId}");
        order.GetProperty("assigneeName").GetString().ShouldBe("鑫诚物业服务有限公司");
        order.GetProperty("origin").GetString().ShouldBe("Staff");
        await app.PostAsync<JsonElement>("property.sanshundian.01", $"/api/work-orders/{tidy.WorkOrderId}/accept");
        await app.PostAsync<JsonElement>("property.sanshundian.01", $"/api/work-orders/{tidy.WorkOrderId}/resolve", new { note = "堆物已清理" });
        await app.PostAsync<JsonElement>("grid.sanshundian.01", $"/api/work-orders/{tidy.WorkOrderId}/verify", new { note = "已核实" });
        var progress = await app.GetAsync<MeetingView>(Secretary, $"/api/governance/meetings/{meeting.Id}");
        progress.Decisions.Single(d => d.Id == tidy.Id).Done.ShouldBeTrue();
        progress.Decisions.Single(d => d.Id == door.Id).Done.ShouldBeFalse();

        // Concluded with minutes, the meeting never changes.
        await app.RefusedAsync(Secretary, $"/api/governance/meetings/{meeting.Id}/conclude", new { minutes = " " }, HttpStatusCode.BadRequest, "validation_failed");
        var concluded = await app.PostAsync<MeetingView>(Secretary, $"/api/governance/meetings/{meeting.Id}/conclude", new { minutes = "会议决定清理堆物、更换门禁。" });
        concluded.Status.ShouldBe(MeetingStatus.Concluded);
        concluded.CallerMayRecord.ShouldBeFalse();
        await app.RefusedAsync(Secretary, decisions, new { text = "再加一条", organisationId = company, deadline, categoryCode = "property.corridor" }, HttpStatusCode.Conflict, "meeting_concluded");
        await app.RefusedAsync(Secretary, $"/api/governance/meetings/{meeting.Id}/conclude", new { minutes = "改写纪要" }, HttpStatusCode.Conflict, "meeting_concluded");
        (await app.GetAsync<MeetingView>(Secretary, $"/api/governance/meetings/{meeting.Id}")).Minutes.ShouldBe("会议决定清理堆物、更换门禁。");

        // The next meeting opens with last meeting's open decision.
        var next = await app.PostAsync<MeetingView>(Secretary, "/api/governance/meetings", Meeting(estate, "顺达小区联席会议（二）", 0), HttpStatusCode.Created);
        next.CarriedOver.Select(d => d.Text).ShouldBe(["更换单元门禁"]);

        // Out of the community it does not exist.
        await app.RefusedAsync("community.shiqi", HttpMethod.Get, $"/api/governance/meetings/{meeting.Id}", null, HttpStatusCode.NotFound, "not_found");
        await app.RefusedAsync("resident.sanshundian.01", HttpMethod.Get, $"/api/governance/meetings/{meeting.Id}", null, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_meeting_needs_attendees_and_only_admins_record_one()
    {
        var (estate, _) = await ShundaAsync();
        await app.RefusedAsync(Secretary, "/api/governance/meetings", new { communityCode = Sanshundian, estateId = estate, title = "空会", heldAt = DateTime.UtcNow, agenda = "无", attendees = Array.Empty<object>() },
            HttpStatusCode.BadRequest, "attendees_required");
        await app.RefusedAsync("grid.sanshundian.01", "/api/governance/meetings", Meeting(estate, "网格员开会", 0), HttpStatusCode.Forbidden, "only_admins_record_meetings");
        await app.RefusedAsync("community.hexi", "/api/governance/meetings", Meeting(estate, "别人的会", 0), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_demo_has_two_meetings_per_community_with_decisions_in_flight()
    {
        var list = await app.GetAsync<Page<MeetingListItem>>(Secretary, $"/api/governance/meetings?communityCode={Sanshundian}");
        var demo = list.Items.Where(m => m.Title.StartsWith("景观小区联席会议", StringComparison.Ordinal)).ToList();
        demo.Count.ShouldBe(2);
        demo.Sum(m => m.OpenDecisions).ShouldBe(2);
        var latest = await app.GetAsync<MeetingView>(Secretary, $"/api/governance/meetings/{demo[0].Id}");
        latest.CarriedOver.Count.ShouldBe(1);
        latest.CarriedOver[0].Overdue.ShouldBeTrue();
    }
}
