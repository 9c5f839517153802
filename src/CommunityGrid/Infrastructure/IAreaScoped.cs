namespace CommunityGrid.Infrastructure;

/// <summary>
/// A record that hangs off a node of the area tree. <see cref="AreaPath"/> is that node's path
/// ("150100/150105/…/"), copied onto the record so scope filters are one indexed prefix test.
/// </summary>
public interface IAreaScoped
{
    string AreaPath { get; }
}
