namespace CommunityGrid.BrowserTests.Infrastructure;

/// <summary>
/// The HTTP tests' <see cref="TestHost"/> (a copy of the seeded template database of the provider the
/// environment chooses) served on a real loopback port, and one headless Chromium from the system
/// (never a downloaded one).
/// </summary>
public sealed class BrowserApp : TestHost
{
    private IPlaywright? playwright;

    public BrowserApp() => OnLoopbackPort();

    /// <summary>Debian's Chromium; CG_CHROMIUM overrides it for other machines.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CG_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public IBrowser Browser { get; private set; } = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies) sized as a phone or a desktop.</summary>
    public async Task<IPage> NewPageAsync(Device device)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = device == Device.Phone ? new() { Width = 390, Height = 844 } : new() { Width = 1366, Height = 900 },
            DeviceScaleFactor = 1,
            IsMobile = device == Device.Phone,
            HasTouch = device == Device.Phone,
            Locale = "zh-CN",
        });
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            // Closing the browser ends the Chromium processes this fixture started.
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }
}

public enum Device
{
    Phone,
    Desktop,
}

/// <summary>One app and one browser for all journeys: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
