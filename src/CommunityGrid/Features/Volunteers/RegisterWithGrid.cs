using System.ComponentModel.DataAnnotations;
using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

public sealed record RegistrationRequest([property: Required, MaxLength(PartyRegistration.EmployerMaxLength)] string EmployerName, IReadOnlyList<string>? Skills, [property: Required, MaxLength(Area.CodeMaxLength)] string GridCode);

/// <summary>双报到: a party member registers, or changes, the employer unit, skills and the grid they serve.</summary>
public sealed class RegisterWithGrid(AppDbContext db, CurrentUser current, TeamQueries teams, TimeProvider clock)
{
    /// <summary>双报到: register, or change, the employer unit, skills and the grid served.</summary>
    public async Task<RegistrationView> HandleAsync(RegistrationRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await current.ScopeAsync(ct);
        if (scope.PersonId is not { } personId || !await teams.MayRegisterAsync(ct))
        {
            throw new DomainRuleException("not_a_party_member", "只有党员可以双报到", "Only party members register (双报到).");
        }

        var grid = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == request.GridCode && a.Level == AreaLevel.Grid && !a.Retired, ct)
            ?? throw new InvalidInputException("grid_unknown", "网格编码不存在", "Unknown grid code.");
        var registration = await db.PartyRegistrations.SingleOrDefaultAsync(r => r.PersonId == personId, ct);
        // 双报到 is to the community one lives in; a grid served already may be kept after a move.
        var home = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.AreaPath).SingleAsync(ct);
        var homeCommunity = AreaPath.Ancestor(home, AreaLevel.Community);
        if ((homeCommunity is null || !grid.Path.StartsWith(homeCommunity, StringComparison.Ordinal)) && registration?.GridId != grid.Id)
        {
            throw new DomainRuleException("grid_outside_home_community", "请到居住地社区的网格报到", "Register with a grid of the community you live in.", RuleKind.Unprocessable);
        }

        if (registration is null)
        {
            db.PartyRegistrations.Add(PartyRegistration.Register(personId, request.EmployerName, request.Skills, grid, clock.GetUtcNow().UtcDateTime));
        }
        else
        {
            registration.Change(request.EmployerName, request.Skills, grid, clock.GetUtcNow().UtcDateTime);
        }

        await db.SaveInTransactionAsync(ct);
        return TeamQueries.Shape(await teams.RegistrationsQuery().Where(r => r.PersonId == personId).SingleAsync(ct));
    }
}
