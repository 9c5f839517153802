using CommunityGrid.Features.Accounts;

namespace CommunityGrid.Tests.Areas;

public class ScopeQueriesTests
{
    [Fact]
    public void The_prefix_range_starts_at_the_path_and_ends_where_its_last_slash_becomes_zero()
    {
        var (lo, hi) = AreaPath.PrefixRange("150100/150105/");

        lo.ShouldBe("150100/150105/");
        hi.ShouldBe("150100/1501050");
    }

    [Theory]
    [InlineData("150100/150105/", true)]
    [InlineData("150100/150105/150105001/", true)]
    [InlineData("150100/150105/150105001/150105001001/150105001001001/", true)]
    [InlineData("150100/", false)]
    [InlineData("150100/150104/150104001/", false)]
    [InlineData("150100/150106/", false)]
    [InlineData("150100/1501051/", false)] // a longer code sharing the digits is not a child
    [InlineData("150100/15010/", false)]
    public void Every_path_under_the_node_and_nothing_else_falls_in_the_range(string path, bool inside)
    {
        var (lo, hi) = AreaPath.PrefixRange("150100/150105/");

        var inRange = string.CompareOrdinal(path, lo) >= 0 && string.CompareOrdinal(path, hi) < 0;

        inRange.ShouldBe(inside);
        inRange.ShouldBe(path.StartsWith("150100/150105/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("150100")]
    public void A_path_must_end_with_a_slash(string path) =>
        Should.Throw<ArgumentException>(() => AreaPath.PrefixRange(path));
}
