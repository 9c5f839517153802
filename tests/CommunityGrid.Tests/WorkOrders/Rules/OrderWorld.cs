using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.WorkOrders;

namespace CommunityGrid.Tests.WorkOrders.Rules;

/// <summary>Everyone who may look at an order, as the entity tells them apart (by grants, organisation and person).</summary>
public enum Caller
{
    /// <summary>The resident who reported it.</summary>
    Requester,
    /// <summary>A resident of the same grid.</summary>
    Neighbour,
    GridWorker,
    /// <summary>A grid worker of the next grid in the same community.</summary>
    GridWorkerOfAnotherGrid,
    /// <summary>A 楼栋长 of the grid, the person the order is dispatched to.</summary>
    Assignee,
    /// <summary>Staff of the estate's property company, the one who takes it for the company.</summary>
    PropertyStaff,
    /// <summary>Another member of the same property company.</summary>
    PropertyColleague,
    /// <summary>Staff of another company.</summary>
    OtherCompanyStaff,
    /// <summary>A party member bound in the grid: the pool's member.</summary>
    PartyMember,
    /// <summary>A party member of another grid of the same community.</summary>
    PartyMemberOfAnotherGrid,
    CommunityAdmin,
    CommunityAdminElsewhere,
    StreetAdmin,
}

/// <summary>
/// A small piece of Hohhot for orders without a database: one street, two communities, the order's grid
/// and its neighbour, one estate managed by a property company, fixed instants (no clock).
/// </summary>
public static class OrderWorld
{
    public const string Street = "150100/150105/150105001/";
    public const string Community = Street + "150105001001/";
    public const string Grid = Community + "150105001001001/";
    public const string NextGrid = Community + "150105001001002/";
    public const string OtherCommunity = Street + "150105001002/";
    public const string House = Grid + "150105001001001001/";

    /// <summary>Tuesday 2026-12-01 09:00 Beijing, a working day.</summary>
    public static readonly DateTime Start = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);

    public static readonly Guid GridId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid PropertyCompany = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    public static readonly Guid OtherCompany = Guid.Parse("00000000-0000-0000-0000-0000000000c2");
    public static readonly Guid RequesterPerson = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    public static readonly WorkCalendar Calendar = new();

    public static readonly WorkOrderCategory Repair = WorkOrderCategory.Create("property.drain", "下水堵塞", "Blocked drain", null, RouteTarget.Property,
        new TimeLimit(2, TimeLimitUnit.Hours), new TimeLimit(7, TimeLimitUnit.WorkingDays));

    public static readonly WorkOrderCategory Consultation = WorkOrderCategory.Create("consult.social", "社保咨询", "Social security question", null, RouteTarget.Grid,
        new TimeLimit(2, TimeLimitUnit.Hours), new TimeLimit(1, TimeLimitUnit.WorkingDays), isConsultation: true);

    public static readonly WorkOrderCategory Errand = WorkOrderCategory.Create("service.shopping", "代购", "Shopping errand", null, RouteTarget.Grid,
        new TimeLimit(2, TimeLimitUnit.Hours), new TimeLimit(1, TimeLimitUnit.WorkingDays), isServiceOrder: true);

    public static Actor Of(Caller caller) => caller switch
    {
        Caller.Requester => new("u-requester", "王秀兰", null, RequesterPerson, [new Grant(Role.Resident, Guid.NewGuid(), House, null)]),
        Caller.Neighbour => new("u-neighbour", "李建国", null, Guid.Parse("00000000-0000-0000-0000-0000000000b2"), [new Grant(Role.Resident, Guid.NewGuid(), House, null)]),
        Caller.GridWorker => new("u-grid", "张网格", null, null, [new Grant(Role.GridWorker, GridId, Grid, null)]),
        Caller.GridWorkerOfAnotherGrid => new("u-grid-2", "赵网格", null, null, [new Grant(Role.GridWorker, Guid.NewGuid(), NextGrid, null)]),
        Caller.Assignee => new("u-building", "刘楼长", null, null, [new Grant(Role.BuildingHead, Guid.NewGuid(), House, null)]),
        Caller.PropertyStaff => new("u-property", "物业小陈", PropertyCompany, null, [new Grant(Role.PropertyStaff, Guid.NewGuid(), Community, null)]),
        Caller.PropertyColleague => new("u-property-2", "物业小周", PropertyCompany, null, [new Grant(Role.PropertyStaff, Guid.NewGuid(), Community, null)]),
        Caller.OtherCompanyStaff => new("u-property-x", "别家物业", OtherCompany, null, [new Grant(Role.PropertyStaff, Guid.NewGuid(), OtherCommunity, null)]),
        Caller.PartyMember => new("u-party", "何党员", null, null, [new Grant(Role.PartyMember, Guid.NewGuid(), Grid, null)]),
        Caller.PartyMemberOfAnotherGrid => new("u-party-2", "孙党员", null, null, [new Grant(Role.PartyMember, Guid.NewGuid(), NextGrid, null)]),
        Caller.CommunityAdmin => new("u-community", "社区书记", null, null, [new Grant(Role.CommunityAdmin, Guid.NewGuid(), Community, null)]),
        Caller.CommunityAdminElsewhere => new("u-community-2", "别的社区", null, null, [new Grant(Role.CommunityAdmin, Guid.NewGuid(), OtherCommunity, null)]),
        Caller.StreetAdmin => new("u-street", "街道主任", null, null, [new Grant(Role.StreetAdmin, Guid.NewGuid(), Street, null)]),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    /// <summary>A resident's report in the grid, at an address of the company's estate.</summary>
    public static WorkOrder Report(WorkOrderCategory category, DateTime now, Actor? reporter = null, bool withRequester = true) =>
        WorkOrder.Register(new Intake(
            "GD20261201-0001", category, "9号楼下水堵塞", "厨房下水堵了两天", withRequester ? WorkOrderOrigin.Resident : WorkOrderOrigin.Patrol, null,
            40.811, 111.702, null, "9号楼2单元", GridId, Grid, "150105", Guid.NewGuid(), category.RoutesTo == RouteTarget.Property ? PropertyCompany : null,
            reporter ?? (withRequester ? Of(Caller.Requester) : Of(Caller.GridWorker)), ReporterIsRequester: withRequester,
            withRequester ? RequesterPerson : null, null, null), now);

    public static Assignee ToPerson => new(AssigneeKind.User, "u-building", null, "刘楼长");

    public static Assignee ToCompany => new(AssigneeKind.Organisation, null, PropertyCompany, "红石物业");

    public static Assignee ToPool(bool openToCommunity) => new(AssigneeKind.Pool, null, null, openToCommunity ? "社区接单大厅" : "网格接单大厅", openToCommunity);

    public static void Dispatch(this WorkOrder order, Assignee to, WorkOrderCategory category, DateTime now) =>
        order.Dispatch(Of(Caller.GridWorker), to, category.AcceptLimit, category.ResolveLimit, Calendar, now);
}

/// <summary>
/// The places an order can stand in, each reached from <see cref="WorkOrder.Register"/> by the actions
/// people take, with the instant the next action happens at.
/// </summary>
public sealed record Situation(string Name, WorkOrderCategory Category, Func<(WorkOrder Order, DateTime Now)> Build)
{
    public override string ToString() => Name;

    private static DateTime At(int minutes) => OrderWorld.Start.AddMinutes(minutes);

    private static (WorkOrder, DateTime) Reported(WorkOrderCategory category) => (OrderWorld.Report(category, At(0)), At(10));

    private static (WorkOrder, DateTime) Dispatched(WorkOrderCategory category, Assignee to)
    {
        var order = OrderWorld.Report(category, At(0));
        order.Dispatch(to, category, At(10));
        return (order, At(20));
    }

    private static (WorkOrder, DateTime) Accepted(WorkOrderCategory category, Assignee to, Caller taker)
    {
        var (order, _) = Dispatched(category, to);
        order.Accept(OrderWorld.Of(taker), At(20));
        return (order, At(30));
    }

    private static (WorkOrder, DateTime) Resolved()
    {
        var (order, _) = Accepted(OrderWorld.Repair, OrderWorld.ToPerson, Caller.Assignee);
        order.Resolve(OrderWorld.Of(Caller.Assignee), "已疏通", null, At(30));
        return (order, At(40));
    }

    private static (WorkOrder, DateTime) Verified()
    {
        var (order, _) = Resolved();
        order.Verify(OrderWorld.Of(Caller.GridWorker), "入户核实", At(40));
        return (order, At(50));
    }

    public static readonly IReadOnlyList<Situation> All =
    [
        new("repair awaiting dispatch", OrderWorld.Repair, () => Reported(OrderWorld.Repair)),
        new("consultation awaiting dispatch", OrderWorld.Consultation, () => Reported(OrderWorld.Consultation)),
        new("returned, awaiting dispatch again", OrderWorld.Repair, () =>
        {
            var (order, _) = Dispatched(OrderWorld.Repair, OrderWorld.ToCompany);
            order.Return(OrderWorld.Of(Caller.PropertyColleague), "不属于物业管辖", At(20));
            return (order, At(30));
        }),
        new("dispatched to a person", OrderWorld.Repair, () => Dispatched(OrderWorld.Repair, OrderWorld.ToPerson)),
        new("dispatched to the property company", OrderWorld.Repair, () => Dispatched(OrderWorld.Repair, OrderWorld.ToCompany)),
        new("published to the grid's pool", OrderWorld.Errand, () => Dispatched(OrderWorld.Errand, OrderWorld.ToPool(openToCommunity: false))),
        new("published to the community's pool", OrderWorld.Errand, () => Dispatched(OrderWorld.Errand, OrderWorld.ToPool(openToCommunity: true))),
        new("accepted by the person", OrderWorld.Repair, () => Accepted(OrderWorld.Repair, OrderWorld.ToPerson, Caller.Assignee)),
        new("accepted for the company", OrderWorld.Repair, () => Accepted(OrderWorld.Repair, OrderWorld.ToCompany, Caller.PropertyStaff)),
        new("taken from the pool", OrderWorld.Errand, () => Accepted(OrderWorld.Errand, OrderWorld.ToPool(openToCommunity: false), Caller.PartyMember)),
        new("in progress with an extension asked", OrderWorld.Repair, () =>
        {
            var (order, _) = Accepted(OrderWorld.Repair, OrderWorld.ToPerson, Caller.Assignee);
            order.RequestExtension(OrderWorld.Of(Caller.Assignee), order.ResolveDeadline!.Value.AddDays(3), "等待配件", At(30));
            return (order, At(40));
        }),
        new("in progress past its deadline", OrderWorld.Repair, () =>
        {
            var (order, _) = Accepted(OrderWorld.Repair, OrderWorld.ToPerson, Caller.Assignee);
            return (order, order.ResolveDeadline!.Value.AddHours(1));
        }),
        new("redone after an unsatisfied callback", OrderWorld.Repair, () =>
        {
            var (order, _) = Verified();
            order.Callback(OrderWorld.Of(Caller.Requester), resolved: false, Satisfaction.Unsatisfied, "还是堵", At(50));
            return (order, At(60));
        }),
        new("awaiting verification", OrderWorld.Repair, Resolved),
        new("awaiting callback", OrderWorld.Repair, Verified),
        new("closed after a rating", OrderWorld.Repair, () =>
        {
            var (order, _) = Verified();
            order.Callback(OrderWorld.Of(Caller.Requester), resolved: true, Satisfaction.Satisfied, null, At(50));
            return (order, At(60));
        }),
        new("cancelled", OrderWorld.Repair, () =>
        {
            var (order, now) = Reported(OrderWorld.Repair);
            order.Cancel(OrderWorld.Of(Caller.Requester), "已自行解决", now);
            return (order, At(20));
        }),
        new("merged into another", OrderWorld.Repair, () =>
        {
            var (order, now) = Reported(OrderWorld.Repair);
            order.MergeInto(OrderWorld.Of(Caller.GridWorker), OrderWorld.Report(OrderWorld.Repair, At(0)), now);
            return (order, At(20));
        }),
    ];

    public static Situation Named(string name) => All.Single(s => s.Name == name);
}
