using System.Net;
using System.Text;
using CommunityGrid.Features.Programmes;
using static CommunityGrid.Tests.Programmes.ProgrammeApp;
using ICalendar = Ical.Net.Calendar;

namespace CommunityGrid.Tests.Programmes;

/// <summary>The .ics files import into a calendar parser (Ical.Net) and keep RFC 5545's line rules.</summary>
public sealed class CalendarFileTests(ProgrammeApp app) : IClassFixture<ProgrammeApp>
{
    [Fact]
    public async Task An_events_ics_file_is_public_and_parses_with_its_beijing_time_title_and_place()
    {
        var day = BeijingTime.Date(app.Clock.GetUtcNow().UtcDateTime).AddDays(4);
        var starts = day.ToDateTime(new TimeOnly(14, 0));
        var title = "百姓座谈会：小区停车难怎么办？大家来议一议（请带上您的建议，社区、物业、业委会都参加）";
        var planned = await app.PostAsync<EventView>("community.shiqi", "/api/events", new
        {
            communityCode = ShiqiCode, kind = "ResidentsForum", title = title,
            description = "议题：停车位划线; 充电桩, 夜间噪音\n第二行说明", place = "仕奇社区会议室，一楼", startsAt = starts, endsAt = starts.AddHours(2), capacity = 40,
        }, HttpStatusCode.Created);

        var response = await app.CreateClient().GetAsync($"/api/events/{planned.Id}/calendar.ics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var text = await response.Content.ReadAsStringAsync();
        StrictLines(text);

        var calendar = ICalendar.Load(text)!;
        var e = calendar.Events.Single();
        e.Summary.ShouldBe(title);
        e.Location.ShouldBe("仕奇社区会议室，一楼");
        e.Description.ShouldBe("议题：停车位划线; 充电桩, 夜间噪音\n第二行说明");
        e.DtStart!.AsUtc.ShouldBe(planned.StartsAt);
        e.DtStart.AsUtc.ShouldBe(BeijingTime.ToUtc(day, new TimeSpan(14, 0, 0)));
        e.DtEnd!.AsUtc.ShouldBe(planned.StartsAt.AddHours(2));
        e.Uid!.ShouldStartWith(planned.Id.ToString());
    }

    [Fact]
    public async Task A_communitys_calendar_lists_its_events_and_none_of_another_community()
    {
        var starts = BeijingTime.Date(app.Clock.GetUtcNow().UtcDateTime).AddDays(6).ToDateTime(new TimeOnly(9, 0));
        var shiqi = await app.PostAsync<EventView>("community.shiqi", "/api/events", new
        {
            communityCode = ShiqiCode, kind = "PolicyConsultation", title = "政务咨询：医保社保办理", place = "党群服务中心", startsAt = starts, endsAt = starts.AddHours(3), capacity = 50,
        }, HttpStatusCode.Created);
        var hexi = await app.PostAsync<EventView>("community.hexi", "/api/events", new
        {
            communityCode = HexiCode, kind = "ElderlyCare", title = "重阳敬老", place = "河西社区活动中心", startsAt = starts, endsAt = starts.AddHours(3), capacity = 50,
        }, HttpStatusCode.Created);

        var text = await app.CreateClient().GetStringAsync($"/api/events/communities/{ShiqiCode}/calendar.ics");
        StrictLines(text);
        var calendar = ICalendar.Load(text)!;
        calendar.Events.ShouldContain(e => e.Uid!.StartsWith(shiqi.Id.ToString(), StringComparison.Ordinal));
        calendar.Events.ShouldNotContain(e => e.Uid!.StartsWith(hexi.Id.ToString(), StringComparison.Ordinal));
        text.ShouldContain("X-WR-CALNAME:仕奇社区");
        (await app.CreateClient().GetAsync("/api/events/communities/999999999999/calendar.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>RFC 5545 §3.1: CRLF line ends, no line over 75 octets, continuation lines start with one space; VCALENDAR wraps it.</summary>
    private static void StrictLines(string text)
    {
        text.ShouldStartWith("BEGIN:VCALENDAR\r\n");
        text.ShouldEndWith("END:VCALENDAR\r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\n');
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\r');
        foreach (var line in text.Split("\r\n")[..^1])
        {
            Encoding.UTF8.GetByteCount(line).ShouldBeLessThanOrEqualTo(75, line);
            (line.StartsWith(' ') || line.Contains(':', StringComparison.Ordinal)).ShouldBeTrue(line);
        }
    }
}
