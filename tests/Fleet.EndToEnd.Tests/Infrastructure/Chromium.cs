using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright. Playwright cannot download its own browser on these
/// machines, so it launches the one ./test.sh installs.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing; ./test.sh installs it (apt-get install chromium).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            // Root in a container has no sandbox; the machine has no network beyond loopback, so
            // background services that would call out are off.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>Opens a dashboard page and waits until it is live (its SignalR circuit connected).</summary>
    public async Task<IPage> OpenLiveAsync(Uri url)
    {
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(url.ToString());
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
