using CommunityGrid.Features.Areas;
using CommunityGrid.Features.People;
using CommunityGrid.Features.Volunteers;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Volunteer teams of the report (仕奇社区 巾帼宜家, 友爱邻里, 多彩文艺; 俪城社区 红蜂团), a 双报到
/// registration, and coming activities with shifts — dated from the seeding clock so the demo
/// always has something to sign up for. Runs after the residents are saved.
/// </summary>
internal sealed class VolunteerDemo(AppDbContext db, DateTime now)
{
    private const string Shiqi = "150105001001";
    private const string Licheng = "150104001001";
    private static readonly string[] Companions = ["陪伴老人"];
    private static readonly string[] Handymen = ["维修", "搬运"];
    private static readonly string[] Performers = ["舞蹈", "合唱"];
    private static readonly string[] Couriers = ["配送"];

    public async Task SeedAsync(CancellationToken ct)
    {
        var shiqi = await AreaAsync(Shiqi, ct);
        var shiqi1 = await AreaAsync(Shiqi + "001", ct);
        var licheng = await AreaAsync(Licheng, ct);
        var shiqiAdmin = await UserIdAsync("community.shiqi", ct);
        var lichengAdmin = await UserIdAsync("community.licheng", ct);

        var jinguo = VolunteerTeam.Form("巾帼宜家", "仕奇社区妇女志愿者：敬老陪伴、家政互助、环境美化。", shiqi1, shiqiAdmin, now);
        var youai = VolunteerTeam.Form("友爱邻里", "邻里互助、垃圾分类督导、便民服务。", shiqi, shiqiAdmin, now);
        var duocai = VolunteerTeam.Form("多彩文艺", "广场舞、合唱与节庆文艺演出。", shiqi, shiqiAdmin, now);
        var hongfeng = VolunteerTeam.Form("红蜂团", "外卖、快递小哥志愿服务队：随手拍、环境整治、关爱独居老人。", licheng, lichengAdmin, now);
        db.AddRange(jinguo, youai, duocai, hongfeng);

        var tianJing = await PersonOfAsync("volunteer.shiqi.01", ct);
        var guoHongmei = await PersonOfAsync("party.shiqi.01", ct);
        var heZhenhua = await PersonOfAsync("party.shiqi.02", ct);
        var rider = await PersonOfAsync("rider.licheng.01", ct);
        var shiqiWomen = await ResidentsAsync(shiqi.Path, Gender.Female, 6, ct);
        var shiqiMen = await ResidentsAsync(shiqi.Path, Gender.Male, 4, ct);
        var lichengMen = await ResidentsAsync(licheng.Path, Gender.Male, 3, ct);

        Members(jinguo, [(tianJing, ["家政", "陪伴老人"]), (guoHongmei, ["健康咨询", "急救"])]);
        Members(jinguo, shiqiWomen.Take(3).Select(p => (p, Companions)));
        jinguo.AppointLeader(guoHongmei);
        Members(youai, [(heZhenhua, ["垃圾分类", "政策宣讲"])]);
        Members(youai, shiqiMen.Select(p => (p, Handymen)));
        youai.AppointLeader(heZhenhua);
        Members(duocai, shiqiWomen.Skip(3).Select(p => (p, Performers)));
        duocai.AppointLeader(shiqiWomen[3]);
        Members(hongfeng, [(rider, ["随手拍", "配送"])]);
        Members(hongfeng, lichengMen.Select(p => (p, Couriers)));
        hongfeng.AppointLeader(rider);

        db.Add(PartyRegistration.Register(guoHongmei, "赛罕区人民医院", ["健康咨询", "急救培训"], shiqi1, now));

        // Places inside 仕奇社区's block (grid 1 is its north-west cell) and 俪城社区's.
        var names = await db.Users.AsNoTracking().Where(u => u.Id == shiqiAdmin || u.Id == lichengAdmin).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        Activity(jinguo, jinguo.AreaPath, shiqiAdmin, names[shiqiAdmin], "重阳敬老·上门陪伴", ActivityType.ElderCare, "为独居、高龄老人打扫卫生、陪伴聊天、测量血压。",
            40.8112, 111.7021, "仕奇社区第一网格 2号楼前", null, [(1, 9, 2, 6), (1, 14, 2, 6)]);
        Activity(youai, youai.AreaPath, shiqiAdmin, names[shiqiAdmin], "垃圾分类宣传与督导", ActivityType.WasteSorting, "在投放点引导居民分类投放，发放宣传资料。",
            40.8091, 111.7064, "仕奇苑东门垃圾分类投放点", 300, [(3, 8, 2, 8), (3, 18, 2, 8)]);
        Activity(duocai, duocai.AreaPath, shiqiAdmin, names[shiqiAdmin], "社区文艺汇演排练", ActivityType.CultureArts, "迎新年文艺汇演节目排练，欢迎有才艺的居民参加。",
            40.8075, 111.7098, "仕奇社区党群服务中心多功能厅", null, [(5, 19, 2, 20)]);
        Activity(null, shiqi.Path, shiqiAdmin, names[shiqiAdmin], "防诈骗宣传进小区", ActivityType.AntiFraud, "与派出所民警一起讲解常见电信诈骗手法。",
            40.8088, 111.7052, "仕奇社区党群服务中心广场", null, [(2, 9, 3, 10)]);
        Activity(hongfeng, hongfeng.AreaPath, lichengAdmin, names[lichengAdmin], "骑手随手拍·环境整治", ActivityType.CleanUp, "清理小区周边乱堆乱放，随手拍上报问题。",
            40.7941, 111.6610, "俪城花园南门", 300, [(4, 15, 2, 12)]);

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>Shifts as (days from today, Beijing start hour, hours long, places).</summary>
    private void Activity(VolunteerTeam? team, string areaPath, string organiserId, string organiserName, string title, ActivityType type, string description,
        double lat, double lng, string address, int? radius, (int Day, int Hour, int Hours, int Places)[] shifts)
    {
        var today = BeijingTime.DayStartUtc(now);
        var plan = new ActivityPlan(title, type, description, lat, lng, address, radius,
            shifts.Select(s => new ShiftPlan(today.AddDays(s.Day).AddHours(s.Hour), today.AddDays(s.Day).AddHours(s.Hour + s.Hours), s.Places)).ToList());
        db.Add(VolunteerActivity.Plan(plan, areaPath, team?.Id, organiserId, organiserName, now));
    }

    private void Members(VolunteerTeam team, IEnumerable<(Guid Person, string[] Skills)> members)
    {
        foreach (var (person, skills) in members)
        {
            db.Add(TeamMember.Join(team, person, skills, now));
        }
    }

    private Task<Area> AreaAsync(string code, CancellationToken ct) => db.Areas.AsNoTracking().SingleAsync(a => a.Code == code, ct);

    private Task<string> UserIdAsync(string userName, CancellationToken ct) => db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(ct);

    private async Task<Guid> PersonOfAsync(string userName, CancellationToken ct) =>
        (await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.PersonId).SingleAsync(ct))!.Value;

    /// <summary>Adults of a community without an account, picked by ID number so every run picks the same.</summary>
    private async Task<List<Guid>> ResidentsAsync(string communityPath, Gender gender, int count, CancellationToken ct)
    {
        var withAccounts = db.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value);
        var born = new DateOnly(now.Year - 65, 1, 1);
        var adult = new DateOnly(now.Year - 25, 1, 1);
        return await db.People.AsNoTracking().Where(p => p.AreaPath.StartsWith(communityPath) && p.Gender == gender && p.BirthDate >= born && p.BirthDate <= adult && !withAccounts.Contains(p.Id))
            .OrderBy(p => p.IdNumber).Take(count).Select(p => p.Id).ToListAsync(ct);
    }
}
