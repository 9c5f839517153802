using System.Text;
using CommunityGrid.Features.People.Import;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Tests.People;

/// <summary>One definition of an invisible character serves API input and imported cells alike.</summary>
public sealed class InvisibleCharacterTests
{
    private static IEnumerable<Rune> EveryScalar()
    {
        for (var v = 0; v <= 0x10FFFF; v++)
        {
            if (Rune.IsValid(v))
            {
                yield return new Rune(v);
            }
        }
    }

    [Fact]
    public void Whatever_the_api_drops_as_invisible_an_imported_cell_drops_too_and_both_keep_everything_else_they_accept()
    {
        var disagreements = new List<string>();
        foreach (var rune in EveryScalar())
        {
            var text = "甲" + rune + "乙";
            var cell = CellText.Plain(text);
            string? api;
            try
            {
                api = InputRules.Text(text, "name", TextKind.SingleLine);
            }
            catch (InputRefusedException)
            {
                api = null; // control characters and the like: refused outright, not a question of visibility
            }

            var invisible = InputRules.IsInvisible(rune);
            if (invisible && (cell != "甲乙" || api != "甲乙"))
            {
                disagreements.Add($"U+{rune.Value:X4} invisible but kept: cell '{cell}', api '{api}'");
            }
        }

        disagreements.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0x200B)] // zero-width space
    [InlineData(0x202E)] // right-to-left override
    [InlineData(0x2067)] // right-to-left isolate
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0xFEFF)] // byte-order mark
    [InlineData(0x3164)] // Hangul filler
    [InlineData(0xE0041)] // tag latin capital A
    public void Known_invisible_characters_count_as_invisible(int value) =>
        InputRules.IsInvisible(new Rune(value)).ShouldBeTrue();

    [Theory]
    [InlineData('中')]
    [InlineData('a')]
    [InlineData(0x0301)] // a combining accent is visible on its letter
    [InlineData(0xFE0F)] // an emoji variation selector changes how the emoji looks
    public void Visible_characters_and_marks_do_not_count_as_invisible(int value) =>
        InputRules.IsInvisible(new Rune(value)).ShouldBeFalse();
}
