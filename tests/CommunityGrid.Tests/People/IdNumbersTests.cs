using CommunityGrid.Features.People;

namespace CommunityGrid.Tests.People;

public class IdNumbersTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440524188001010014")]
    public void A_number_with_the_right_check_digit_is_valid(string value) => IdNumbers.IsValid(value).ShouldBeTrue();

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("440524188001010015")]
    [InlineData("44052418800101001")]
    [InlineData("4405241880010100145")]
    [InlineData("44052418800101001A")]
    [InlineData("4405241880O1010014")]
    [InlineData("")]
    public void A_number_with_a_wrong_check_digit_length_or_character_is_invalid(string value) => IdNumbers.IsValid(value).ShouldBeFalse();

    [Fact]
    public void The_check_digit_is_computed_from_the_first_17_digits()
    {
        IdNumbers.WithCheckDigit("11010519491231002").ShouldBe("11010519491231002X");
        IdNumbers.WithCheckDigit("44052418800101001").ShouldBe("440524188001010014");
    }

    [Fact]
    public void The_birth_date_is_read_from_digits_7_to_14()
    {
        IdNumbers.BirthDateOf("11010519491231002X").ShouldBe(new DateOnly(1949, 12, 31));
        IdNumbers.BirthDateOf(IdNumbers.WithCheckDigit("11010519491331002")).ShouldBeNull();
    }

    [Fact]
    public void Masking_keeps_the_first_six_and_last_four_characters() =>
        IdNumbers.Mask("11010519491231002X").ShouldBe("110105********002X");

    [Fact]
    public void Masking_a_phone_keeps_the_first_three_and_last_four_digits() =>
        IdNumbers.MaskPhone("13812345678").ShouldBe("138****5678");

    [Fact]
    public void Masking_nothing_gives_nothing_and_short_values_are_hidden_entirely()
    {
        IdNumbers.Mask(null).ShouldBeNull();
        IdNumbers.MaskPhone(null).ShouldBeNull();
        IdNumbers.Mask("12345").ShouldBe("*****");
        IdNumbers.MaskPhone("1234567").ShouldBe("*******");
    }

    [Theory]
    [InlineData("13812345678", true)]
    [InlineData("19900000000", true)]
    [InlineData("23812345678", false)]
    [InlineData("1381234567", false)]
    [InlineData("138123456789", false)]
    [InlineData("1381234567a", false)]
    [InlineData("0471-6900000", false)]
    public void A_mobile_number_has_11_digits_starting_with_1(string value, bool valid) => PhoneNumbers.IsMobile(value).ShouldBe(valid);
}
