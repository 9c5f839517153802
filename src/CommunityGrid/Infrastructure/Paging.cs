namespace CommunityGrid.Infrastructure;

/// <summary>One page of a list. Lists are always paged.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public static class Paging
{
    public const int DefaultSize = 20;
    public const int MaxSize = 200;

    /// <summary>Clamps what a caller asked for into a sane page number and size.</summary>
    public static (int Number, int Size) Normalise(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? DefaultSize, 1, MaxSize));
}
