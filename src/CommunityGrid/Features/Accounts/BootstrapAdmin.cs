using CommunityGrid.Data;
using CommunityGrid.Features.Areas;
using CommunityGrid.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityGrid.Features.Accounts;

/// <summary>What <c>bootstrap-admin</c> was asked: the account to create and, for an empty database, the city root.</summary>
public sealed record BootstrapAdminRequest(string UserName, string? DisplayName, string? CityCode, string? CityName, bool Force)
{
    /// <summary>The administrator's password, when not typed on standard input.</summary>
    public const string PasswordVariable = "CG_ADMIN_PASSWORD";
}

/// <summary>
/// <c>bootstrap-admin --user NAME [--display-name NAME] [--city-code CODE --city-name NAME] [--force]</c>:
/// the first city administrator of a production database, bound to the city root (created when the
/// database has none). The password comes from <see cref="BootstrapAdminRequest.PasswordVariable"/> or standard
/// input and is never echoed; it must pass the same policy as any account's. Refuses when a city
/// administrator exists already, unless <c>--force</c>.
/// </summary>
internal static class BootstrapAdmin
{
    public static async Task<int> RunAsync(BootstrapAdminRequest command, IServiceProvider services, IConfiguration configuration, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var userName = command.UserName.Trim();
        await Database.MigrateAsync(services, configuration, ct);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (!command.Force && await db.RoleAssignments.AnyAsync(r => r.Role == Role.CityAdmin, ct))
        {
            throw new CommandException("bootstrap-admin: a city administrator exists already; add --force to create another.");
        }

        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new CommandException($"bootstrap-admin: the user name '{userName}' is taken.");
        }

        var city = await CityAsync(db, command, ct);
        var password = Environment.GetEnvironmentVariable(BootstrapAdminRequest.PasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : await ReadPasswordAsync(input, output);

        var user = new AppUser { UserName = userName, DisplayName = command.DisplayName ?? "市级管理员" };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new CommandException("bootstrap-admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        if (city.IsNew)
        {
            db.Areas.Add(city.Area);
        }

        db.RoleAssignments.Add(RoleAssignment.Grant(user.Id, Role.CityAdmin, city.Area));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await output.WriteLineAsync($"City administrator '{userName}' created, bound to {city.Area.Name} ({city.Area.Code}).");
        return 0;
    }

    private static async Task<(Area Area, bool IsNew)> CityAsync(AppDbContext db, BootstrapAdminRequest command, CancellationToken ct)
    {
        var code = command.CityCode;
        var cities = await db.Areas.Where(a => a.Level == AreaLevel.City && !a.Retired).ToListAsync(ct);
        if (cities.Count == 0)
        {
            if (code is null || command.CityName is not { Length: > 0 } name)
            {
                throw new CommandException("bootstrap-admin: the database has no city yet; give --city-code (6 digits) and --city-name.");
            }

            try
            {
                return (Area.CreateCity(code, name), true);
            }
            catch (DomainRuleException e)
            {
                throw new CommandException("bootstrap-admin: " + e.MessageEn);
            }
        }

        var city = code is null
            ? cities.Count == 1 ? cities[0] : throw new CommandException("bootstrap-admin: the database holds several cities; choose one with --city-code.")
            : cities.SingleOrDefault(c => c.Code == code) ?? throw new CommandException($"bootstrap-admin: no city with code {code}.");
        return (city, false);
    }

    /// <summary>A terminal gets a prompt and no echo; a pipe gives its first line.</summary>
    private static async Task<string> ReadPasswordAsync(TextReader input, TextWriter output)
    {
        if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
        {
            await output.WriteAsync("Password: ");
            var typed = new System.Text.StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    typed.Length = Math.Max(0, typed.Length - 1);
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }

            await output.WriteLineAsync();
            return typed.ToString();
        }

        return await input.ReadLineAsync() is { Length: > 0 } line
            ? line
            : throw new CommandException($"bootstrap-admin: no password on standard input (or in {BootstrapAdminRequest.PasswordVariable}).");
    }
}
