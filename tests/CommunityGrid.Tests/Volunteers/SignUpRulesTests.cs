using CommunityGrid.Features.Volunteers;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.Volunteers;

public sealed class SignUpRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static (VolunteerActivity Activity, ActivityShift Shift) Planned(int? radius = null)
    {
        var start = Now.AddHours(1);
        var activity = VolunteerActivity.Plan(new ActivityPlan("测试", ActivityType.CleanUp, null, 40.81, 111.70, "测试地点", radius, [new ShiftPlan(start, start.AddHours(2), 3)]),
            "150100/150105/150105001/150105001001/", null, "organiser", "组织者", Now);
        return (activity, activity.Shifts[0]);
    }

    [Fact]
    public void Default_minutes_count_only_the_time_inside_the_shift()
    {
        var (activity, shift) = Planned();
        var early = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        early.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(-20));
        early.CheckOut(activity, shift, null, null, shift.EndsAt.AddMinutes(45));

        early.DefaultMinutes(shift).ShouldBe(120);

        var late = SignUp.Join(activity, shift, Guid.NewGuid(), "乙", 2, placeFree: true, Now);
        late.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(30));
        late.CheckOut(activity, shift, null, null, shift.StartsAt.AddMinutes(75).AddSeconds(59));

        late.DefaultMinutes(shift).ShouldBe(45);
    }

    [Fact]
    public void Check_out_closes_two_hours_after_the_shift()
    {
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        s.CheckIn(activity, shift, null, null, shift.StartsAt);

        Should.Throw<DomainRuleException>(() => s.CheckOut(activity, shift, null, null, shift.EndsAt.AddHours(2).AddMinutes(1))).Code.ShouldBe("check_out_closed");
    }

    [Fact]
    public void A_check_out_before_the_shift_has_started_is_refused()
    {
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        s.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(-8));

        s.CheckOutRefusal(shift, shift.StartsAt.AddMinutes(-4))!.Code.ShouldBe("shift_not_started");
        Should.Throw<DomainRuleException>(() => s.CheckOut(activity, shift, null, null, shift.StartsAt.AddMinutes(-4))).Code.ShouldBe("shift_not_started");
        Should.Throw<DomainRuleException>(() => s.CheckOut(activity, shift, null, null, shift.StartsAt)).Code.ShouldBe("shift_not_started");
        s.CheckedOutAt.ShouldBeNull();
        s.CheckOutRefusal(shift, shift.StartsAt.AddMinutes(1)).ShouldBeNull();
    }

    [Fact]
    public void A_check_out_before_the_check_in_is_refused()
    {
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        s.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(40));

        Should.Throw<DomainRuleException>(() => s.CheckOut(activity, shift, null, null, shift.StartsAt.AddMinutes(39))).Code.ShouldBe("check_out_before_check_in");
    }

    [Fact]
    public void Check_in_and_check_out_say_when_they_are_open()
    {
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);

        s.CheckInRefusal(shift, shift.StartsAt.AddMinutes(-31))!.Code.ShouldBe("shift_not_started");
        s.CheckInRefusal(shift, shift.StartsAt.AddMinutes(-30)).ShouldBeNull();
        s.CheckInRefusal(shift, shift.EndsAt.AddMinutes(1))!.Code.ShouldBe("shift_over");
        s.CheckOutRefusal(shift, shift.StartsAt.AddMinutes(10))!.Code.ShouldBe("not_checked_in");

        var waiting = SignUp.Join(activity, shift, Guid.NewGuid(), "乙", 2, placeFree: false, Now);
        waiting.CheckInRefusal(shift, shift.StartsAt)!.Code.ShouldBe("on_waiting_list");
    }

    [Fact]
    public void Verified_minutes_cannot_exceed_the_attended_time_clipped_to_the_shift()
    {
        // 10:01–11:01: she checked in early and out 25 minutes after the start.
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        s.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(-4));
        s.CheckOut(activity, shift, null, null, shift.StartsAt.AddMinutes(25));

        s.AttendedMinutes(shift).ShouldBe(25);
        var refused = Should.Throw<DomainRuleException>(() => s.Verify(shift, 60, "u", "组织者", shift.EndsAt));
        (refused.Code, refused.Kind).ShouldBe(("minutes_exceed_attendance", RuleKind.Unprocessable));
        s.VerifiedAt.ShouldBeNull();
        s.Verify(shift, 25, "u", "组织者", shift.EndsAt).ToMinutes.ShouldBe(25);
    }

    [Fact]
    public void Without_a_check_out_the_verified_minutes_run_at_most_from_the_check_in_to_the_shifts_end()
    {
        var (activity, shift) = Planned();
        var late = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        late.CheckIn(activity, shift, null, null, shift.StartsAt.AddMinutes(90));

        late.AttendedMinutes(shift).ShouldBe(30);
        Should.Throw<DomainRuleException>(() => late.Verify(shift, 31, "u", "组织者", shift.EndsAt)).Code.ShouldBe("minutes_exceed_attendance");
        late.Verify(shift, 30, "u", "组织者", shift.EndsAt).ToMinutes.ShouldBe(30);

        var absent = SignUp.Join(activity, shift, Guid.NewGuid(), "乙", 2, placeFree: true, Now);
        absent.AttendedMinutes(shift).ShouldBe(0);
    }

    [Fact]
    public void Corrections_pay_under_numbered_sources_and_keep_what_they_changed()
    {
        var (activity, shift) = Planned();
        var s = SignUp.Join(activity, shift, Guid.NewGuid(), "甲", 1, placeFree: true, Now);
        s.CheckIn(activity, shift, null, null, shift.StartsAt);
        s.CheckOut(activity, shift, null, null, shift.EndsAt);

        var verified = s.Verify(shift, null, "u", "组织者", shift.EndsAt);
        var corrected = s.Correct(shift, 100, "中途离开", "u", "组织者", shift.EndsAt.AddHours(1));

        verified.SourceRef.ShouldBe(s.Id.ToString());
        corrected.SourceRef.ShouldBe($"{s.Id}#2");
        (corrected.FromMinutes, corrected.ToMinutes, corrected.Reason).ShouldBe((120, 100, "中途离开"));
        Should.Throw<InvalidInputException>(() => s.Correct(shift, 121, "超出", "u", "组织者", Now)).Code.ShouldBe("invalid_minutes");
    }

    [Fact]
    public void A_plan_refuses_a_radius_out_of_range_and_a_shift_without_places()
    {
        Should.Throw<InvalidInputException>(() => Planned(radius: 5)).Code.ShouldBe("invalid_radius");
        Should.Throw<InvalidInputException>(() => VolunteerActivity.Plan(
            new ActivityPlan("测试", ActivityType.CleanUp, null, 40.81, 111.70, "测试地点", null, [new ShiftPlan(Now.AddHours(1), Now.AddHours(2), 0)]),
            "150100/", null, "o", "o", Now)).Code.ShouldBe("invalid_capacity");
    }

    [Fact]
    public void A_long_record_continues_on_further_pages_of_the_certificate()
    {
        using var font = new CertificateFont(null!);
        var lines = Enumerable.Range(0, 60).Select(i => new CertificateLine(Now.AddDays(-i), $"社区活动 {i}", "环境整治", 60)).ToList();
        var pdf = HoursCertificate.Render(new CertificateContent("田静", null, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 1), 3600, lines, "仕奇社区",
            new DateOnly(2026, 12, 1), Now), font.Typeface);

        var text = System.Text.Encoding.Latin1.GetString(pdf);
        System.Text.RegularExpressions.Regex.Count(text, @"/Type\s*/Page\b").ShouldBeGreaterThanOrEqualTo(3);
    }
}
