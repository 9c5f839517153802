using CommunityGrid.Features.Stations;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.Stations;

public sealed class StationRuleTests
{
    private static Station Sample() => Station.Open(Guid.CreateVersion7(), "测试驿站", "150100/150104/150104001/150104001001/", "某路 1 号", 40.7936, 111.6601,
        Facilities.Water, new TimeOnly(7, 0), new TimeOnly(22, 0), DateTime.UtcNow);

    [Theory]
    [InlineData("07:00", "22:00", 7, 22)]
    [InlineData("18:00", "02:00", 18, 2)]
    [InlineData(" 06:30 ", "23:59", 6, 23)]
    public void Hours_are_read_as_HH_mm_and_may_run_past_midnight(string opens, string closes, int openHour, int closeHour)
    {
        var (o, c) = Station.Hours(opens, closes, roundTheClock: false);
        o.Hour.ShouldBe(openHour);
        c.Hour.ShouldBe(closeHour);
    }

    [Fact]
    public void Round_the_clock_is_said_outright_and_equal_times_are_refused()
    {
        Station.Hours(null, null, roundTheClock: true).ShouldBe((TimeOnly.MinValue, TimeOnly.MinValue));
        Should.Throw<DomainRuleException>(() => Station.Hours("08:00", "08:00", false)).Code.ShouldBe("hours_empty");
        Should.Throw<DomainRuleException>(() => Station.Hours("08:00", "", false)).Code.ShouldBe("hours_required");
        Should.Throw<DomainRuleException>(() => Station.Hours("8点", "20:00", false)).Code.ShouldBe("hours_invalid");
        Should.Throw<DomainRuleException>(() => Station.Hours("08:00:30", "20:00", false)).Code.ShouldBe("hours_invalid");
    }

    [Fact]
    public void A_station_refuses_unknown_facilities_times_with_seconds_and_an_empty_address_and_keeps_what_it_had()
    {
        var station = Sample();
        Should.Throw<DomainRuleException>(() => station.Serve((Facilities)256, new TimeOnly(8, 0), new TimeOnly(20, 0))).Code.ShouldBe("facilities_invalid");
        Should.Throw<DomainRuleException>(() => station.Serve(Facilities.Wifi, new TimeOnly(8, 0, 30), new TimeOnly(20, 0))).Code.ShouldBe("hours_invalid");
        Should.Throw<DomainRuleException>(() => station.Describe("测试驿站", "  ", 40.79, 111.66)).Code.ShouldBe("address_invalid");
        Should.Throw<DomainRuleException>(() => station.Describe("测试驿站", "某路 1 号", double.NaN, 111.66)).Code.ShouldBe("location_invalid");

        station.Facilities.ShouldBe(Facilities.Water);
        station.OpensAt.ShouldBe(new TimeOnly(7, 0));
        station.Address.ShouldBe("某路 1 号");
    }
}
