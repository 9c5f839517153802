using CommunityGrid.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Data.Demo;

/// <summary>
/// Two accounts 俪城社区 was missing: a resident who can claim the wishes on its wall (resident.licheng.01, an adult of
/// the community picked by ID number), and 俪城5元剪发店's own account (merchant.licheng.01, 冯师傅) that redeems the
/// 剪发 codes riders buy there.
/// </summary>
internal sealed class LichengAccounts(AppDbContext db, string passwordHash)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var licheng = await db.Areas.SingleAsync(a => a.Code == "150104001001", ct);
        var withAccounts = db.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value);
        var born = new DateOnly(1960, 1, 1);
        var adult = new DateOnly(2000, 1, 1);
        var resident = await db.People.AsNoTracking()
            .Where(p => p.AreaPath.StartsWith(licheng.Path) && p.HouseId != null && p.Phone != null && p.BirthDate >= born && p.BirthDate <= adult && !withAccounts.Contains(p.Id))
            .OrderBy(p => p.IdNumber).FirstAsync(ct);
        var house = await db.Areas.SingleAsync(a => a.Id == resident.HouseId, ct);
        var residentUser = User("resident.licheng.01", resident.Name, resident.Phone!, null, resident.Id);
        db.Add(RoleAssignment.Grant(residentUser.Id, Role.Resident, house));

        var shop = await db.Organisations.SingleAsync(o => o.Name == "俪城5元剪发店", ct);
        var merchant = User("merchant.licheng.01", shop.ContactName ?? "冯师傅", shop.ContactPhone ?? "13804710002", shop.Id, null);
        db.Add(RoleAssignment.Grant(merchant.Id, Role.Merchant, licheng, shop.Name));
        await db.SaveInTransactionAsync(ct);
        db.ChangeTracker.Clear();
    }

    private AppUser User(string userName, string displayName, string phone, Guid? organisationId, Guid? personId)
    {
        var user = new AppUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = displayName,
            PhoneNumber = phone,
            PasswordHash = passwordHash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            OrganisationId = organisationId,
            PersonId = personId,
        };
        db.Add(user);
        return user;
    }
}
