using Microsoft.Playwright;

namespace Lianjie.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright (browsers cannot be downloaded here, so the executable is
/// given explicitly; LIANJIE_CHROMIUM overrides /usr/bin/chromium).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>xunit collection for browser tests: they run one at a time.</summary>
    public const string Collection = "Browser";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("LIANJIE_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}. Run the tests with build/test.sh, which installs Debian's chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A new page; <paramref name="phone"/> gives a WeChat-like phone viewport and user agent.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string? userAgent = null)
    {
        var context = await _browser.NewContextAsync(phone
            ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, UserAgent = userAgent }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, UserAgent = userAgent });
        // Generous: CI runs test assemblies side by side on two cores.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
