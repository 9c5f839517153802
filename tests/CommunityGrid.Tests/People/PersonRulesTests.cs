using CommunityGrid.Features.People;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.People;

public class PersonRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    private static Person Resident(string? phone = "13800000000", string? idNumber = "11010519491231002X")
    {
        var (_, _, house) = TestAreas.Chain();
        return Person.Register("陈桂兰", Gender.Female, new DateOnly(1949, 12, 31), idNumber, phone, house, null, Now);
    }

    [Fact]
    public void A_resident_is_registered_at_a_house_and_takes_its_path_and_district()
    {
        var (_, _, house) = TestAreas.Chain();
        var person = Person.Register("  陈桂兰 ", Gender.Female, null, "11010519491231002x", null, house, null, Now);
        person.Name.ShouldBe("陈桂兰");
        person.IdNumber.ShouldBe("11010519491231002X");
        person.AreaPath.ShouldBe(house.Path);
        person.DistrictCode.ShouldBe("150105");
        person.CareTags.ShouldBe(CareTags.None);
    }

    [Fact]
    public void A_resident_cannot_be_registered_at_a_building()
    {
        var (_, building, _) = TestAreas.Chain();
        Should.Throw<InvalidInputException>(() => Person.Register("张三", Gender.Male, null, null, null, building, null, Now))
            .Code.ShouldBe("person_needs_house");
    }

    [Fact]
    public void A_resident_cannot_be_registered_at_a_retired_house()
    {
        var (_, _, house) = TestAreas.Chain();
        house.Retire(Now);
        Should.Throw<DomainRuleException>(() => Person.Register("张三", Gender.Male, null, null, null, house, null, Now))
            .Code.ShouldBe("house_retired");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三")]
    public void A_name_is_required_and_at_most_32_characters(string name)
    {
        var (_, _, house) = TestAreas.Chain();
        Should.Throw<InvalidInputException>(() => Person.Register(name, Gender.Male, null, null, null, house, null, Now))
            .Code.ShouldBe("name_invalid");
    }

    [Fact]
    public void An_id_number_with_a_wrong_check_digit_is_refused() =>
        Should.Throw<InvalidInputException>(() => Resident(idNumber: "110105194912310021")).Code.ShouldBe("id_number_invalid");

    [Fact]
    public void A_phone_that_is_not_a_mobile_number_is_refused_at_registration_and_on_change()
    {
        Should.Throw<InvalidInputException>(() => Resident(phone: "0471-6900000")).Code.ShouldBe("phone_invalid");
        var person = Resident();
        Should.Throw<InvalidInputException>(() => person.UpdateContact("12345")).Code.ShouldBe("phone_invalid");
        person.Phone.ShouldBe("13800000000");
    }

    [Fact]
    public void Clearing_the_phone_leaves_none()
    {
        var person = Resident();
        person.UpdateContact("  ");
        person.Phone.ShouldBeNull();
    }

    [Fact]
    public void Age_counts_whole_years_up_to_the_day()
    {
        var person = Resident();
        person.AgeOn(new DateOnly(2026, 12, 30)).ShouldBe(76);
        person.AgeOn(new DateOnly(2026, 12, 31)).ShouldBe(77);
    }

    [Fact]
    public void A_care_tag_record_keeps_before_after_reason_and_surveyor_and_sets_the_tags()
    {
        var (_, _, house) = TestAreas.Chain();
        var household = Household.At(house, "仕奇社区1号楼1单元101室", Now);
        var person = Resident();
        var survey = HouseholdSurvey.Record(household, "user-1", "刘芳", Now, "入户调研");

        var first = CareTagRecord.Set(person, survey, CareTags.LivingAlone, " 独居 ");
        var second = CareTagRecord.Set(person, survey, CareTags.LivingAlone | CareTags.Elderly80Plus, "年满八十周岁");

        first.Before.ShouldBe(CareTags.None);
        first.After.ShouldBe(CareTags.LivingAlone);
        first.Reason.ShouldBe("独居");
        first.SetByUserId.ShouldBe("user-1");
        first.SetAt.ShouldBe(Now);
        second.Before.ShouldBe(CareTags.LivingAlone);
        person.CareTags.ShouldBe(CareTags.LivingAlone | CareTags.Elderly80Plus);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Care_tags_cannot_change_without_a_reason(string reason)
    {
        var (_, _, house) = TestAreas.Chain();
        var person = Resident();
        var survey = HouseholdSurvey.Record(Household.At(house, "x", Now), "user-1", "刘芳", Now, "");
        Should.Throw<InvalidInputException>(() => CareTagRecord.Set(person, survey, CareTags.Disabled, reason)).Code.ShouldBe("care_tag_reason_required");
        person.CareTags.ShouldBe(CareTags.None);
    }

    [Fact]
    public void A_care_tag_reason_longer_than_its_column_is_refused()
    {
        var (_, _, house) = TestAreas.Chain();
        var person = Resident();
        var survey = HouseholdSurvey.Record(Household.At(house, "x", Now), "user-1", "刘芳", Now, "");
        Should.Throw<InvalidInputException>(() => CareTagRecord.Set(person, survey, CareTags.Disabled, new string('因', CareTagRecord.ReasonMaxLength + 1)))
            .Code.ShouldBe("care_tag_reason_too_long");
    }

    [Fact]
    public void Care_tags_split_into_single_tags_in_display_order()
    {
        CareTagLabels.Split(CareTags.Elderly80Plus | CareTags.LivingAlone).ShouldBe([CareTags.LivingAlone, CareTags.Elderly80Plus]);
        CareTagLabels.Split(CareTags.None).ShouldBeEmpty();
        CareTagLabels.Combine([CareTags.Disabled, CareTags.Hardship]).ShouldBe(CareTags.Disabled | CareTags.Hardship);
    }
}
