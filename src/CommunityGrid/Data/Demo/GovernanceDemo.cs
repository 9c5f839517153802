using System.Globalization;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Areas;
using CommunityGrid.Features.Governance;
using CommunityGrid.Features.Organisations;
using CommunityGrid.Features.People;
using CommunityGrid.Features.WorkOrders;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// 红色物业 governance in the demo (docs/demo-data.md) for 三顺店社区 and 仕奇社区: each estate's owners' committee
/// with an account, a quarterly template, a closed 2026Q3 round with its ranking (景观小区 on the red list), an
/// open round in 仕奇社区, two joint meetings per community with decisions in flight as dispatched orders, a week
/// of patrols and household visits by the grid workers, and the duty lists. Runs after the residents exist.
/// </summary>
internal sealed class GovernanceDemo(AppDbContext db, DateTime now, string passwordHash)
{
    private static readonly CriterionSpec[] Criteria =
    [
        new("hygiene", "环境卫生", 15, "楼道、绿地、垃圾分类投放点是否整洁；垃圾是否日产日清", CriterionSource.Scored),
        new("safety", "安全管理", 15, "门岗值守、消防通道畅通、电动车规范充电、监控完好", CriterionSource.Scored),
        new("facilities", "设施维护", 15, "电梯、照明、管网、健身器材的巡检与维修是否及时", CriterionSource.Scored),
        new("attitude", "服务态度", 15, "接待是否热情、诉求是否有回应、收费是否公开透明", CriterionSource.Scored),
        new("satisfaction", "居民满意度", 10, "居民对物业服务的总体评价", CriterionSource.Scored),
        new("callback", "回访满意率", 10, "系统按本季度该物业承办工单的回访评价计算（满意+基本满意）", CriterionSource.SatisfactionRate),
        new("ontime", "按时办结率", 10, "系统按本季度工单办结时限计算", CriterionSource.OnTimeRate),
        new("response", "响应及时率", 5, "系统按本季度工单签收时限计算", CriterionSource.ResponseRate),
        new("escalation", "升级到街道", 5, "每有一件工单升级到街道红色物业服务中心扣 20 分", CriterionSource.StreetEscalations),
    ];

    private static readonly string[] Duties =
    [
        "基础信息采集更新（人、房、户、单位）", "入户走访，重点关注独居空巢、高龄、困境群体", "安全隐患巡查（消防通道、飞线充电、高空坠物）",
        "矛盾纠纷排查与初步调解", "民情民意收集，随手拍上报问题", "政策宣传（防诈骗、垃圾分类、医保）", "12345 热线诉求跟踪回访", "协助开展党建引领网格活动",
    ];

    private Dictionary<string, AppUser> users = [];

    public async Task SeedAsync(CancellationToken ct)
    {
        users = await db.Users.Where(u => u.UserName!.StartsWith("community.") || u.UserName.StartsWith("grid.") || u.UserName.StartsWith("resident.")
                || u.UserName.StartsWith("party.") || u.UserName == "property.sanshundian.01")
            .ToDictionaryAsync(u => u.UserName!, ct);
        var categories = await db.WorkOrderCategories.Where(c => c.Code == "property.corridor" || c.Code == "property.lighting" || c.Code == "property.wires")
            .ToDictionaryAsync(c => c.Code, ct);

        await CommunityAsync("150103001001", "sanshundian", "顺达小区业主委员会", "committee.sanshundian.01", "刘桂芳", "13904716001", "顺达小区",
            new() { ["顺达小区"] = [82, 78, 75, 84, 80], ["景观小区"] = [55, 48, 52, 58, 50] }, categories, ct);
        await CommunityAsync("150105001001", "shiqi", "仕奇苑业主委员会", "committee.shiqi.01", "程建华", "13904716002", "仕奇苑",
            new() { ["仕奇苑"] = [74, 70, 68, 76, 71] }, categories, ct);
        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task CommunityAsync(string code, string slug, string committeeName, string committeeUser, string committeeMember, string phone, string committeeEstate,
        Dictionary<string, int[]> q3Marks, Dictionary<string, WorkOrderCategory> categories, CancellationToken ct)
    {
        var community = await db.Areas.SingleAsync(a => a.Code == code, ct);
        var secretary = users[$"community.{slug}"];
        var estates = await db.Estates.Where(e => e.AreaPath == community.Path)
            .Join(db.Organisations, e => e.ManagerOrganisationId, o => o.Id, (e, o) => new Assessments.EstateRow(e.Id, e.Name, e.AreaPath, o.Id, o.Name))
            .ToListAsync(ct);
        var estateIds = estates.ToDictionary(e => e.Name, e => e.Id);

        // The owners' committee of one estate, with the account its chair scores with.
        var committee = Organisation.Register(OrganisationKind.OwnersCommittee, committeeName, community, committeeMember, phone);
        db.Add(committee);
        db.Add(EstateCommittee.Of(estateIds[committeeEstate], committee.Id));
        var member = new AppUser
        {
            UserName = committeeUser,
            NormalizedUserName = committeeUser.ToUpperInvariant(),
            DisplayName = committeeMember,
            PhoneNumber = phone,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            OrganisationId = committee.Id,
        };
        db.Add(member);
        db.Add(RoleAssignment.Grant(member.Id, Role.PropertyStaff, community, $"{committeeName}主任"));

        // A template, a closed 2026Q3 round scored by the community, the committee and a resident, and (仕奇社区) an open round.
        var template = AssessmentTemplate.Define("红色物业服务季度考核", community.Path, Criteria, 60, 75, At(2026, 9, 1, 9));
        db.Add(template);
        var q3 = AssessmentRound.Open(template, community.Path, community.DistrictCode, 2026, 3, At(2026, 10, 20, 18), secretary.Id, At(2026, 10, 8, 9));
        db.Add(q3);
        var scores = new List<AssessmentScore>();
        foreach (var (estate, marks) in q3Marks)
        {
            var estateRow = estates.Single(e => e.Name == estate);
            scores.Add(Score(q3, estateRow, AssessmentParty.Community, secretary.Id, marks, 0, At(2026, 10, 12, 10)));
            if (estate == committeeEstate)
            {
                scores.Add(Score(q3, estateRow, AssessmentParty.OwnersCommittee, member.Id, marks, -4, At(2026, 10, 14, 15)));
                scores.Add(Score(q3, estateRow, AssessmentParty.Residents, users[$"resident.{slug}.01"].Id, marks, -6, At(2026, 10, 15, 20)));
            }
        }

        db.AddRange(scores);
        q3.Close(At(2026, 10, 21, 9));
        // No orders were handled in the demo's Q3: the data criteria have no value and the results say so.
        db.AddRange(Assessments.ResultsOf(q3, estates, scores, estates.ToDictionary(e => e.Id, _ => Assessments.Compute([])), At(2026, 10, 21, 9)));
        if (slug == "shiqi")
        {
            var today = BeijingTime.Date(now);
            db.Add(AssessmentRound.Open(template, community.Path, community.DistrictCode, today.Year, ((today.Month - 1) / 3) + 1, now.AddDays(14), secretary.Id, now.AddDays(-2)));
        }

        await MeetingsAsync(community, secretary, estates, categories, ct);
        await GridDaysAsync(community, slug, ct);
        foreach (var (text, i) in Duties.Take(slug == "shiqi" ? 6 : 8).Select((t, i) => (t, i)))
        {
            db.Add(DutyItem.Approve(community.Path, i + 1, text, secretary.Id, now.AddDays(-30)));
        }
    }

    private static AssessmentScore Score(AssessmentRound round, Assessments.EstateRow estate, AssessmentParty party, string userId, int[] marks, int shift, DateTime at) =>
        AssessmentScore.Give(round, estate.Id, estate.AreaPath, party, userId,
            Criteria.Where(c => c.Source == CriterionSource.Scored).Select((c, i) => (c.Code, Value: (double)Math.Clamp(marks[i] + shift, 0, 100)))
                .ToDictionary(x => x.Code, x => x.Value, StringComparer.Ordinal), null, at);

    /// <summary>Last month's meeting (concluded, one decision still open) and this month's (in session, one decision dispatched).</summary>
    private async Task MeetingsAsync(Area community, AppUser secretary, List<Assessments.EstateRow> estates, Dictionary<string, WorkOrderCategory> categories, CancellationToken ct)
    {
        // In 三顺店社区 the meetings are about 景观小区, the old estate the community manages itself; 顺达小区's orders stay the company's own.
        var estate = estates.FirstOrDefault(e => e.Name == "景观小区") ?? estates[0];
        var station = await db.Organisations.SingleAsync(o => o.AreaPath == community.Path && o.Kind == OrganisationKind.RedPropertyServiceStation, ct);
        var actor = new Actor(secretary.Id, secretary.DisplayName, null, null, [new Grant(Role.CommunityAdmin, community.Id, community.Path, "社区书记")]);
        var attendees = new List<(string, string, bool)>
        {
            (secretary.DisplayName, $"{community.Name}党委", true), ("站长", station.Name, true), (estate.ManagerName == station.Name ? "郑师傅" : "赵经理", estate.ManagerName, true),
            ("民警", "通道街派出所", false), ("楼栋长代表", estate.Name, true),
        };

        var last = JointMeeting.Convene($"{estate.Name}联席会议（{BeijingTime.Date(now.AddDays(-30)):M}月）", community.Path, community.DistrictCode, estate.Id, now.AddDays(-30),
            "一、楼道堆物清理；二、单元照明维修；三、飞线充电整治", attendees, secretary.Id, now.AddDays(-31));
        db.Add(last);
        var first = await OrderAsync(community, estate, categories["property.corridor"], "清理 3 号楼楼道堆物", actor, estate.ManagerId, estate.ManagerName, now.AddDays(-30), accept: true, ct);
        db.Add(last.Decide("清理 3 号楼楼道堆物，建立每周巡查", estate.ManagerId, estate.ManagerName, BeijingTime.Date(now.AddDays(-16)), first, BeijingTime.Date(now.AddDays(-30))));
        last.Conclude("会议通报了上月问题整改情况。决定：由管理单位牵头清理楼道堆物并建立每周巡查；社区负责宣传动员。", now.AddDays(-30).AddHours(2));

        var current = JointMeeting.Convene($"{estate.Name}联席会议（{BeijingTime.Date(now.AddDays(-2)):M}月）", community.Path, community.DistrictCode, estate.Id, now.AddDays(-2),
            "一、上次会议决议落实情况；二、冬季楼道照明；三、电动车飞线充电", attendees, secretary.Id, now.AddDays(-3));
        db.Add(current);
        var second = await OrderAsync(community, estate, categories["property.lighting"], "更换单元楼道声控灯", actor, estate.ManagerId, estate.ManagerName, now.AddDays(-2), accept: false, ct);
        db.Add(current.Decide("入冬前更换各单元楼道声控灯", estate.ManagerId, estate.ManagerName, BeijingTime.Date(now.AddDays(10)), second, BeijingTime.Date(now.AddDays(-2))));
    }

    private async Task<Guid> OrderAsync(Area community, Assessments.EstateRow estate, WorkOrderCategory category, string title, Actor actor, Guid ownerId, string ownerName,
        DateTime at, bool accept, CancellationToken ct)
    {
        var building = await db.Areas.Where(a => a.EstateId == estate.Id).OrderBy(a => a.Code).FirstAsync(ct);
        var house = await db.Areas.Where(a => a.Level == AreaLevel.House && a.Path.StartsWith(building.Path)).OrderBy(a => a.Code).FirstAsync(ct);
        var gridPath = AreaPath.Ancestor(house.Path, AreaLevel.Grid)!;
        var grid = await db.Areas.SingleAsync(a => a.Path == gridPath, ct);
        var number = string.Create(CultureInfo.InvariantCulture, $"GD{BeijingTime.WallClock(at):yyyyMMdd}-{Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 4)}");
        var order = WorkOrder.Register(new Intake(number, category, $"联席会议决议：{title}", $"{community.Name}联席会议决议：{title}。责任单位：{ownerName}。", WorkOrderOrigin.Staff,
            null, null, null, house.Id, house.Name, grid.Id, grid.Path, grid.DistrictCode, estate.Id, estate.ManagerId, actor, true, null, null, null), at);
        order.Dispatch(actor, new Assignee(AssigneeKind.Organisation, null, ownerId, ownerName), category.AcceptLimit, category.ResolveLimit, new WorkCalendar(WorkCalendar.China2026Holidays),
            at.AddMinutes(5), "联席会议决议");
        if (accept && users.GetValueOrDefault("property.sanshundian.01") is { } staff && staff.OrganisationId == ownerId)
        {
            order.Accept(new Actor(staff.Id, staff.DisplayName, ownerId, null, []), at.AddHours(3));
        }

        db.Add(order);
        return order.Id;
    }

    /// <summary>A week of patrols and household visits by the community's grid staff in grids 1 and 2.</summary>
    private async Task GridDaysAsync(Area community, string slug, CancellationToken ct)
    {
        var staff = users.Where(u => u.Key.StartsWith($"grid.{slug}.", StringComparison.Ordinal)).Select(u => u.Value).ToList();
        var staffIds = staff.Select(s => s.Id).ToList();
        var grants = await db.RoleAssignments.Where(r => staffIds.Contains(r.UserId)).ToListAsync(ct);
        foreach (var worker in staff)
        {
            var gridPath = grants.First(g => g.UserId == worker.Id).AreaPath;
            var grid = await db.Areas.SingleAsync(a => a.Path == gridPath, ct);
            var (lat, lng) = Corner(slug, grid.Code);
            for (var day = 7; day >= 1; day--)
            {
                var start = BeijingTime.ToUtc(BeijingTime.Date(now.AddDays(-day)), TimeSpan.FromHours(9 + (day % 2)));
                var patrol = Patrol.Start(grid.Path, grid.DistrictCode, worker.Id, worker.DisplayName, start);
                for (var p = 0; p < 5; p++)
                {
                    patrol.AddPoint(worker.Id, lat + (0.0007 * p) + 0.0003, lng + (0.0006 * ((p + day) % 5)) + 0.0003, start.AddMinutes(20 * p));
                }

                patrol.End(worker.Id, day % 3 == 0 ? "巡查中发现 3 号楼单元门禁损坏，已提醒物业；其余正常。" : "网格内环境整洁，未发现安全隐患。", start.AddMinutes(95 + (day * 5)));
                db.Add(patrol);
            }

            var households = await db.Households.Where(h => h.AreaPath.StartsWith(grid.Path)).OrderBy(h => h.AreaPath).ToListAsync(ct);
            for (var i = 0; i < households.Count; i++)
            {
                // Two thirds visited this week; every fifth household also had a visit six weeks ago whose follow-up is now overdue.
                if (i % 5 == 4)
                {
                    db.Add(HouseholdVisit.Record(households[i], worker.Id, worker.DisplayName, VisitOutcome.Met, CareTags.None, "上次走访：家中一切正常。",
                        BeijingTime.Date(now.AddDays(-12)), now.AddDays(-42)));
                }
                else if (i % 3 != 2)
                {
                    var at = now.AddDays(-1 - (i % 7)).Date.AddHours(2 + (i % 5));
                    db.Add(HouseholdVisit.Record(households[i], worker.Id, worker.DisplayName, i % 6 == 1 ? VisitOutcome.NotHome : VisitOutcome.Met,
                        i % 4 == 0 ? CareTags.Elderly80Plus : CareTags.None, i % 6 == 1 ? "家中无人，已留联系卡。" : "了解家庭情况，宣传防诈骗知识。",
                        BeijingTime.Date(at).AddDays(i % 6 == 1 ? 7 : 30), at));
                }
            }
        }
    }

    /// <summary>The south-west corner of a grid, as the demo city lays grids out (DemoSeeder: 3 × 2 cells of 0.004°).</summary>
    private static (double Lat, double Lng) Corner(string slug, string gridCode)
    {
        var (west, south) = slug == "shiqi" ? (111.700, 40.805) : (111.640, 40.822);
        var g = int.Parse(gridCode[^3..], CultureInfo.InvariantCulture) - 1;
        return (south + ((1 - (g / 3)) * 0.004), west + (g % 3 * 0.004));
    }

    private static DateTime At(int year, int month, int day, int hour) => BeijingTime.ToUtc(new DateOnly(year, month, day), TimeSpan.FromHours(hour));
}
