namespace CommunityGrid.FaultTests;

/// <summary>The operator commands run as an operator runs them: the built app with arguments, ending by itself.</summary>
public sealed class CommandProcessTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cg-command-").FullName;

    [Fact(Timeout = 240_000)]
    public async Task Bootstrap_admin_in_production_reads_the_password_from_stdin_creates_the_admin_and_exits_without_serving()
    {
        _ = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__CommunityGrid"] = $"Data Source={Path.Combine(dir, "app.db")}",
            ["DataProtection__KeyPath"] = Path.Combine(dir, "keys"),
            // A web server would try to bind this and say so; the command must not.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{AppProcess.FreePort()}",
        };
        const string password = "Str0ng@Passw0rd";
        var (code, output) = await AppProcess.RunCommandAsync(settings, password, TimeSpan.FromSeconds(180),
            "bootstrap-admin", "--user", "root.admin", "--city-code", "150100", "--city-name", "呼和浩特市");

        code.ShouldBe(0, output);
        output.ShouldContain("root.admin");
        output.ShouldNotContain(password);
        output.ShouldNotContain("Now listening");

        var backup = Path.Combine(dir, "backup.db");
        (code, output) = await AppProcess.RunCommandAsync(settings, null, TimeSpan.FromSeconds(180), "backup", "--out", backup);
        code.ShouldBe(0, output);
        File.Exists(backup).ShouldBeTrue();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
