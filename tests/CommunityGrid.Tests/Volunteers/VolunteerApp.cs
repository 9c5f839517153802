using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityGrid.Tests.Volunteers;

/// <summary>
/// The app on a fake clock that starts now (the seeded activities are dated from the real clock),
/// background loops off; every class checks the books when it ends (<see cref="LedgerSteps"/>).
/// </summary>
public class VolunteerApp : AppFactory
{
    public const string Shiqi = "150105001001";
    public const double PlaceLat = 40.8112;
    public const double PlaceLng = 111.7021;

    public VolunteerApp() => WithClock(DateTimeOffset.UtcNow.AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMinute))).WithoutSweeps();

    /// <summary>An activity of 仕奇社区 with one shift starting <paramref name="startsIn"/> from now.</summary>
    public static object Plan(DateTime startsAt, int capacity = 5, int hours = 2, int? radius = null, Guid? teamId = null, string title = "测试活动：楼道清洁", string type = "CleanUp") => new
    {
        title,
        type,
        description = "测试",
        teamId,
        communityCode = teamId is null ? Shiqi : null,
        latitude = PlaceLat,
        longitude = PlaceLng,
        address = "仕奇社区第一网格 2号楼前",
        checkInRadiusMetres = radius,
        shifts = new[] { new { startsAt, endsAt = startsAt.AddHours(hours), capacity } },
    };

    /// <summary>Publishes an activity as <paramref name="organiser"/>; returns (activity id, first shift id).</summary>
    public async Task<(Guid Activity, Guid Shift)> PlanAsync(object body, string organiser = DemoUsers.CommunityAdminShiqi)
    {
        var client = await ClientForAsync(organiser);
        var created = await (await client.PostAsJsonAsync("/api/volunteers/activities", body)).JsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("shifts")[0].GetProperty("id").GetGuid());
    }

    /// <summary>A shift starting in an hour, two hours long.</summary>
    public Task<(Guid Activity, Guid Shift)> PlanSoonAsync(int capacity = 5, int? radius = null, string type = "CleanUp") =>
        PlanAsync(Plan(Now.AddHours(1), capacity, radius: radius, type: type));

    public async Task<HttpResponseMessage> PostAsync(string user, string path, object? body = null)
    {
        var client = await ClientForAsync(user);
        return await client.PostAsJsonAsync(path, body ?? new { });
    }

    public async Task<JsonElement> GetJsonAsync(string user, string path)
    {
        var client = await ClientForAsync(user);
        return await (await client.GetAsync(path)).JsonAsync();
    }

    /// <summary>Signs up, checks in 10 minutes before the start and out at <paramref name="outAfterStart"/>; returns the sign-up id.</summary>
    public async Task<Guid> ServeAsync(string user, Guid shift, DateTime startsAt, TimeSpan outAfterStart, object? location = null)
    {
        var mine = await (await PostAsync(user, $"/api/volunteers/shifts/{shift}/sign-up")).JsonAsync();
        Clock.SetUtcNow(startsAt.AddMinutes(-10));
        (await PostAsync(user, $"/api/volunteers/shifts/{shift}/check-in", location)).StatusCode.ShouldBe(HttpStatusCode.OK);
        Clock.SetUtcNow(startsAt + outAfterStart);
        (await PostAsync(user, $"/api/volunteers/shifts/{shift}/check-out", location)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return mine.GetProperty("id").GetGuid();
    }

    public async Task<Guid> TeamIdAsync(string name)
    {
        var page = await GetJsonAsync(DemoUsers.CommunityAdminShiqi, "/api/volunteers/teams?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name).GetProperty("id").GetGuid();
    }

    /// <summary>Resident accounts of 仕奇社区 for residents who have none, bound to their houses: "prefix.1" … "prefix.n".</summary>
    public async Task<IReadOnlyList<string>> ResidentAccountsAsync(string prefix, int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>().HashPassword(new AppUser(), DemoPassword);
        var taken = db.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value);
        var people = await db.People.Where(p => p.AreaPath.StartsWith("150100/150105/150105001/150105001001/") && p.HouseId != null && !taken.Contains(p.Id))
            .OrderBy(p => p.IdNumber).Take(count).ToListAsync();
        var names = new List<string>();
        foreach (var (person, i) in people.Select((p, i) => (p, i + 1)))
        {
            var house = await db.Areas.SingleAsync(a => a.Id == person.HouseId);
            var user = new AppUser
            {
                UserName = $"{prefix}.{i}",
                NormalizedUserName = $"{prefix}.{i}".ToUpperInvariant(),
                DisplayName = person.Name,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
                PersonId = person.Id,
            };
            db.Add(user);
            db.Add(RoleAssignment.Grant(user.Id, Role.Resident, house));
            names.Add(user.UserName);
        }

        await db.SaveInTransactionAsync();
        return names;
    }
}
