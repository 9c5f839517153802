using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.People;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Six months of care visits (关爱走访) by each grid's chief to the residents with care tags, about one interval apart
/// (CarePlan's defaults), so that most are on time and some have slipped and show as overdue. Residents who already
/// have a visit (白玉兰, seeded ten days ago) keep their own story.
/// </summary>
internal sealed class HistoryVisits(AppDbContext db, Random rng, DateTime now)
{
    private static readonly string[] Notes =
    [
        "入户看望，老人精神状态良好，饮食起居正常。", "电话联系后上门，测量血压正常，叮嘱按时服药。", "帮助老人清理冰箱过期食品，检查燃气阀门。",
        "与家属沟通近期照护安排，老人情绪稳定。", "送去社区慰问品，了解取暖情况，室温正常。", "陪同老人聊天半小时，提醒防范电信诈骗。",
    ];

    private static readonly string[] Findings = ["卫生间地面湿滑，建议加装扶手", "老人反映膝盖疼痛，已联系社区医生", "暖气不太热，已报物业"];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var visited = db.CareVisits.Select(v => v.PersonId);
        var people = await db.People.AsNoTracking().Where(p => p.CareTags != CareTags.None && p.HouseId != null && !visited.Contains(p.Id))
            .OrderBy(p => p.IdNumber).ToListAsync(ct);
        var chiefs = (await db.RoleAssignments.AsNoTracking().Where(r => r.Role == Role.GridChief)
                .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.AreaPath, u.Id, u.DisplayName }).ToListAsync(ct))
            .GroupBy(c => c.AreaPath).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id, StringComparer.Ordinal).First(), StringComparer.Ordinal);
        var none = new Dictionary<CareTags, int>();
        var first = now.AddDays(-DemoHistory.Days);
        var count = 0;
        foreach (var person in people)
        {
            if (AreaPath.Grid(person.AreaPath) is not { } grid || !chiefs.TryGetValue(grid, out var chief))
            {
                continue;
            }

            var interval = CarePlan.IntervalDays(person.CareTags, none);
            var at = first.AddDays(rng.NextDouble() * interval);
            while (true)
            {
                // Mostly on time; now and then a visit slips past its interval.
                var gap = interval * (rng.Next(100) < 85 ? 0.6 + (0.4 * rng.NextDouble()) : 1.1 + (0.6 * rng.NextDouble()));
                var visitAt = BeijingTime.ToUtc(BeijingTime.Date(at), TimeSpan.FromMinutes(rng.Next(9 * 60, 17 * 60)));
                if (visitAt >= now)
                {
                    break;
                }

                var followUp = rng.Next(100) < 8;
                db.Add(CareVisit.Record(person, chief.Id, chief.DisplayName, visitAt, Notes[rng.Next(Notes.Length)], followUp ? Findings[rng.Next(Findings.Length)] : null, followUp, visitAt));
                count++;
                at = at.AddDays(gap);
            }
        }

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
        return count;
    }
}
