using CommunityGrid.Features.Triage;

namespace CommunityGrid.Tests.Triage;

public sealed class WrittenPlaceTests
{
    [Theory]
    [InlineData("9号楼3单元下水道又堵了，厨房的水半天下不去", 9, 3, null, "9号楼3单元")]
    [InlineData("12栋2单元502室暖气不热", 12, 2, 502, "12栋2单元502室")]
    [InlineData("来电人称其居住的顺达小区３号楼１单元１０２室漏水", 3, 1, 102, "3号楼1单元102室")]
    [InlineData("3-2-501 楼上漏水", 3, 2, 501, "3-2-501")]
    [InlineData("十一号楼二单元楼道灯不亮", 11, 2, null, "十一号楼二单元")]
    [InlineData("5号楼1单元302，洗手池下水堵", 5, 1, 302, "5号楼1单元302")]
    [InlineData("我家在4幢，电梯又坏了", 4, null, null, "4幢")]
    [InlineData("一单元楼道堆满杂物", null, 1, null, "一单元")]
    public void A_complaint_names_its_building_unit_and_room_as_written(string text, int? building, int? unit, int? room, string written)
    {
        var place = WrittenPlace.Read(text).ShouldNotBeNull();
        place.Building.ShouldBe(building);
        place.Unit.ShouldBe(unit);
        place.Room.ShouldBe(room);
        place.Written.ShouldBe(written);
    }

    [Theory]
    [InlineData("楼道灯坏了")]
    [InlineData("路灯不亮，拨打12345好几次了")]
    [InlineData("下水堵了3天，2024年就报过")]
    [InlineData("")]
    public void A_complaint_without_a_building_unit_or_room_names_no_place(string text) =>
        WrittenPlace.Read(text).ShouldBeNull();

    [Theory]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("两", 2)]
    [InlineData("7", 7)]
    [InlineData("楼", null)]
    public void Chinese_numerals_read_as_numbers(string value, int? expected) => WrittenPlace.Number(value).ShouldBe(expected);
}
