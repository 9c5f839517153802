using CommunityGrid.Data;
using CommunityGrid.Features.Open311;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.WorkOrders;

/// <summary>
/// The standard catalogue, written into an empty table in every environment (it is reference data,
/// not demo data); admins edit it afterwards. A catalogue that grew since a database was filled adds its
/// new codes there (under parents that exist), leaving the admins' edits alone.
/// </summary>
internal static class CategoryCatalogue
{
    private static readonly TimeLimit Accept2h = new(2, TimeLimitUnit.Hours);
    private static readonly TimeLimit SameDay = new(8, TimeLimitUnit.Hours);
    private static readonly TimeLimit Day = new(24, TimeLimitUnit.Hours);
    private static readonly TimeLimit General = new(7, TimeLimitUnit.WorkingDays);
    private static readonly TimeLimit Complex = new(15, TimeLimitUnit.WorkingDays);
    private static readonly TimeLimit Three = new(3, TimeLimitUnit.WorkingDays);

    public static async Task EnsureAsync(AppDbContext db, CancellationToken ct = default)
    {
        var existing = await db.WorkOrderCategories.AsNoTracking().Select(c => new { c.Code, c.Id }).ToListAsync(ct);
        var all = new List<WorkOrderCategory>();
        WorkOrderCategory Root(string code, string name, string en, RouteTarget route, TimeLimit resolve, int order, bool service = false, bool consult = false)
        {
            var c = WorkOrderCategory.Create(code, name, en, null, route, Accept2h, resolve, service, consult, null, order);
            all.Add(c);
            return c;
        }

        void Child(WorkOrderCategory parent, string code, string name, string en, TimeLimit resolve, string open311, int order, TimeLimit? accept = null)
        {
            all.Add(WorkOrderCategory.Create(code, name, en, parent, parent.RoutesTo, accept ?? Accept2h, resolve, parent.IsServiceOrder, parent.IsConsultation, open311, order));
        }

        var property = Root("property", "物业服务", "Property services", RouteTarget.Property, General, 1);
        Child(property, "property.drain", "下水堵塞", "Blocked drain", Day, "drain", 1);
        Child(property, "property.corridor", "楼道杂物", "Clutter in the stairwell", Three, "corridor-clutter", 2);
        Child(property, "property.lighting", "楼道照明", "Stairwell lighting", Three, "stair-light", 3);
        Child(property, "property.wires", "飞线充电", "Charging over dangling wires", Three, "flying-wires", 4);
        Child(property, "property.leak", "房屋漏水", "Water leak", Day, "leak", 5);
        Child(property, "property.elevator", "电梯故障", "Lift out of order", SameDay, "elevator", 6, new TimeLimit(1, TimeLimitUnit.Hours));
        Child(property, "property.heating", "供暖问题", "Heating", Day, "heating", 7);
        Child(property, "property.service", "物业服务质量", "Property management service", General, "property-service", 8);

        var city = Root("city", "市容环境", "Streets and environment", RouteTarget.Grid, General, 2);
        Child(city, "city.garbage", "垃圾清运", "Rubbish not collected", Day, "garbage", 1);
        Child(city, "city.road", "道路破损", "Damaged road or pavement", Complex, "road", 2);
        Child(city, "city.parking", "乱停乱放", "Illegal parking", Three, "parking", 3);
        Child(city, "city.greenery", "绿化维护", "Green space upkeep", General, "greenery", 4);
        Child(city, "city.building", "违章搭建", "Unauthorised building", Complex, "illegal-building", 5);
        Child(city, "city.manhole", "井盖/雨水篦子", "Manhole or drain cover", SameDay, "manhole", 6, new TimeLimit(1, TimeLimitUnit.Hours));
        Child(city, "city.streetlight", "路灯", "Street light", Three, "streetlight", 7);
        Child(city, "city.facility", "其他市政设施", "Other street furniture (railings, bus stops, signals)", General, "street-furniture", 8);

        var safety = Root("safety", "安全隐患", "Safety hazards", RouteTarget.Grid, Day, 3);
        Child(safety, "safety.fire", "消防通道堵塞", "Blocked fire lane", SameDay, "fire-lane", 1, new TimeLimit(1, TimeLimitUnit.Hours));
        Child(safety, "safety.fraud", "电信诈骗线索", "Telecom fraud lead", Day, "fraud", 2);

        var dispute = Root("dispute", "邻里纠纷", "Neighbour disputes", RouteTarget.Grid, General, 4);
        Child(dispute, "dispute.noise", "噪音扰民", "Noise", General, "noise", 1);
        Child(dispute, "dispute.neighbour", "邻里矛盾", "Quarrel between neighbours", Complex, "neighbour", 2);
        Child(dispute, "dispute.pets", "宠物扰民/文明养犬", "Pets and dogs", General, "pets", 3);

        var service = Root("service", "便民服务", "Services for residents", RouteTarget.Grid, Three, 5, service: true);
        Child(service, "service.shopping", "代购代办", "Errands and shopping", Three, "errand", 1);
        Child(service, "service.escort", "陪诊陪护", "Accompany to the doctor", Three, "escort", 2);
        Child(service, "service.repair", "家电小修", "Small household repairs", General, "home-repair", 3);
        Child(service, "service.visit", "上门探访", "Home visit", Three, "home-visit", 4);

        var consult = Root("consult", "政策咨询", "Questions and advice", RouteTarget.Grid, Three, 6, consult: true);
        Child(consult, "consult.policy", "政策咨询", "Policy question", Three, "policy", 1);
        Child(consult, "consult.social", "社保医保", "Social and medical insurance", Three, "insurance", 2);

        if (existing.Count > 0)
        {
            // Only the new children go in, attached to the parent already stored under the same code.
            var ids = existing.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal);
            var byId = all.ToDictionary(c => c.Id, c => c.Code);
            all = [.. all.Where(c => !ids.ContainsKey(c.Code) && c.ParentId is { } p && ids.ContainsKey(byId[p]))
                .Select(c => c.UnderParent(ids[byId[c.ParentId!.Value]]))];
            if (all.Count == 0)
            {
                return;
            }
        }

        db.WorkOrderCategories.AddRange(all);
        await db.SaveInTransactionAsync(ct);
    }
}

internal static class ReferenceData
{
    /// <summary>Reference data every environment needs: the category catalogue, then what each channel adds to it.</summary>
    public static async Task EnsureReferenceDataAsync(this IServiceProvider services, Func<AppDbContext, CancellationToken, Task> then, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(then);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await CategoryCatalogue.EnsureAsync(db, ct);
        await then(db, ct);
    }
}
