using System.Net;
using CommunityGrid.Features.Programmes;
using CommunityGrid.Infrastructure;
using CommunityGrid.Tests.Infrastructure;
using static CommunityGrid.Tests.Programmes.ProgrammeApp;

namespace CommunityGrid.Tests.Programmes;

public sealed class JobsAndTrainingTests(ProgrammeApp app) : IClassFixture<ProgrammeApp>
{
    private static readonly string[] Residents = ["resident.shiqi.01", "resident.shiqi.02"];
    private static readonly string[] Suits = ["MothersAtHome", "DisabledResidents"];

    private async Task<PostingView> PostAsync(int closesInDays = 10) =>
        await app.PostAsync<PostingView>("community.shiqi", "/api/jobs/postings", new
        {
            communityCode = ShiqiCode, kind = "HomePiecework", title = "居家手工：串珠饰品计件", description = "在家完成，每周交货。",
            payMinYuan = 2, payMaxYuan = 4, payPer = "Piece", hours = "时间自由", atHome = true, suits = Suits,
            closesOn = BeijingTime.Date(app.Clock.GetUtcNow().UtcDateTime).AddDays(closesInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, HttpStatusCode.Created);

    private async Task<CourseView> CourseAsync(int capacity)
    {
        var first = BeijingTime.WallClock(app.Clock.GetUtcNow().UtcDateTime).Date.AddDays(3).AddHours(9);
        return await app.PostAsync<CourseView>("community.shiqi", "/api/jobs/courses", new
        {
            communityCode = ShiqiCode, title = "直播带货技能培训", description = "六期", place = "巾帼阳光站直播间", capacity,
            sessions = Enumerable.Range(0, 6).Select(i => new { startsAt = first.AddDays(7 * i), endsAt = first.AddDays(7 * i).AddHours(2) }).ToArray(),
        }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_resident_applies_once_and_the_station_records_the_outcome_with_an_income_band_only()
    {
        var posting = await PostAsync();
        posting.Suits.ShouldBe([SuitedGroups.MothersAtHome, SuitedGroups.DisabledResidents]);
        posting.AtHome.ShouldBeTrue();
        (await app.GetAsync<Page<PostingView>>("resident.shiqi.01", $"/api/jobs/postings?communityCode={ShiqiCode}&pageSize=200")).Items.ShouldContain(p => p.Id == posting.Id);
        (await app.PostAsync<PostingView>("resident.shiqi.01", $"/api/jobs/postings/{posting.Id}/applications")).Applied.ShouldBeTrue();
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/jobs/postings/{posting.Id}/applications")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_applied");
        await (await app.PostRawAsync("resident.hexi.01", $"/api/jobs/postings/{posting.Id}/applications")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        var applicants = await app.GetAsync<Page<ApplicationView>>("community.shiqi", $"/api/jobs/postings/{posting.Id}/applications");
        var application = applicants.Items.Single();
        application.MaskedName.ShouldBe("陈*兰");
        (await (await app.As("resident.shiqi.01")).GetAsync($"/api/jobs/postings/{posting.Id}/applications")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await (await app.PostRawAsync("community.shiqi", $"/api/jobs/applications/{application.Id}/outcome", new { outcome = "Hired" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "income_band_invalid");
        await app.PostAsync<ApplicationView>("community.shiqi", $"/api/jobs/applications/{application.Id}/outcome", new { outcome = "Interviewed" });
        var hired = await app.PostAsync<ApplicationView>("community.shiqi", $"/api/jobs/applications/{application.Id}/outcome", new { outcome = "Hired", incomeBand = "From1000To2000" });
        (hired.Outcome, hired.IncomeBand).ShouldBe((ApplicationOutcome.Hired, IncomeBand.From1000To2000));
        await (await app.PostRawAsync("community.shiqi", $"/api/jobs/applications/{application.Id}/outcome", new { outcome = "NotHired" }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "outcome_final");

        var figures = await app.GetAsync<JobFigures>("community.shiqi", $"/api/jobs/figures/{ShiqiCode}");
        figures.Placed.ShouldBeGreaterThanOrEqualTo(1);
        figures.PlacedByKind[JobKind.HomePiecework].ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Applying_after_the_closing_date_is_refused()
    {
        var posting = await PostAsync(closesInDays: 1);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await (await app.PostRawAsync("resident.shiqi.02", $"/api/jobs/postings/{posting.Id}/applications")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "posting_closed");
    }

    [Fact]
    public async Task Two_enrolments_for_the_last_seat_give_it_once_the_other_waits_and_moves_up_when_a_seat_frees()
    {
        var course = await CourseAsync(capacity: 1);
        course.Sessions.Count.ShouldBe(6);
        var answers = await Task.WhenAll(Residents.Select(u => app.PostRawAsync(u, $"/api/jobs/courses/{course.Id}/enrol")));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        var views = new List<CourseView>();
        foreach (var u in Residents)
        {
            views.Add(await app.GetAsync<CourseView>(u, $"/api/jobs/courses/{course.Id}"));
        }

        views.Select(v => v.MyStatus).Order().ShouldBe([EnrolmentStatus.Enrolled, EnrolmentStatus.Waiting]);
        views[0].Enrolled.ShouldBe(1);
        views[0].Waiting.ShouldBe(1);
        views.Single(v => v.MyStatus == EnrolmentStatus.Waiting).MyPlaceInQueue.ShouldBe(1);
        await (await app.PostRawAsync(Residents[0], $"/api/jobs/courses/{course.Id}/enrol")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_enrolled");

        var seated = Residents[views.FindIndex(v => v.MyStatus == EnrolmentStatus.Enrolled)];
        var waiting = Residents[views.FindIndex(v => v.MyStatus == EnrolmentStatus.Waiting)];
        await app.PostAsync<CourseView>(seated, $"/api/jobs/courses/{course.Id}/withdraw");
        (await app.GetAsync<CourseView>(waiting, $"/api/jobs/courses/{course.Id}")).MyStatus.ShouldBe(EnrolmentStatus.Enrolled);
    }

    [Fact]
    public async Task The_station_marks_attendance_of_enrolled_residents_once_per_session()
    {
        var course = await CourseAsync(capacity: 10);
        await app.PostAsync<CourseView>("resident.shiqi.01", $"/api/jobs/courses/{course.Id}/enrol");
        var person = await app.PersonIdAsync("resident.shiqi.01");
        var session = course.Sessions[0].Id;
        var marked = await app.PostAsync<CourseView>("community.shiqi", $"/api/jobs/courses/{course.Id}/sessions/{session}/attendance", new { personId = person });
        marked.Sessions[0].Attended.ShouldBe(1);
        marked.Roster!.Single().SessionsAttended.ShouldBe(1);
        await (await app.PostRawAsync("community.shiqi", $"/api/jobs/courses/{course.Id}/sessions/{session}/attendance", new { personId = person }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "already_attended");
        await (await app.PostRawAsync("community.shiqi", $"/api/jobs/courses/{course.Id}/sessions/{session}/attendance", new { personId = await app.PersonIdAsync("resident.shiqi.02") }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "not_enrolled");
        await (await app.PostRawAsync("resident.shiqi.01", $"/api/jobs/courses/{course.Id}/sessions/{session}/attendance", new { personId = person }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_community_staff");
        var own = await app.GetAsync<CourseView>("resident.shiqi.01", $"/api/jobs/courses/{course.Id}");
        own.MySessionsAttended.ShouldBe(1);
        own.Roster.ShouldBeNull();
    }
}
