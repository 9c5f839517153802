using CommunityGrid.Data;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Open311;

/// <summary>
/// The standard intake questions of a few categories (reference data like the category
/// catalogue, written into an empty table in every environment; admins edit it afterwards).
/// </summary>
internal static class Open311Catalogue
{
    private static readonly Open311AttributeValue[] YesNo = [new("yes", "是"), new("no", "否")];

    public static async Task EnsureAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (await db.Open311Attributes.AnyAsync(ct))
        {
            return;
        }

        var categories = await db.WorkOrderCategories.Where(c => c.Open311Code != null).ToDictionaryAsync(c => c.Code, ct);
        var all = new List<Open311Attribute>();
        void Ask(string categoryCode, string code, Open311Datatype type, bool required, string description, int order, string? hint = null,
            Open311AttributeValue[]? values = null, bool variable = true)
        {
            if (categories.TryGetValue(categoryCode, out var category))
            {
                all.Add(Open311Attribute.Define(category, code, type, required, description, order, hint, values, variable));
            }
        }

        Ask("property.drain", "notice", Open311Datatype.ShortText, false, "如污水外溢，请先关闭本户进水总阀 (If sewage overflows, close your main water valve first.)", 1, variable: false);
        Ask("property.drain", "floor", Open311Datatype.Number, false, "所在楼层 (Floor)", 2, "整数，如 3 (a whole number, e.g. 3)");
        Ask("property.drain", "affects_others", Open311Datatype.SingleValueList, true, "是否影响多户 (Does it affect other households?)", 3, values: YesNo);

        Ask("property.elevator", "trapped", Open311Datatype.SingleValueList, true, "是否有人被困 (Is anyone trapped?)", 1, values: YesNo);
        Ask("property.elevator", "building", Open311Datatype.ShortText, false, "楼号与单元 (Building and unit)", 2, "如 9号楼2单元 (e.g. 9号楼2单元)");

        Ask("city.road", "damage", Open311Datatype.SingleValueList, true, "破损类型 (Kind of damage)", 1,
            values: [new("pothole", "坑洼"), new("crack", "裂缝"), new("manhole", "井盖缺失或破损"), new("kerb", "路沿石损坏")]);
        Ask("city.road", "size_m2", Open311Datatype.Number, false, "大致面积（平方米）(Approximate area, m²)", 2);

        Ask("dispute.noise", "sources", Open311Datatype.MultiValueList, false, "噪音来源 (Source of the noise)", 1,
            values: [new("renovation", "装修"), new("shop", "商铺"), new("square_dance", "广场舞"), new("pet", "宠物"), new("other", "其他")]);
        Ask("dispute.noise", "since", Open311Datatype.Datetime, false, "开始时间 (Since when)", 2, "W3C 日期时间，如 2026-12-01T22:00:00+08:00");
        Ask("dispute.noise", "details", Open311Datatype.LongText, false, "补充说明 (More details)", 3);

        db.Open311Attributes.AddRange(all);
        await db.SaveInTransactionAsync(ct);
    }
}
