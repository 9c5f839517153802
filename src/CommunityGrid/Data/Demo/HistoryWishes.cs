using CommunityGrid.Features.Wishes;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Wishes on the four busy communities' walls over the months: posted for residents by their grid chief, reviewed,
/// published and claimed by the party members, volunteers and residents with accounts; the newest still wait for
/// review. (A wish is fulfilled with a photo as proof, which the history does not invent: none is fulfilled here.)
/// </summary>
internal sealed class HistoryWishes(AppDbContext db, Random rng, DateTime now)
{
    private static readonly (string Title, string Story, WisherGroup Group)[] Wishes =
    [
        ("想要一个助行器", "腿脚不便，出门买菜很吃力。", WisherGroup.Elderly),
        ("希望有人陪我去公园走走", "子女在外地，一个人在家很闷。", WisherGroup.Elderly),
        ("想学用智能手机视频通话", "想和在外地的孙子视频。", WisherGroup.Elderly),
        ("想要一套新华字典和练习本", "孩子上三年级，字典已经破了。", WisherGroup.Child),
        ("想要一个新书包", "书包带子断了好几次。", WisherGroup.Child),
        ("希望有人辅导孩子数学", "父母在外务工，奶奶辅导不了。", WisherGroup.Child),
        ("冬天想要一床厚被子", "家里暖气不太热。", WisherGroup.Resident),
        ("想要一个电热水壶", "旧的坏了，每天烧水不方便。", WisherGroup.Resident),
    ];

    public async Task<int> SeedAsync(HistoryCity city, CancellationToken ct)
    {
        var count = 0;
        var claimers = city.Grids.SelectMany(g => g.PoolMembers.Concat(g.ResidentAccounts.Select(a => a.Actor))).DistinctBy(a => a.UserId).ToList();
        foreach (var community in city.Grids.Where(g => g.Activity >= 1.0).GroupBy(g => AreaPath.Parent(g.Path)))
        {
            var grids = community.ToList();
            var local = claimers.Where(c => c.Grants.Any(g => g.AreaPath.StartsWith(community.Key, StringComparison.Ordinal))).ToList();
            for (var i = 0; i < 6; i++)
            {
                var grid = grids[rng.Next(grids.Count)];
                if (grid.Residents.Count == 0)
                {
                    continue;
                }

                var wisher = grid.Residents[rng.Next(grid.Residents.Count)];
                var (title, story, group) = Wishes[rng.Next(Wishes.Length)];
                var posted = i == 5 ? now.AddHours(-6 - rng.Next(40)) : now.AddDays(-DemoHistory.Days + (i * 30) + rng.Next(0, 25));
                var chief = grid.Staff[0];
                var person = await db.People.AsNoTracking().Where(p => p.Id == wisher.Id).Select(p => new { p.Name, p.AreaPath }).SingleAsync(ct);
                var wish = Wish.Post(title, story, group, wisher.Id, person.Name, person.AreaPath, community.Key, chief.UserId, chief.Name, true, posted);
                count++;
                db.Add(wish);
                if (i == 5 || posted > now.AddDays(-2))
                {
                    continue;
                }

                wish.Approve(grid.Supervisor.UserId, posted.AddHours(5));
                // Anyone but the wisher, asked of the wish's own rule.
                var open = local.Where(c => wish.ClaimRefusal(c.UserId, c.PersonId) is null).ToList();
                if (i < 4 && open.Count > 0)
                {
                    var claimer = open[rng.Next(open.Count)];
                    wish.Claim(claimer.UserId, claimer.PersonId, ClaimerKind.Person, null, claimer.Name, posted.AddDays(1 + rng.Next(5)));
                }
            }
        }

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
        return count;
    }
}
