namespace CommunityGrid.Features.People;

/// <summary>The single care tags, in display order, with their Chinese names.</summary>
public static class CareTagLabels
{
    public static readonly IReadOnlyList<CareTags> All =
        [CareTags.LivingAlone, CareTags.Elderly80Plus, CareTags.Disabled, CareTags.Hardship, CareTags.LeftBehindChild];

    public static string Chinese(CareTags tag) => tag switch
    {
        CareTags.LivingAlone => "独居空巢",
        CareTags.Elderly80Plus => "高龄",
        CareTags.Disabled => "残障",
        CareTags.Hardship => "低保/困境",
        CareTags.LeftBehindChild => "留守儿童",
        _ => tag.ToString(),
    };

    /// <summary>Splits a combination into its single tags.</summary>
    public static IReadOnlyList<CareTags> Split(CareTags tags) => [.. All.Where(t => (tags & t) == t)];

    public static CareTags Combine(IEnumerable<CareTags>? tags) =>
        tags?.Aggregate(CareTags.None, (all, t) => all | t) ?? CareTags.None;
}
