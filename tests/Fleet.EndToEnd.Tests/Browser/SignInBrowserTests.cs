using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Access;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>Signing in to the dashboard through the real page in a real Chromium, and what each user then sees.</summary>
public sealed partial class SignInBrowserTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVisitorSignsInThroughThePageLandsWhereTheyWereGoingAndSignsOut()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "alerts").ToString());
        await page.WaitForURLAsync(SignInUrl());
        await Chromium.SignInAsync(page, server.Admin with { Password = "not the password" });
        await page.GetByTestId("signin-error").WaitForAsync();
        Assert.Contains("not right", await page.GetByTestId("signin-error").InnerTextAsync(), StringComparison.Ordinal);

        await Chromium.SignInAsync(page, server.Admin);
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        Assert.EndsWith("/alerts", page.Url, StringComparison.Ordinal);
        Assert.Equal(server.Admin.Name, await page.GetByTestId("signed-in-user").InnerTextAsync());

        await page.GetByTestId("signout").ClickAsync();
        await page.WaitForURLAsync(SignInUrl());
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.WaitForURLAsync(SignInUrl());
    }

    [Fact]
    public async Task AManagerSeesOnlyTheirPlatformsBoxesOnTheFleetPage()
    {
        using var server = FleetServer.Start();
        (await server.Http.PutAsJsonAsync("/api/boxes/BX-MT-W", new { platform = "meituan-sz" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PutAsJsonAsync("/api/boxes/BX-ELE-W", new { platform = "eleme-sz" }, Cancellation)).EnsureSuccessStatusCode();
        await HandPublisher.PublishAsync(server, "BX-MT-W", c1: 4.0, minutes: 1, Cancellation);
        await HandPublisher.PublishAsync(server, "BX-ELE-W", c1: 4.0, minutes: 1, Cancellation);
        var manager = await server.AddUserAsync("mt-manager", FleetClaims.ManagerRole, "meituan-sz");
        await using var chromium = await Chromium.LaunchAsync();

        var page = await chromium.OpenLiveAsync(server.BaseAddress, manager);

        await page.Locator("[data-testid=box-row][data-box-id=BX-MT-W]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=box-row][data-box-id=BX-ELE-W]").CountAsync());
        Assert.Equal("1", await page.GetByTestId("summary-total").InnerTextAsync());
        await page.GotoAsync(new Uri(server.BaseAddress, "boxes/BX-ELE-W").ToString());
        await page.GetByTestId("not-found").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-testid=compartment]").CountAsync());
    }

    private static Regex SignInUrl() => SignInPath();

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPath();
}
