using CommunityGrid.Data;
using CommunityGrid.Features.Accounts;
using CommunityGrid.Features.Auditing;
using CommunityGrid.Infrastructure;

namespace CommunityGrid;

/// <summary>
/// Operator commands that run on the app's configuration and exit without starting the web server:
/// <c>bootstrap-admin --user NAME</c>, <c>backup --out FILE</c>, <c>restore --in FILE</c>, <c>audit verify</c>, <c>triage retrain</c>.
/// They belong to the composition root: each is one feature's or the data layer's method, dispatched here.
/// Configuration overrides (<c>--Database:Provider=Postgres</c>) may follow the command as usual.
/// </summary>
internal sealed class Commands
{
    private static readonly string[] Names = ["bootstrap-admin", "backup", "restore", "audit", "triage"];
    private static readonly string[] SubCommands = ["verify", "retrain"];
    private static readonly string[] ValueOptions = ["--user", "--display-name", "--city-code", "--city-name", "--out", "--in"];
    private static readonly string[] FlagOptions = ["--force"];

    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private Commands(string name) => Name = name;

    public string Name { get; }

    /// <summary>The arguments left for the host's configuration once the command and its options are taken out.</summary>
    public IReadOnlyList<string> HostArgs { get; private set; } = [];

    public string? Value(string option) => values.GetValueOrDefault(option);

    public bool Flag(string option) => flags.Contains(option);

    /// <summary>The command named by the first argument, or null when the app should serve as usual.</summary>
    public static Commands? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !Names.Contains(args[0], StringComparer.Ordinal))
        {
            return null;
        }

        var command = new Commands(args[0]);
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (i == 1 && SubCommands.Contains(arg, StringComparer.Ordinal))
            {
                command.values["sub"] = arg;
            }
            else if (ValueOptions.Contains(arg, StringComparer.Ordinal) && i + 1 < args.Length)
            {
                command.values[arg] = args[++i];
            }
            else if (FlagOptions.Contains(arg, StringComparer.Ordinal))
            {
                command.flags.Add(arg);
            }
            else
            {
                rest.Add(arg);
            }
        }

        command.HostArgs = rest;
        return command;
    }

    /// <summary>Runs the command on the built app's services; the exit code is 0 on success.</summary>
    public Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct = default) =>
        RunAsync(services, configuration, Console.In, Console.Out, Console.Error, ct);

    public async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration, TextReader input, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return Name switch
            {
                "bootstrap-admin" => await BootstrapAdmin.RunAsync(new BootstrapAdminRequest(Required("--user"), Value("--display-name"), Value("--city-code"), Value("--city-name"), Flag("--force")), services, configuration, input, output, error, ct),
                "backup" => await DatabaseBackup.BackupAsync(Database.Provider(configuration), Database.ConnectionString(configuration), Required("--out"), output, ct),
                "audit" => await AuditCommands.RunAsync(services, [Name, .. Value("sub") is { } sub ? new[] { sub } : []], output, ct),
                "triage" => await Features.Triage.TriageCommands.RunAsync(services, Value("sub"), output, ct),
                "restore" => await DatabaseBackup.RestoreAsync(Database.Provider(configuration), Database.ConnectionString(configuration), Required("--in"), Flag("--force"), output, ct),
                _ => 2,
            };
        }
        catch (CommandException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    public string Required(string option) =>
        Value(option) is { Length: > 0 } v ? v : throw new CommandException($"{Name}: {option} is required.");
}
