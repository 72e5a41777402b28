using Gitstead.IntegrationTests.Support;
using Microsoft.Playwright;
using Xunit;

namespace Gitstead.ConsoleTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser is downloaded: the machine's
/// <c>/usr/bin/chromium</c>, which test.sh installs). One browser serves the whole run: every
/// page gets a browser context of its own (its own cookies and storage), so test classes share
/// nothing but the process, and Playwright's driver and Chromium start once instead of once per
/// class (about 1.5 s of CPU each).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly SemaphoreSlim s_launch = new(1, 1);
    private static IPlaywright s_playwright;
    private static IBrowser s_browser;

    // The contexts this class opened, closed when it ends (the browser serves on).
    private readonly List<IBrowserContext> _contexts = [];

    public IBrowser Browser { get; private set; }

    /// <summary>Where screenshots go: GITSTEAD_SCREENSHOTS, else a folder beside the test assembly.</summary>
    public static string ScreenshotDir { get; } = Environment.GetEnvironmentVariable("GITSTEAD_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await s_launch.WaitAsync();
        try
        {
            if (s_browser is not { IsConnected: true })
            {
                s_browser = await LaunchAsync();
            }

            Browser = s_browser;
        }
        finally
        {
            s_launch.Release();
        }
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("GITSTEAD_CHROMIUM") is { Length: > 0 } path ? path : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: install Debian's chromium (test.sh does), or set GITSTEAD_CHROMIUM.");
        }

        if (s_playwright is null)
        {
            s_playwright = await Playwright.CreateAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => s_playwright.Dispose();
        }

        return await s_playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
        lock (_contexts)
        {
            _contexts.Add(context);
        }

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

    /// <summary>Closes this class's contexts and their pages; the browser stays for the next class and ends with the test process.</summary>
    public async Task DisposeAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts)
        {
            contexts = [.. _contexts];
            _contexts.Clear();
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }
}
