using CommunityGrid.Infrastructure;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace CommunityGrid.Features.Areas;

/// <summary>Levels of the grid hierarchy: 市 → 区 → 街道 → 社区 → 网格 → 楼栋 → 单元 → 户.</summary>
/// <summary>
/// One node of the area tree. <see cref="Path"/> is the chain of ancestor codes ending with this
/// node's code and a slash ("150100/150105/150105001/"), so "everything under X" is one indexed
/// prefix query. Records that hang off an area copy the path (see <see cref="IAreaScoped"/>).
/// </summary>
public sealed class Area : IAreaScoped
{
    public const int CodeMaxLength = 24;
    public const int NameMaxLength = 64;
    public const int PathMaxLength = 200;
    public const int DistrictCodeLength = 6;

    /// <summary>A boundary has at most this many vertices: a real one has hundreds, more only costs every lookup.</summary>
    public const int MaxBoundaryVertices = 10_000;
    /// <summary>
    /// Sibling grids may share edges; digitised boundaries rarely match exactly, so an overlap up to
    /// this share of the smaller grid's area counts as a sliver, not an overlap.
    /// </summary>
    public const double OverlapSliverShare = 0.005;

    private Area() { }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public AreaLevel Level { get; private set; }
    public Guid? ParentId { get; private set; }
    public string Path { get; private set; } = "";
    /// <summary>6-digit code of the district this node lies in ("" for the city): the distribution key.</summary>
    public string DistrictCode { get; private set; } = "";
    /// <summary>Boundary polygon as GeoJSON geometry (WGS-84), grids and optionally higher levels.</summary>
    public string? BoundaryGeoJson { get; private set; }
    public Guid? EstateId { get; private set; }
    public bool Retired { get; private set; }
    public DateTime? RetiredAt { get; private set; }
    public int SortOrder { get; private set; }

    string IAreaScoped.AreaPath => Path;

    /// <summary>Path of the parent node ("" for the city), read off this node's own path.</summary>
    public string ParentPath => AreaPath.Parent(Path);


    /// <summary>Digits a node's own code adds to its parent's code, by level.</summary>
    public static int CodeSuffixLength(AreaLevel level) => level switch
    {
        AreaLevel.City or AreaLevel.District => 6,
        AreaLevel.Street or AreaLevel.Community or AreaLevel.Grid or AreaLevel.Building => 3,
        AreaLevel.Unit => 2,
        AreaLevel.House => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static Area CreateCity(string code, string name)
    {
        CodeMustFitLevel(code, AreaLevel.City, parent: null);
        return new Area { Id = Guid.CreateVersion7(), Code = code, Name = NameMustBeGiven(name), Level = AreaLevel.City, Path = code + "/" };
    }

    public static Area CreateUnder(Area parent, string code, string name, string? boundaryGeoJson = null, int sortOrder = 0)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Retired)
        {
            throw new DomainRuleException("parent_retired", "上级区域已撤销，不能在其下新建", "The parent area is retired.");
        }

        if (parent.Level == AreaLevel.House)
        {
            throw new InvalidInputException("house_has_no_children", "户是最末一级，不能再分", "A house cannot have children.");
        }

        var level = parent.Level + 1;
        CodeMustFitLevel(code, level, parent);
        var area = new Area
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            Name = NameMustBeGiven(name),
            Level = level,
            ParentId = parent.Id,
            Path = parent.Path + code + "/",
            DistrictCode = level == AreaLevel.District ? code : parent.DistrictCode,
            SortOrder = sortOrder,
            EstateId = null,
        };
        area.SetBoundary(boundaryGeoJson);
        return area;
    }

    public void Rename(string name) => Name = NameMustBeGiven(name);

    public void SetBoundary(string? geoJson)
    {
        if (geoJson is not null && Level is not (AreaLevel.Grid or AreaLevel.Community or AreaLevel.Street or AreaLevel.District))
        {
            throw new InvalidInputException("boundary_not_allowed", "只有区、街道、社区和网格可以设置边界", "Only districts, streets, communities and grids carry a boundary.");
        }

        BoundaryGeoJson = geoJson;
    }

    public void AssignEstate(Guid? estateId)
    {
        if (Level != AreaLevel.Building)
        {
            throw new InvalidInputException("estate_needs_building", "只有楼栋可以归属小区", "Only buildings belong to an estate.");
        }

        EstateId = estateId;
    }

    /// <summary>Moves the node under a new parent of the same level; the code stays (it is stable), the path follows.</summary>
    public void MoveUnder(Area newParent)
    {
        ArgumentNullException.ThrowIfNull(newParent);
        if (newParent.Level != Level - 1)
        {
            throw new InvalidInputException("parent_level_mismatch", "新的上级区域层级不符", "The new parent is not one level above this node.");
        }

        if (newParent.Path.StartsWith(Path, StringComparison.Ordinal))
        {
            throw new InvalidInputException("move_into_own_subtree", "不能移动到自己的下级", "A node cannot move under its own descendant.");
        }

        if (newParent.Retired)
        {
            throw new DomainRuleException("parent_retired", "上级区域已撤销，不能移入", "The new parent is retired.");
        }

        ParentId = newParent.Id;
        Path = newParent.Path + Code + "/";
        DistrictCode = Level == AreaLevel.District ? Code : newParent.DistrictCode;
    }

    /// <summary>
    /// Retiring keeps the node and its history; it no longer takes new records or locates points.
    /// Children go first (retired or moved away) so no live node hangs under a retired one.
    /// </summary>
    public void Retire(DateTime nowUtc, int activeChildren)
    {
        if (Retired)
        {
            throw new DomainRuleException("already_retired", "该区域已撤销", "The area is already retired.");
        }

        if (activeChildren > 0)
        {
            throw new DomainRuleException(
                "area_has_active_children",
                $"该区域下还有 {activeChildren} 个未撤销的下级区域，请先撤销或移走",
                $"The area still has {activeChildren} active children; retire or move them first.");
        }

        Retired = true;
        RetiredAt = nowUtc;
    }

    /// <summary>Retires a node the caller knows has no live children (a house).</summary>
    public void Retire(DateTime nowUtc) => Retire(nowUtc, activeChildren: 0);

    /// <summary>
    /// A grid must not cover part of a live sibling grid: touching edges are fine, and so is a
    /// sliver (<see cref="OverlapSliverShare"/>) left by imprecise drawing.
    /// </summary>
    public static void GridMustNotOverlapSiblings(Geometry boundary, IEnumerable<(string Code, Geometry Boundary)> siblings)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        ArgumentNullException.ThrowIfNull(siblings);
        var prepared = PreparedGeometryFactory.Prepare(boundary);
        foreach (var (code, other) in siblings)
        {
            if (!prepared.Intersects(other) || prepared.Touches(other))
            {
                continue;
            }

            var overlap = boundary.Intersection(other).Area;
            if (overlap > OverlapSliverShare * Math.Min(boundary.Area, other.Area))
            {
                throw new DomainRuleException(
                    "grid_overlaps_sibling",
                    $"网格边界与同一社区的网格 {code} 重叠",
                    $"The grid boundary overlaps the sibling grid {code}.");
            }
        }
    }

    internal static void CodeMustFitLevel(string code, AreaLevel level, Area? parent)
    {
        if (string.IsNullOrWhiteSpace(code) || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidInputException("code_not_digits", "区域编码只能由数字组成", "An area code is made of digits only.");
        }

        if (level is AreaLevel.City or AreaLevel.District)
        {
            if (code.Length != 6)
            {
                throw new InvalidInputException("code_length", "市、区编码应为 6 位行政区划代码", "City and district codes are 6-digit administrative codes.");
            }

            return;
        }

        var expected = parent!.Code.Length + CodeSuffixLength(level);
        if (code.Length != expected || !code.StartsWith(parent.Code, StringComparison.Ordinal))
        {
            throw new InvalidInputException(
                "code_pattern",
                $"编码应以上级编码 {parent.Code} 开头，共 {expected} 位",
                $"The code must start with the parent code {parent.Code} and have {expected} digits.");
        }
    }

    private static string NameMustBeGiven(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
        {
            throw new InvalidInputException("name_invalid", $"名称不能为空且不超过 {NameMaxLength} 字", $"A name is required, at most {NameMaxLength} characters.");
        }

        return name.Trim();
    }
}
