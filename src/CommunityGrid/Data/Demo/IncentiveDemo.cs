using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Stations;
using CommunityGrid.Features.Wishes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// The incentive features of the demo (docs/demo-data.md): 河西社区's caring-merchant alliance,
/// 俪城社区's red-bee stations with a station staff account, a few wishes on the walls and one care
/// visit. Runs after the residents exist; reads what <see cref="DemoSeeder"/> wrote.
/// </summary>
internal sealed class IncentiveDemo(AppDbContext db, DateTime now, string passwordHash)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var hexi = await db.Areas.SingleAsync(a => a.Code == "150102001001", ct);
        var licheng = await db.Areas.SingleAsync(a => a.Code == "150104001001", ct);
        var users = await db.Users.Where(u => u.UserName!.StartsWith("community.") || u.UserName.StartsWith("merchant.") || u.UserName.StartsWith("rider.")
                || u.UserName.StartsWith("resident.") || u.UserName == "gridchief.150102001001001" || u.UserName == "grid.shiqi.01")
            .ToDictionaryAsync(u => u.UserName!, ct);

        // Alliance: 河西爱心理发店 is a member and cuts hair for elderly residents living alone; 河西便民维修部 has applied.
        var haircut = await db.Organisations.SingleAsync(o => o.Name == "河西爱心理发店", ct);
        var repair = await db.Organisations.SingleAsync(o => o.Name == "河西便民维修部", ct);
        var member = AllianceMembership.Apply(hexi.Id, hexi.Path, haircut.Id, haircut.Name, users["merchant.hexi.01"].Id, now.AddDays(-20));
        member.Approve(users["community.hexi"].Id, now.AddDays(-19));
        db.Add(member);
        db.Add(AllianceMembership.Apply(hexi.Id, hexi.Path, repair.Id, repair.Name, users["community.hexi"].Id, now.AddDays(-2)));
        db.Add(AllianceOffering.Offer(member, ServiceKind.Haircut, "公益理发（到店或上门）", "为独居空巢、高龄老人免费理发，行动不便可上门。",
            CareTags.LivingAlone | CareTags.Elderly80Plus, 20, CapacityPeriod.Month, "每周二、周四 9:00–11:30", now.AddDays(-19)));

        // Stations of 俪城社区 and the staff account of the first.
        var main = await db.Organisations.SingleAsync(o => o.Name == "俪城社区红蜂驿站", ct);
        var street = Organisation.Register(OrganisationKind.Station, "俪城商业街红蜂驿站", licheng, "驿站管理员", "13904715002", "玉泉区石羊桥南路俪城商业街 8 号", 40.7921, 111.6632);
        db.Add(street);
        db.Add(Station.Open(main.Id, main.Name, licheng.Path, main.Address ?? "", 40.7936, 111.6601,
            Facilities.Water | Facilities.Charging | Facilities.Microwave | Facilities.MedicineBox | Facilities.RestRoom | Facilities.Umbrella | Facilities.Toilet,
            new TimeOnly(7, 0), new TimeOnly(22, 0), now));
        db.Add(Station.Open(street.Id, street.Name, licheng.Path, street.Address!, 40.7921, 111.6632,
            Facilities.Water | Facilities.Charging | Facilities.Umbrella, new TimeOnly(0, 0), new TimeOnly(0, 0), now));
        var staff = new AppUser
        {
            UserName = "station.licheng.01",
            NormalizedUserName = "STATION.LICHENG.01",
            DisplayName = "韩雪",
            PhoneNumber = "13904715001",
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            OrganisationId = main.Id,
        };
        db.Add(staff);
        db.Add(RoleAssignment.Grant(staff.Id, Role.StationStaff, licheng, "俪城社区红蜂驿站站长"));

        // Wishes on the walls: a rider's in 俪城社区 and an elderly resident's in 仕奇社区, both approved.
        await WishAsync("rider.licheng.01", WisherGroup.Rider, "想给老家上小学的女儿寄一套课外书", "常年在外送餐，女儿在老家读三年级，想送她一套带拼音的课外书。", "community.licheng", ct);
        await WishAsync("resident.shiqi.01", WisherGroup.Elderly, "希望有人教我用手机预约挂号", "子女不在身边，每次去医院都要排很久的队。", "grid.shiqi.01", ct);

        // 白玉兰 (resident.hexi.01, living alone) was last visited ten days ago: weekly, so she is overdue.
        var elder = await db.People.SingleAsync(p => p.Id == users["resident.hexi.01"].PersonId, ct);
        var chief = users["gridchief.150102001001001"];
        db.Add(CareVisit.Record(elder, chief.Id, chief.DisplayName, now.AddDays(-10), "入户看望，老人精神状态良好，冰箱里食物充足。", "卫生间地面湿滑，建议加装扶手", true, now));

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();

        async Task WishAsync(string userName, WisherGroup group, string title, string story, string reviewer, CancellationToken token)
        {
            var user = users[userName];
            var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == user.PersonId, token);
            var wish = Wish.Post(title, story, group, person.Id, person.Name, person.AreaPath, AreaPath.Ancestor(person.AreaPath, AreaLevel.Community)!, user.Id, user.DisplayName, false, now.AddDays(-3));
            wish.Approve(users[reviewer].Id, now.AddDays(-2));
            db.Add(wish);
        }
    }
}
