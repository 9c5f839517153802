using CommunityGrid.Features.Dashboards;

namespace CommunityGrid.Tests.Dashboards;

public sealed class HotspotTests
{
    private static readonly DateTime At = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);

    private static Hotspots.Filed Order(int n, string category, double? lat, double? lng, string? building = null) =>
        new($"WO{n}", category, category == "g" ? "垃圾清运" : "乱停乱放", At.AddHours(n), building, building is null ? null : "1号楼", lat, lng);

    [Fact]
    public void Three_of_one_category_within_100_metres_are_a_hotspot_and_the_fourth_farther_away_is_not_in_it()
    {
        var found = Hotspots.Find(
        [
            Order(1, "g", 40.8100, 111.7000),
            Order(2, "g", 40.8105, 111.7005), // ~68 m
            Order(3, "g", 40.8095, 111.7003), // ~60 m
            Order(4, "g", 40.8120, 111.7000), // ~222 m
            Order(5, "p", 40.8100, 111.7000), // another category at the same spot
        ]);

        var hotspot = found.ShouldHaveSingleItem();
        hotspot.Count.ShouldBe(3);
        hotspot.Numbers.ShouldBe(["WO1", "WO2", "WO3"]);
        hotspot.CategoryName.ShouldBe("垃圾清运");
    }

    [Fact]
    public void Orders_at_one_building_count_together_wherever_their_pins_are()
    {
        var found = Hotspots.Find(
        [
            Order(1, "p", null, null, "b/1/"),
            Order(2, "p", 40.80, 111.70, "b/1/"),
            Order(3, "p", 40.90, 111.80, "b/1/"),
            Order(4, "p", null, null, "b/2/"),
        ]);

        var hotspot = found.ShouldHaveSingleItem();
        hotspot.Place.ShouldBe("1号楼");
        hotspot.Count.ShouldBe(3);
    }

    [Fact]
    public void Two_reports_are_not_yet_a_hotspot() =>
        Hotspots.Find([Order(1, "g", 40.81, 111.70), Order(2, "g", 40.81, 111.70)]).ShouldBeEmpty();

    [Fact]
    public void The_distance_is_the_great_circle_one() =>
        Hotspots.Metres(40.8100, 111.7000, 40.8109, 111.7000).ShouldBe(100.1, 0.5);
}
