namespace CommunityGrid.Features.Areas;

/// <summary>
/// How many households and residents live under a node, as far as the caller keeps the registry: the people
/// feature owns those rows and answers; the area pages only show the numbers.
/// </summary>
public interface IRegistryCounts
{
    Task<(int Households, int Residents)> CountAsync(Scope scope, string path, CancellationToken ct);
}
