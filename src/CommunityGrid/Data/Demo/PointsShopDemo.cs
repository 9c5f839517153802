using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.Points;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// The points shop of the demo: shop items in 河西社区 and 仕奇社区, offers of the seeded merchants,
/// and opening balances for a few residents so the shop can be tried. Balances are real awards
/// through the ledger (source ref "demo-opening:…"), dated the day before seeding so they do not
/// count against anyone's daily cap today.
/// </summary>
internal sealed class PointsShopDemo(AppDbContext db, TimeProvider clock)
{
    private static readonly (string Community, string Name, string Description, long Price, int Stock)[] ShopItems =
    [
        ("150102001001", "洗衣液一瓶", "2 kg 装，社区服务站领取", 30, 20),
        ("150102001001", "东北大米 5 斤", "社区服务站领取", 80, 10),
        ("150102001001", "纯棉毛巾", "社区服务站领取", 15, 50),
        ("150105001001", "洗衣液一瓶", "2 kg 装，党群服务中心领取", 30, 20),
        ("150105001001", "保温杯", "党群服务中心领取", 60, 8),
    ];

    private static readonly (string Merchant, string Name, string Description, long Price, int Stock)[] Offers =
    [
        ("河西爱心理发店", "理发一次", "到店出示兑换码", 50, 30),
        ("河西爱心理发店", "老人上门理发", "80 岁以上老人，电话预约", 40, 10),
        ("河西便民维修部", "小家电维修一次", "不含更换配件", 40, 15),
        ("俪城5元剪发店", "剪发一次", "到店出示兑换码", 20, 30),
    ];

    private static readonly (string UserName, long Points)[] Openings =
        [("resident.hexi.01", 150), ("resident.shiqi.01", 120), ("volunteer.shiqi.01", 180), ("rider.licheng.01", 90)];

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var paths = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Community).ToDictionaryAsync(a => a.Code, a => a.Path, ct);
        foreach (var (community, name, description, price, stock) in ShopItems)
        {
            db.ShopItems.Add(ShopItem.ForShop(paths[community], name, description, price, stock, now));
        }

        var merchants = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Merchant).ToListAsync(ct);
        foreach (var (merchantName, name, description, price, stock) in Offers)
        {
            var merchant = merchants.Single(m => m.Name == merchantName);
            var community = AreaPath.Ancestor(merchant.AreaPath, AreaLevel.Community)!;
            db.ShopItems.Add(ShopItem.ForMerchant(community, merchant.Id, merchant.Name, name, description, price, stock, now));
        }

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();

        var ledger = new PointsLedger(db, new DayBefore(clock), new HttpContextAccessor());
        foreach (var (userName, points) in Openings)
        {
            var personId = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.PersonId!.Value).SingleAsync(ct);
            var account = await ledger.PersonAccountAsync(personId, ct);
            await ledger.AwardAsync(new Award(TransferSource.VolunteerHours, $"demo-opening:{userName}", account.AreaPath, account.Id, points, "演示初始积分（志愿服务）"), ct);
        }
    }

    private sealed class DayBefore(TimeProvider inner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddDays(-1);
    }
}
