using CommunityGrid.Features.People;
using CommunityGrid.Features.Programmes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Community programmes of the demo (docs/demo-data.md): the residents' councils of 仕奇社区 and 河西社区, this
/// year's 民生微实事 budgets, one micro-project in each state across the two communities, and a month of
/// events on 仕奇社区's calendar (with a few in 河西社区). Runs after the residents and volunteers exist.
/// </summary>
internal sealed class ProgrammesDemo(AppDbContext db, DateTime now)
{
    private const string Shiqi = "150105001001";
    private const string Hexi = "150102001001";

    private readonly Dictionary<(string, int), MicroProjectBudget> budgets = [];

    public async Task SeedAsync(CancellationToken ct)
    {
        var shiqi = await db.Areas.Where(a => a.Code == Shiqi).Select(a => a.Path).SingleAsync(ct);
        var hexi = await db.Areas.Where(a => a.Code == Hexi).Select(a => a.Path).SingleAsync(ct);
        var users = await db.Users.Where(u => u.UserName!.StartsWith("community.") || u.UserName.StartsWith("resident.") || u.UserName.StartsWith("party.")
            || u.UserName.StartsWith("volunteer.")).ToDictionaryAsync(u => u.UserName!, ct);
        async Task<Person> PersonOf(string userName)
        {
            var id = users[userName].PersonId;
            return await db.People.SingleAsync(p => p.Id == id, ct);
        }

        // Councils: four named members in 仕奇社区 (a fifth, an ordinary resident), three in 河西社区.
        var shiqiCouncil = ResidentsCouncil.For(shiqi);
        var hexiCouncil = ResidentsCouncil.For(hexi);
        db.AddRange(shiqiCouncil, hexiCouncil);
        var shiqiMembers = new List<Person>();
        foreach (var name in new[] { "party.shiqi.01", "party.shiqi.02", "volunteer.shiqi.01", "resident.shiqi.02" })
        {
            shiqiMembers.Add(await PersonOf(name));
        }

        var taken = shiqiMembers.Select(p => p.Id).Append((await PersonOf("resident.shiqi.01")).Id).ToList();
        shiqiMembers.Add(await db.People.Where(p => p.AreaPath.StartsWith(shiqi) && !taken.Contains(p.Id) && p.BirthDate < new DateOnly(1975, 1, 1))
            .OrderBy(p => p.Name).ThenBy(p => p.AreaPath).FirstAsync(ct));
        var hexiResident = await PersonOf("resident.hexi.01");
        var hexiMembers = await db.People.Where(p => p.AreaPath.StartsWith(hexi) && p.Id != hexiResident.Id).OrderBy(p => p.Name).ThenBy(p => p.AreaPath).Take(2).ToListAsync(ct);
        hexiMembers.Insert(0, hexiResident);
        db.AddRange(shiqiMembers.Select(p => CouncilMember.Of(shiqiCouncil, p.Id, p.Name, now.AddDays(-120))));
        db.AddRange(hexiMembers.Select(p => CouncilMember.Of(hexiCouncil, p.Id, p.Name, now.AddDays(-120))));

        var admin = users["community.shiqi"];
        var hexiAdmin = users["community.hexi"];
        var proposer = users["resident.shiqi.01"];
        var hexiProposer = users["resident.hexi.01"];
        MicroProject Propose(string path, string title, string description, long cost, Features.Accounts.AppUser by, int daysAgo) =>
            MicroProject.Propose(path, title, description, cost, by.Id, PersonNames.Mask(by.DisplayName ?? ""), now.AddDays(-daysAgo));
        void Vote(MicroProject p, ResidentsCouncil council, List<Person> members, VoteChoice[] choices, int daysAgo)
        {
            p.ScreenIn(Budget(p), council, "符合本年度民生微实事计划", now.AddDays(-daysAgo));
            for (var i = 0; i < choices.Length; i++)
            {
                p.Vote(members[i].Id, choices[i], now.AddDays(-daysAgo).AddHours(2 + i));
            }
        }

        VoteChoice[] yes = [VoteChoice.For, VoteChoice.For, VoteChoice.For, VoteChoice.Against];

        // 仕奇社区: proposed, voting, publicised, implementing, completed.
        var proposed = Propose(shiqi, "小区东门增设电动自行车充电棚", "东门附近电动车乱停、楼道充电有隐患，建议建一座带充电桩的车棚。", 38_000, proposer, 2);
        var voting = Propose(shiqi, "3号楼单元门口无障碍坡道", "老人推轮椅、家长推婴儿车出入不便，建议在单元门口修一条坡道并加扶手。", 12_000, proposer, 6);
        Vote(voting, shiqiCouncil, shiqiMembers, [VoteChoice.For, VoteChoice.For], 3);
        var publicised = Propose(shiqi, "中心花园添置休闲长椅", "花园没有座椅，老人散步累了没处歇脚，建议添置六把长椅。", 8_000, proposer, 20);
        Vote(publicised, shiqiCouncil, shiqiMembers, yes, 14);
        publicised.CloseVote(shiqiCouncil, [.. shiqiMembers.Select(m => m.Id)], Budget(publicised), now.AddDays(-2));
        var implementing = Propose(shiqi, "楼道感应灯更换", "1至3号楼楼道灯老化，夜间漆黑，建议更换为声光控LED灯。", 15_000, proposer, 45);
        Vote(implementing, shiqiCouncil, shiqiMembers, yes, 40);
        implementing.CloseVote(shiqiCouncil, [.. shiqiMembers.Select(m => m.Id)], Budget(implementing), now.AddDays(-33));
        implementing.Start(now.AddDays(-27));
        implementing.Report(admin.DisplayName ?? "社区", "灯具已采购，1号楼已完成更换。", [], now.AddDays(-10));
        var completed = Propose(shiqi, "健身区地面防滑改造", "健身器材区地砖雨后湿滑，老人多次摔倒，建议铺设防滑地垫。", 22_000, proposer, 90);
        Vote(completed, shiqiCouncil, shiqiMembers, yes, 85);
        completed.CloseVote(shiqiCouncil, [.. shiqiMembers.Select(m => m.Id)], Budget(completed), now.AddDays(-78));
        completed.Start(now.AddDays(-72));
        completed.Report(admin.DisplayName ?? "社区", "防滑地垫铺设完成一半。", [], now.AddDays(-60));
        completed.Complete(now.AddDays(-50));
        completed.Evaluate(shiqiMembers[1].Id, PersonNames.Mask(shiqiMembers[1].Name), 5, "雨后再也不滑了，老伙计们都说好。", now.AddDays(-45));

        // 河西社区: screened out and not approved.
        var screenedOut = Propose(hexi, "小区门口修建喷泉", "美化环境。", 260_000, hexiProposer, 30);
        screenedOut.ScreenOut("超出民生微实事单项规模，建议纳入老旧小区改造统筹考虑。", now.AddDays(-28));
        var notApproved = Propose(hexi, "楼顶加装太阳能路灯", "小区西侧夜间照明不足。", 30_000, hexiProposer, 40);
        Vote(notApproved, hexiCouncil, hexiMembers, [VoteChoice.Against, VoteChoice.Against, VoteChoice.For], 35);
        notApproved.CloseVote(hexiCouncil, [.. hexiMembers.Select(m => m.Id)], Budget(notApproved), now.AddDays(-28));
        var hexiVoting = Propose(hexi, "单元楼道扶手安装", "高龄老人上下楼需要扶手。", 9_000, hexiAdmin, 4);
        Vote(hexiVoting, hexiCouncil, hexiMembers, [VoteChoice.For], 2);
        db.AddRange(proposed, voting, publicised, implementing, completed, screenedOut, notApproved, hexiVoting);

        SeedEvents(shiqi, hexi, users);
        await SeedJobsAsync(shiqi, users, shiqiMembers, ct);
        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>This year's budget of the project's community (200,000 yuan in 仕奇社区, 150,000 in 河西社区); made on first use.</summary>
    private MicroProjectBudget Budget(MicroProject p)
    {
        if (!budgets.TryGetValue((p.AreaPath, p.Year), out var budget))
        {
            budget = MicroProjectBudget.For(p.AreaPath, p.Year, p.AreaPath.EndsWith(Shiqi + "/", StringComparison.Ordinal) ? 200_000 : 150_000);
            budgets[(p.AreaPath, p.Year)] = budget;
            db.Add(budget);
        }

        return budget;
    }

    /// <summary>
    /// 仕奇社区巾帼阳光站: two open postings (home piecework, livestream selling), a six-session livestream-selling
    /// course half-way through with attendance, and one placed participant.
    /// </summary>
    private async Task SeedJobsAsync(string shiqi, Dictionary<string, Features.Accounts.AppUser> users, List<Person> residents, CancellationToken ct)
    {
        var staff = users["community.shiqi"].Id;
        var today = BeijingTime.Date(now);
        var piecework = JobPosting.Post(shiqi, JobKind.HomePiecework, "居家手工：中国结编织计件", "材料由阳光站统一发放，在家编织，每周五交货结算。", null, "仕奇社区巾帼阳光站",
            3, 5, PayPer.Piece, "时间自由，每周约 10–20 小时", true, null, SuitedGroups.MothersAtHome | SuitedGroups.DisabledResidents, today.AddDays(30), staff, now.AddDays(-20));
        var livestream = JobPosting.Post(shiqi, JobKind.LivestreamSelling, "农产品直播带货主播（兼职）", "为本地合作社直播销售杂粮、奶制品，提供设备与培训。", null, "仕奇社区巾帼阳光站",
            2000, 4000, PayPer.Month, "每天 19:00–21:00", false, "仕奇社区巾帼阳光站直播间", SuitedGroups.MothersAtHome | SuitedGroups.JobSeekers, today.AddDays(14), staff, now.AddDays(-10));
        db.AddRange(piecework, livestream);
        var placed = residents[2];
        var applied = piecework.Apply(placed.Id, PersonNames.Mask(placed.Name), now.AddDays(-15));
        applied.Record(ApplicationOutcome.Interviewed, null, now.AddDays(-13));
        applied.Record(ApplicationOutcome.Hired, IncomeBand.From1000To2000, now.AddDays(-12));
        db.Add(applied);

        // Six Saturday-morning sessions, three of them held.
        var first = now.AddDays(-21);
        var course = TrainingCourse.Plan(shiqi, "直播带货技能培训（六期）", "手机拍摄、直播话术、选品与售后，结业颁发证书。", "仕奇社区巾帼阳光站直播间", 12,
            [.. Enumerable.Range(0, 6).Select(i => (first.AddDays(7 * i), first.AddDays(7 * i).AddHours(2)))], staff, now.AddDays(-30));
        var learners = new List<(Guid PersonId, string UserId, string Name)>
        {
            ((await db.People.SingleAsync(p => p.Id == users["resident.shiqi.01"].PersonId, ct)).Id, users["resident.shiqi.01"].Id, "陈桂兰"),
        };
        learners.AddRange(residents.Take(3).Select(p => (p.Id, users.Values.FirstOrDefault(u => u.PersonId == p.Id)?.Id ?? "", p.Name)));
        foreach (var (personId, userId, name) in learners)
        {
            course.Enrol(personId, userId, PersonNames.Mask(name), now.AddDays(-28));
        }

        db.Add(course);
        foreach (var session in course.Sessions.Take(3))
        {
            foreach (var (personId, _, _) in learners.Skip(session.Number == 3 ? 1 : 0))
            {
                db.Add(course.MarkAttendance(session.Id, personId, [], session.StartsAt));
            }
        }
    }

    private void SeedEvents(string shiqi, string hexi, Dictionary<string, Features.Accounts.AppUser> users)
    {
        var today = BeijingTime.Date(now);
        (int Day, int Hour, EventKind Kind, string Title, string Place, int Capacity)[] plan =
        [
            (-12, 9, EventKind.TheoryTalk, "理论宣讲：党的创新理论进社区", "仕奇社区党群服务中心", 60),
            (-8, 15, EventKind.WasteSorting, "垃圾分类，从我做起", "仕奇苑中心广场", 80),
            (-3, 9, EventKind.PolicyConsultation, "政务咨询：医保、社保、养老认证", "仕奇社区便民服务大厅", 40),
            (1, 9, EventKind.AntiFraud, "防诈骗宣传进社区：守好老人的钱袋子", "仕奇社区党群服务中心二楼活动室", 50),
            (3, 19, EventKind.CultureAndArts, "广场舞展演", "仕奇苑中心广场", 120),
            (6, 14, EventKind.ResidentsForum, "百姓座谈会：小区停车怎么管", "仕奇社区会议室", 30),
            (9, 9, EventKind.ElderlyCare, "敬老包饺子：与高龄老人共度", "仕奇社区老年食堂", 25),
            (13, 15, EventKind.VolunteerExchange, "志愿服务交流会：巾帼宜家志愿服务队", "仕奇社区巾帼阳光站", 40),
            (17, 9, EventKind.TheoryTalk, "理论宣讲：基层治理新要求", "仕奇社区党群服务中心", 60),
            (20, 15, EventKind.WasteSorting, "旧衣回收与垃圾分类积分兑换", "仕奇苑中心广场", 100),
            (24, 9, EventKind.PolicyConsultation, "政务咨询：居住证与入学政策", "仕奇社区便民服务大厅", 40),
        ];
        var organiser = users["community.shiqi"].Id;
        foreach (var (day, hour, kind, title, place, capacity) in plan)
        {
            var starts = BeijingTime.ToUtc(today.AddDays(day), TimeSpan.FromHours(hour));
            var planned = starts.AddDays(-14);
            var e = CommunityEvent.Plan(shiqi, kind, title, "欢迎社区居民报名参加。", place, starts, starts.AddHours(2), capacity, null, organiser, planned);
            db.Add(e);
            if (kind is EventKind.AntiFraud or EventKind.TheoryTalk)
            {
                db.Add(e.SignUp(users["resident.shiqi.01"].Id, users["resident.shiqi.01"].PersonId, planned.AddDays(1)));
            }
        }

        var hexiOrganiser = users["community.hexi"].Id;
        foreach (var (day, kind, title) in new[] { (2, EventKind.ElderlyCare, "重阳敬老：为高龄老人义诊理发"), (10, EventKind.AntiFraud, "防诈骗宣传：警惕保健品骗局") })
        {
            var starts = BeijingTime.ToUtc(today.AddDays(day), TimeSpan.FromHours(9));
            db.Add(CommunityEvent.Plan(hexi, kind, title, "", "河西社区活动中心", starts, starts.AddHours(2), 30, null, hexiOrganiser, starts.AddDays(-14)));
        }
    }
}
