using System.Globalization;
using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>
/// Screenshots of the main pages, reproducible: a small scenario (three boxes, one too warm and
/// alerting, a courier, a delivery in the warm box handed over with its verdict), then a full-page
/// screenshot of each page once it shows its main content. Saved to a temporary folder, or, with
/// <c>FLEET_SCREENSHOTS=docs/images</c>, into that folder of the repository (the README's images):
/// <c>FLEET_SCREENSHOTS=docs/images dotnet test --project tests/Fleet.EndToEnd.Tests --filter-class '*ScreenshotTests'</c>.
/// </summary>
public sealed class ScreenshotTests
{
    private const string WarmBox = "BX-0002";
    private const string OrderId = "ORD-1001";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheMainPagesShowTheirContentAndAreSaved()
    {
        using var server = FleetServer.Start();
        await ScenarioAsync(server);
        var folder = OutputFolder();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "/"), server.Admin);

        await ShootAsync(page, server, folder, "fleet", "/", $"[data-testid=box-row][data-box-id={WarmBox}] [data-state=out-of-range]");
        await ShootAsync(page, server, folder, "alerts", "alerts", $"[data-testid=alert-row][data-box-id={WarmBox}]");
        await ShootAsync(page, server, folder, "box", $"boxes/{WarmBox}", "[data-testid=box-chart] [data-testid=alert-period]");
        await ShootAsync(page, server, folder, "deliveries", "deliveries", $"[data-testid=delivery-row][data-order-id={OrderId}][data-compliant=no]");
        await ShootAsync(page, server, folder, "delivery", $"deliveries/{OrderId}", "[data-testid=trip] [data-testid=box-chart]");
        await ShootAsync(page, server, folder, "couriers", "couriers", "[data-testid=courier-row]");
        await ShootAsync(page, server, folder, "disinfection", "disinfection", "[data-testid=disinfection-row]");
        await ShootAsync(page, server, folder, "regulator", "regulator", "[data-testid=statistics-row]");
        await ShootAsync(page, server, folder, "audit", "audit", "[data-testid=audit-row]");

        await ShootAsync(page, server, folder, "settings", "settings", "[data-testid=category-row]");

        TestContext.Current.SendDiagnosticMessage($"Screenshots saved in {folder}");
        Assert.True(File.Exists(Path.Combine(folder, "fleet.png")));
    }

    /// <summary>Opens the page, waits for its main content, and saves the whole page.</summary>
    private static async Task ShootAsync(IPage page, FleetServer server, string folder, string name, string path, string mainContent)
    {
        await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        await page.Locator(mainContent).First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // Let the throttled renders settle, so the picture is the page at rest.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>Three boxes reporting for the last 40 minutes, BX-0002 too warm; a courier; a delivery carried in BX-0002.</summary>
    private static async Task ScenarioAsync(FleetServer server)
    {
        var today = PlatformDay.Today;
        foreach (var (box, c1) in new[] { ("BX-0001", 4.2), (WarmBox, 9.5), ("BX-0003", 5.1) })
        {
            await HandPublisher.PublishAsync(server, box, c1, minutes: 40, Cancellation);
            var compartments = new[] { new { channel = "c1", capability = "chilled" }, new { channel = "c2", capability = "frozen" } };
            (await server.Http.PutAsJsonAsync($"/api/boxes/{box}/profile", new { inService = Day(today.AddDays(-30)), compartments }, Cancellation)).EnsureSuccessStatusCode();
        }

        (await server.Http.PutAsJsonAsync("/api/couriers/CR-1", new { name = "Wang Fang", certificateExpires = Day(today.AddDays(90)), training = "Food safety 2025-03" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync("/api/couriers/CR-1/health-checks", new { passed = true }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PutAsJsonAsync("/api/couriers/CR-2", new { name = "Zhao Lei", certificateExpires = Day(today.AddDays(10)), training = "Food safety 2024-11" }, Cancellation)).EnsureSuccessStatusCode();

        var now = DateTimeOffset.UtcNow;
        (await server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = OrderId, merchant = "Lao Wang Noodles", address = "12 Xinhua Road",
            items = new[] { new { name = "Cold noodles", category = "chilled" } },
            orderedAt = now.AddMinutes(-40), processedAt = now.AddMinutes(-38), promisedAt = now.AddMinutes(-10),
        }, Cancellation)).EnsureSuccessStatusCode();
        // No disinfection was reported, so the assignment is refused (R4); an admin overrides it, as the audit trail then shows.
        (await server.Http.PostAsJsonAsync($"/api/deliveries/{OrderId}/assign/override", new { courierId = "CR-1", boxId = WarmBox, reason = "Disinfection logged on paper this morning" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync($"/api/deliveries/{OrderId}/pickup", new { at = now.AddMinutes(-30) }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync($"/api/deliveries/{OrderId}/handover", new { at = now.AddMinutes(-5) }, Cancellation)).EnsureSuccessStatusCode();
    }

    /// <summary>FLEET_SCREENSHOTS, relative to the repository, or a new temporary folder.</summary>
    private static string OutputFolder()
    {
        if (Environment.GetEnvironmentVariable("FLEET_SCREENSHOTS") is not { Length: > 0 } target)
        {
            return Directory.CreateTempSubdirectory("fleet-screenshots-").FullName;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Fleet.sln")))
        {
            root = root.Parent;
        }

        var folder = Path.GetFullPath(Path.Combine(root?.FullName ?? Directory.GetCurrentDirectory(), target));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
