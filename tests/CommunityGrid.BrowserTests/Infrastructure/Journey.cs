using System.Text.RegularExpressions;

namespace CommunityGrid.BrowserTests.Infrastructure;

/// <summary>What every journey does: log in through the form, keep a full-page screenshot.</summary>
public static partial class Journey
{
    /// <summary>artifacts/screenshots under the repository root (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = FindScreenshotFolder();

    public static async Task LogInAsync(this IPage page, string userName, string password = BrowserApp.DemoPassword)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/login");
        await page.GetByLabel(LoginLabel()).First.FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("form[action='/account/login'] button[type=submit]").ClickAsync();
    }

    /// <summary>Logs in and waits until the home page ("/") is shown.</summary>
    public static async Task LogInHomeAsync(this IPage page, string userName)
    {
        await page.LogInAsync(userName);
        await Assertions.Expect(page).ToHaveURLAsync(HomeUrl());
    }

    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var provider = BrowserApp.OnPostgres ? "postgres" : "sqlite";
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.{provider}.png"), FullPage = true });
    }

    private static string FindScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityGrid.slnx")))
        {
            dir = dir.Parent;
        }

        var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex("用户名|User name")]
    private static partial Regex LoginLabel();

    [GeneratedRegex(@"^https?://[^/]+/$")]
    public static partial Regex HomeUrl();
}
