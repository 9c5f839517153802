using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>Where orders of a category go: the estate's property manager (红色物业) or the grid.</summary>
public enum RouteTarget
{
    Grid = 1,
    Property = 2,
}

/// <summary>
/// A kind of order in the hierarchical catalogue (物业服务 › 下水堵塞 …), with its time limits,
/// routing, whether it is a service order for the party-member pool, and its Open311 code.
/// </summary>
public sealed class WorkOrderCategory
{
    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 40;

    private WorkOrderCategory() { }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? NameEn { get; private set; }
    public Guid? ParentId { get; private set; }
    public RouteTarget RoutesTo { get; private set; }
    /// <summary>Service orders (代购, 陪诊…) go to the party-member and volunteer pool (接单大厅).</summary>
    public bool IsServiceOrder { get; private set; }
    /// <summary>A consultation may be answered on the spot and go straight to resolved.</summary>
    public bool IsConsultation { get; private set; }
    public int AcceptLimitValue { get; private set; }
    public TimeLimitUnit AcceptLimitUnit { get; private set; }
    public int ResolveLimitValue { get; private set; }
    public TimeLimitUnit ResolveLimitUnit { get; private set; }
    public string? Open311Code { get; private set; }
    public bool Active { get; private set; } = true;
    public int SortOrder { get; private set; }

    public TimeLimit AcceptLimit => new(AcceptLimitValue, AcceptLimitUnit);
    public TimeLimit ResolveLimit => new(ResolveLimitValue, ResolveLimitUnit);

    public static WorkOrderCategory Create(string code, string name, string? nameEn, WorkOrderCategory? parent, RouteTarget routesTo, TimeLimit accept, TimeLimit resolve,
        bool isServiceOrder = false, bool isConsultation = false, string? open311Code = null, int sortOrder = 0)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > CodeMaxLength || string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            throw new InvalidInputException("category_invalid", "类别编码和名称不能为空且不超过 40 字", "Code and name are required, at most 40 characters.");
        }

        var category = new WorkOrderCategory
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            Name = name,
            NameEn = nameEn,
            ParentId = parent?.Id,
            RoutesTo = routesTo,
            IsServiceOrder = isServiceOrder,
            IsConsultation = isConsultation,
            Open311Code = open311Code,
            SortOrder = sortOrder,
        };
        category.SetLimits(accept, resolve);
        return category;
    }

    /// <summary>A catalogue child about to join a table filled earlier goes under the parent stored there.</summary>
    internal WorkOrderCategory UnderParent(Guid parentId)
    {
        ParentId = parentId;
        return this;
    }

    public void SetLimits(TimeLimit accept, TimeLimit resolve)
    {
        if (accept.Value <= 0 || resolve.Value <= 0)
        {
            throw new InvalidInputException("time_limit_invalid", "时限必须大于零", "Time limits must be positive.");
        }

        AcceptLimitValue = accept.Value;
        AcceptLimitUnit = accept.Unit;
        ResolveLimitValue = resolve.Value;
        ResolveLimitUnit = resolve.Unit;
    }

    public void Edit(string name, string? nameEn, RouteTarget routesTo, bool isServiceOrder, bool isConsultation, string? open311Code, bool active)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
        {
            throw new InvalidInputException("category_invalid", "类别名称不能为空且不超过 40 字", "A name is required, at most 40 characters.");
        }

        Name = name;
        NameEn = nameEn;
        RoutesTo = routesTo;
        IsServiceOrder = isServiceOrder;
        IsConsultation = isConsultation;
        Open311Code = open311Code;
        Active = active;
    }
}

/// <summary>
/// A district's own routing of a category (the routing table of the issue): e.g. 楼道照明 goes to the
/// grid in a district whose estates' lighting is public, though the catalogue routes it to property.
/// </summary>
public sealed class CategoryRoute
{
    private CategoryRoute() { }

    public Guid Id { get; private set; }
    public string DistrictCode { get; private set; } = "";
    public Guid CategoryId { get; private set; }
    public RouteTarget RoutesTo { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static CategoryRoute For(string districtCode, Guid categoryId, RouteTarget routesTo, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        DistrictCode = districtCode,
        CategoryId = categoryId,
        RoutesTo = routesTo,
        UpdatedAt = now,
    };

    public void Change(RouteTarget routesTo, DateTime now)
    {
        RoutesTo = routesTo;
        UpdatedAt = now;
    }
}
