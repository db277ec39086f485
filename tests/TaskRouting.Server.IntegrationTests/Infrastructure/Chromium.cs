using Microsoft.Playwright;

namespace TaskRouting.Server.IntegrationTests.Infrastructure;

/// <summary>Debian's Chromium under Playwright, launched the same way by every browser test.</summary>
internal static class Chromium
{
    /// <summary>Launches headless Chromium without the sandbox (tests run as root) and without background traffic.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}
