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

    /// <summary>
    /// Opens a dashboard page as a person does: the server sends the browser to the sign-in page,
    /// the person types name and password, and lands on the page asked for. Returns once the page
    /// is live (its SignalR circuit connected).
    /// </summary>
    public async Task<IPage> OpenLiveAsync(Uri url, SignIn user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var page = await NewPageAsync();
        await page.GotoAsync(url.ToString());
        await SignInAsync(page, user);
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        return page;
    }

    /// <summary>Fills in and submits the sign-in page the browser is on.</summary>
    public static async Task SignInAsync(IPage page, SignIn user)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(user);
        await page.GetByTestId("signin-user").FillAsync(user.Name);
        await page.GetByTestId("signin-password").FillAsync(user.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
    }

    /// <summary>
    /// A new page (tab) with no cookies of other pages. Its waits give up after a minute, not
    /// Playwright's 30 s: the test machines share two cores with the server under test and other
    /// test runs, and a wait only lasts that long when something is already wrong.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
