namespace CommunityGrid.Features.People;

/// <summary>与户主关系: how a member relates to the head of the household.</summary>
public static class HouseholdRelations
{
    public const string Head = "户主";

    public static readonly IReadOnlyList<string> All = [Head, "配偶", "子女", "父母", "其他"];

    public static bool IsKnown(string? relation) => relation is not null && All.Contains(relation, StringComparer.Ordinal);
}
