using CommunityGrid.Features.Alliance;
using CommunityGrid.Features.People;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// The caring-merchant services since each offering opened: residents it serves booked by their grid chief, most
/// served a few days later by the merchant, the last few still waiting (the merchant's worklist today).
/// </summary>
internal sealed class HistoryBookings(AppDbContext db, Random rng, DateTime now)
{
    private static readonly string[] Notes = ["行动不便，请上门", "上午在家", "", "需要提前电话联系"];

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        var offerings = await db.AllianceOfferings.AsNoTracking().Where(o => o.Active).OrderBy(o => o.CreatedAt).ToListAsync(ct);
        var count = 0;
        foreach (var offering in offerings)
        {
            var merchantUser = await db.Users.AsNoTracking().Where(u => u.OrganisationId == offering.MerchantId).OrderBy(u => u.UserName).Select(u => u.Id).FirstOrDefaultAsync(ct);
            var people = (await db.People.AsNoTracking().Where(p => p.AreaPath.StartsWith(offering.AreaPath) && p.CareTags != CareTags.None).OrderBy(p => p.IdNumber).ToListAsync(ct))
                .Where(p => offering.Serves(p.CareTags)).ToList();
            var chiefs = await db.RoleAssignments.AsNoTracking().Where(r => r.Role == Role.GridChief && r.AreaPath.StartsWith(offering.AreaPath))
                .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.AreaPath, u.Id, u.DisplayName }).ToListAsync(ct);
            if (people.Count == 0 || chiefs.Count == 0)
            {
                continue;
            }

            // About one booking every other day since the offering opened, within its capacity.
            for (var at = offering.CreatedAt.AddDays(1); at < now; at = at.AddDays(1 + rng.Next(2)))
            {
                var person = people[rng.Next(people.Count)];
                var chief = chiefs.FirstOrDefault(c => person.AreaPath.StartsWith(c.AreaPath, StringComparison.Ordinal)) ?? chiefs[0];
                var bookedAt = BeijingTime.ToUtc(BeijingTime.Date(at), TimeSpan.FromMinutes(rng.Next(8 * 60, 12 * 60)));
                if (bookedAt >= now)
                {
                    break;
                }

                var booking = AllianceBooking.For(offering, person, chief.Id, chief.DisplayName, Notes[rng.Next(Notes.Length)], bookedAt);
                var servedAt = bookedAt.AddDays(1 + rng.Next(3)).AddHours(2);
                if (servedAt < now && merchantUser is not null)
                {
                    booking.Deliver(merchantUser, "已上门理发，老人很满意", null, servedAt);
                }

                db.Add(booking);
                count++;
            }
        }

        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
        return count;
    }
}
