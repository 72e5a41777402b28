using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser is downloaded: the machine's
/// <c>/usr/bin/chromium</c>, which test.sh installs), one per test class.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright _playwright;

    public IBrowser Browser { get; private set; }

    /// <summary>Where screenshots go: GITSTEAD_SCREENSHOTS, else a folder beside the test assembly.</summary>
    public static string ScreenshotDir { get; } = Environment.GetEnvironmentVariable("GITSTEAD_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("GITSTEAD_CHROMIUM") is { Length: > 0 } path ? path : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: install Debian's chromium (test.sh does), or set GITSTEAD_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the server, with a laptop-sized window.</summary>
    public async Task<IPage> NewPageAsync(GitsteadServer server, int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Endpoint.ToString(),
            IgnoreHTTPSErrors = true,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Saves a screenshot named <paramref name="name"/>.png: of the whole page, or of the window
    /// only (a modal dialog's backdrop covers the window, not the whole page).
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
