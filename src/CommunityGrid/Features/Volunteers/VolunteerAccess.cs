using CommunityGrid.Data;
using CommunityGrid.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Volunteers;

/// <summary>
/// Who sees and runs what among volunteer teams and activities: the visibility every volunteer query and
/// action starts from, the organiser's rights, and the caller's own sign-ups.
/// </summary>
public sealed class VolunteerAccess(AppDbContext db)
{
    /// <summary>
    /// Where the caller sees activities: the communities they belong to (any grant, or the grid their
    /// 双报到 registration serves) and everything they administer.
    /// </summary>
    public async Task<IReadOnlyList<string>> VisiblePathsAsync(Scope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var paths = new List<string>(scope.AdminPaths);
        paths.AddRange(scope.Grants.Select(g => AreaPath.Ancestor(g.AreaPath, AreaLevel.Community)).OfType<string>());
        if (scope.PersonId is { } personId)
        {
            var served = await db.PartyRegistrations.AsNoTracking().Where(r => r.PersonId == personId).Select(r => r.AreaPath).SingleOrDefaultAsync(ct);
            if (served is not null && AreaPath.Ancestor(served, AreaLevel.Community) is { } community)
            {
                paths.Add(community);
            }
        }

        var outer = new List<string>();
        foreach (var p in paths.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length))
        {
            if (!outer.Any(o => p.StartsWith(o, StringComparison.Ordinal)))
            {
                outer.Add(p);
            }
        }

        return outer;
    }

    public async Task<bool> IsOrganiserAsync(Scope scope, VolunteerActivity activity, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(activity);
        if (scope.UserId is null)
        {
            return false;
        }

        if (activity.OrganiserUserId == scope.UserId || scope.Administers(activity.AreaPath))
        {
            return true;
        }

        return activity.TeamId is { } teamId && await db.VolunteerTeams.AsNoTracking().AnyAsync(t => t.Id == teamId && t.OrganiserUserId == scope.UserId, ct);
    }

    public static bool MayManageTeam(Scope scope, VolunteerTeam team)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(team);
        return scope.UserId is not null && (team.OrganiserUserId == scope.UserId || scope.Administers(team.AreaPath));
    }

    /// <summary>An activity the caller may see, else 404.</summary>
    public async Task<VolunteerActivity> VisibleActivityAsync(Scope scope, Guid id, CancellationToken ct = default)
    {
        var activity = await db.VolunteerActivities.AsNoTracking().Include(a => a.Shifts).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (activity is null || !(await VisiblePathsAsync(scope, ct)).Any(p => activity.AreaPath.StartsWith(p, StringComparison.Ordinal)))
        {
            throw new NotFoundException("activity");
        }

        return activity;
    }

    public async Task<SignUp> OwnSignUpAsync(Guid shiftId, Guid personId, CancellationToken ct) =>
        await db.SignUps.SingleOrDefaultAsync(s => s.ShiftId == shiftId && s.PersonId == personId && s.Status != SignUpStatus.Cancelled, ct)
        ?? throw new DomainRuleException("not_signed_up", "您未报名该班次", "You are not signed up for this shift.");

    public async Task<(VolunteerActivity Activity, ActivityShift Shift)> ShiftInSightAsync(Scope scope, Guid shiftId, CancellationToken ct)
    {
        var activityId = await db.ActivityShifts.AsNoTracking().Where(s => s.Id == shiftId).Select(s => (Guid?)s.ActivityId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("shift");
        var activity = await VisibleActivityAsync(scope, activityId, ct);
        return (activity, activity.Shifts.Single(s => s.Id == shiftId));
    }

    public static Guid PersonOf(Scope scope) => scope.PersonId
        ?? throw new DomainRuleException("no_person_record", "您的账号未关联居民信息，不能报名志愿活动", "Your account has no resident record to sign up with.");

    public async Task<VolunteerTeam> VisibleTeamAsync(Scope scope, Guid id, CancellationToken ct)
    {
        var team = await db.VolunteerTeams.SingleOrDefaultAsync(t => t.Id == id, ct);
        return team is not null && (await VisiblePathsAsync(scope, ct)).Any(p => team.AreaPath.StartsWith(p, StringComparison.Ordinal))
            ? team
            : throw new NotFoundException("team");
    }

    public static string NameOf(Scope scope) => scope.DisplayName ?? scope.UserName ?? "";

    public static DomainRuleException NotOrganiser() =>
        new("not_organiser", "只有活动组织者或社区管理员可以执行此操作", "Only the activity's organiser or a community admin may do ");

    /// <summary>Applies <paramref name="act"/> to the caller's own sign-up to a shift they see and saves it (check-in, check-out).</summary>
    public async Task<(SignUp SignUp, ActivityShift Shift)> ActOnOwnSignUpAsync(Scope scope, Guid shiftId, Action<SignUp, VolunteerActivity, ActivityShift> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(act);
        var personId = PersonOf(scope);
        var (activity, shift) = await ShiftInSightAsync(scope, shiftId, ct);
        var signUp = await OwnSignUpAsync(shiftId, personId, ct);
        act(signUp, activity, shift);
        await db.SaveInTransactionAsync(ct);
        return (signUp, shift);
    }
}
