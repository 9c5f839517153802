using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;

namespace CommunityGrid.Features.Volunteers;

/// <summary>志愿服务队: a team bound to a grid or a community, run by an organiser account.</summary>
public sealed class VolunteerTeam : IAreaScoped
{
    public const int NameMaxLength = 40;
    public const int DescriptionMaxLength = 500;

    private VolunteerTeam() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid AreaId { get; private set; }
    /// <summary>The grid or community the team serves.</summary>
    public string AreaPath { get; private set; } = "";
    /// <summary>The account that runs the team (creates its activities, verifies hours).</summary>
    public string? OrganiserUserId { get; private set; }
    /// <summary>队长: a member shown as the team's leader.</summary>
    public Guid? LeaderPersonId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static VolunteerTeam Form(string name, string? description, Area area, string? organiserUserId, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (area.Level is not (AreaLevel.Community or AreaLevel.Grid))
        {
            throw new InvalidInputException("team_area_level", "志愿服务队只能设在社区或网格", "A team belongs to a community or a grid.");
        }

        return new VolunteerTeam
        {
            Id = Guid.CreateVersion7(),
            Name = Texts.Required(name, NameMaxLength, "team_name_invalid", "队名"),
            Description = Texts.Optional(description, DescriptionMaxLength, "team_description_invalid", "简介"),
            AreaId = area.Id,
            AreaPath = area.Path,
            OrganiserUserId = organiserUserId,
            CreatedAt = now,
        };
    }

    public void AppointLeader(Guid personId) => LeaderPersonId = personId;
}

/// <summary>A person in a team, with the skills they offer (free text).</summary>
public sealed class TeamMember : IAreaScoped
{
    private TeamMember() { }

    public Guid Id { get; private set; }
    public Guid TeamId { get; private set; }
    public Guid PersonId { get; private set; }
    /// <summary>The team's area, so scope filters need no join.</summary>
    public string AreaPath { get; private set; } = "";
    /// <summary>Skills joined by <see cref="Skills.Separator"/>.</summary>
    public string Skills { get; private set; } = "";
    public DateTime JoinedAt { get; private set; }

    public static TeamMember Join(VolunteerTeam team, Guid personId, IEnumerable<string>? skills, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(team);
        return new TeamMember
        {
            Id = Guid.CreateVersion7(),
            TeamId = team.Id,
            PersonId = personId,
            AreaPath = team.AreaPath,
            Skills = Volunteers.Skills.Join(skills),
            JoinedAt = now,
        };
    }

    public void ChangeSkills(IEnumerable<string>? skills) => Skills = Volunteers.Skills.Join(skills);
}

/// <summary>
/// 双报到: an in-service party member registers with the community where they live or serve — their
/// employer unit, their skills and the grid they serve.
/// </summary>
public sealed class PartyRegistration : IAreaScoped
{
    public const int EmployerMaxLength = 60;

    private PartyRegistration() { }

    public Guid Id { get; private set; }
    public Guid PersonId { get; private set; }
    public string EmployerName { get; private set; } = "";
    public string Skills { get; private set; } = "";
    public Guid GridId { get; private set; }
    /// <summary>The grid served.</summary>
    public string AreaPath { get; private set; } = "";
    public DateTime RegisteredAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public static PartyRegistration Register(Guid personId, string employerName, IEnumerable<string>? skills, Area grid, DateTime now)
    {
        var registration = new PartyRegistration { Id = Guid.CreateVersion7(), PersonId = personId, RegisteredAt = now };
        registration.Change(employerName, skills, grid, now);
        return registration;
    }

    public void Change(string employerName, IEnumerable<string>? skills, Area grid, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Level != AreaLevel.Grid)
        {
            throw new InvalidInputException("grid_required", "请选择服务的网格", "Choose the grid you serve.");
        }

        EmployerName = Texts.Required(employerName, EmployerMaxLength, "employer_invalid", "工作单位");
        Skills = Volunteers.Skills.Join(skills);
        GridId = grid.Id;
        AreaPath = grid.Path;
        UpdatedAt = now;
    }
}

/// <summary>Skills are a short free-text list, stored as one column.</summary>
public static class Skills
{
    public const char Separator = ';';
    public const int MaxCount = 10;
    public const int MaxLength = 20;
    public const int ColumnLength = (MaxCount * (MaxLength + 1)) + 10;

    public static string Join(IEnumerable<string>? skills)
    {
        var list = (skills ?? []).Select(s => (s ?? "").Trim().Replace(Separator, ' ')).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > MaxCount || list.Any(s => s.Length > MaxLength))
        {
            throw new InvalidInputException("skills_invalid", $"技能最多 {MaxCount} 项，每项不超过 {MaxLength} 字", $"At most {MaxCount} skills of at most {MaxLength} characters each.");
        }

        return string.Join(Separator, list);
    }

    public static IReadOnlyList<string> Split(string? stored) => (stored ?? "").Split(Separator, StringSplitOptions.RemoveEmptyEntries);
}

internal static class Texts
{
    public static string Required(string? value, int max, string code, string what)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0 || v.Length > max)
        {
            throw new InvalidInputException(code, $"{what}不能为空且不超过 {max} 字", $"The {code.Replace("_invalid", "", StringComparison.Ordinal)} is required, at most {max} characters.");
        }

        return v;
    }

    public static string Optional(string? value, int max, string code, string what)
    {
        var v = (value ?? "").Trim();
        if (v.Length > max)
        {
            throw new InvalidInputException(code, $"{what}不超过 {max} 字", $"At most {max} characters.");
        }

        return v;
    }
}
