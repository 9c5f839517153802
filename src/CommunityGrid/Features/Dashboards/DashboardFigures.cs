using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Features.Dashboards;

/// <summary>An area node as the dashboards name it.</summary>
public sealed record AreaNode(string Code, string Name, AreaLevel Level);

/// <summary>One KPI of the period beside the same KPI of the period before it (null value: nothing was counted).</summary>
public sealed record KpiFigure(string Key, string Name, string NameEn, bool IsRate, double? Value, int Numerator, int Denominator, double? Previous)
{
    /// <summary>Value minus the previous value (percentage points for a rate), or null when either is missing.</summary>
    public double? Change => Value is { } v && Previous is { } p ? Math.Round(v - p, 4) : null;
}

public sealed record DailyCount(DateOnly Date, int Created, int Resolved);

/// <summary>The figures of one node under the dashboard's node: the drill-down rows and the map's colours.</summary>
public sealed record NodeFigures(string Code, string Name, AreaLevel Level, int Created, int Open, int Overdue, int ProblemOrders, Ratio OnTimeResolutionRate, Ratio SatisfactionRate);

/// <summary>An open order that needs attention: overdue, or a problem order (问题工单).</summary>
public sealed record AttentionOrder(Guid Id, string Number, string Title, string CategoryName, string AreaName, WorkOrderStatus Status, DateTime CreatedAt, DateTime? Deadline, bool Overdue, bool ProblemOrder);

/// <summary>高频事项: the same category again and again at one building or within <see cref="Hotspots.RadiusMetres"/>.</summary>
public sealed record Hotspot(string CategoryCode, string CategoryName, string Place, int Count, DateTime FirstAt, DateTime LastAt, double? Latitude, double? Longitude, IReadOnlyList<string> Numbers);

public sealed record VolunteerFigures(int Volunteers, int Services, int Minutes, long PointsAwarded)
{
    public double Hours => Math.Round(Minutes / 60.0, 1);
}

public sealed record WishFigures(int Published, int Fulfilled, int Confirmed);

public sealed record MerchantFigure(string Name, int Services, long Points);

public sealed record PropertyFigure(Guid Id, string Name, int Orders, Ratio OnTimeResolutionRate, Ratio SatisfactionRate);

public sealed record DashboardResult(
    AreaNode Area,
    IReadOnlyList<AreaNode> Trail,
    DateOnly From,
    DateOnly To,
    DateOnly PreviousFrom,
    DateOnly PreviousTo,
    IReadOnlyList<KpiFigure> Kpis,
    IReadOnlyList<DailyCount> Daily,
    IReadOnlyList<VolumeRow> ByCategory,
    IReadOnlyList<VolumeRow> ByOrigin,
    IReadOnlyList<NodeFigures> Children,
    IReadOnlyList<AttentionOrder> Attention,
    IReadOnlyList<Hotspot> Hotspots,
    VolunteerFigures Volunteers,
    WishFigures Wishes,
    IReadOnlyList<MerchantFigure> Merchants,
    IReadOnlyList<PropertyFigure> Properties);

/// <summary>A grid on the map: its outline (GeoJSON geometry) and figures.</summary>
public sealed record MapGrid(string Code, string Name, string? Boundary, NodeFigures Figures);

/// <summary>An open order as a point on the map (its own location, or its grid's centre when it has none).</summary>
public sealed record MapOrder(Guid Id, string Number, string CategoryName, WorkOrderStatus Status, double Latitude, double Longitude, bool Overdue);

public sealed record MapResult(AreaNode Area, DateOnly From, DateOnly To, IReadOnlyList<MapGrid> Grids, IReadOnlyList<MapOrder> OpenOrders);
