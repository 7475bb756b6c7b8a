using System.IO.Compression;
using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>The regulator view in a real Chromium against the real server, signed in as a regulator of Shenzhen.</summary>
public sealed class RegulatorBrowserTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARegulatorSeesTheirRegionsStatisticsOnlyAndDownloadsADeliverysEvidenceBundle()
    {
        using var server = FleetServer.Start();
        // Nanshan (440305) lies in Shenzhen (4403); Huangpu, Shanghai (310101) does not.
        await OrderAsync(server, "ORD-REG-SZ-1", "meituan-sz", "Noodle House", "440305");
        await OrderAsync(server, "ORD-REG-SZ-2", "meituan-sz", "Tea Shop", "440305");
        await OrderAsync(server, "ORD-REG-SH-1", "eleme-sh", "Dumpling Bar", "310101");
        var regulator = await server.AddUserAsync("sz-amr", "regulator", null, "4403");
        await using var chromium = await Chromium.LaunchAsync();

        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "regulator"), regulator);

        await page.Locator("[data-testid=statistics-row][data-key=meituan-sz]").WaitForAsync();
        Assert.Equal(["meituan-sz"], await page.Locator("[data-testid=statistics-row]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)"));
        Assert.Equal("2", await page.Locator("[data-testid=statistics-row][data-key=meituan-sz] [data-testid=stat-deliveries]").InnerTextAsync());
        Assert.Equal(["ORD-REG-SZ-1", "ORD-REG-SZ-2"],
            (await page.Locator("[data-testid=regulator-delivery]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.orderId)")).Order());
        Assert.Equal("Regions 4403", await page.GetByTestId("jurisdiction").InnerTextAsync());
        Assert.Equal(1, await page.Locator("nav a[href=regulator]").CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator("[data-testid=regulator-delivery][data-order-id=ORD-REG-SZ-1] [data-testid=delivery-bundle]").ClickAsync());
        var zipPath = Path.Combine(server.DataDirectory, "downloaded-bundle.zip");
        await download.SaveAsAsync(zipPath);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("manifest.sha256", StringComparison.Ordinal));
        }

        // The merchant-period bundle is offered once a merchant is chosen.
        await page.GetByTestId("regulator-merchant").SelectOptionAsync("Noodle House");
        await page.GetByTestId("regulator-apply").ClickAsync();
        await page.GetByTestId("merchant-bundle").WaitForAsync();
        Assert.Equal("1 in all", await page.GetByTestId("regulator-count").InnerTextAsync());
    }

    private static async Task OrderAsync(FleetServer server, string orderId, string platform, string merchant, string region)
    {
        var now = DateTimeOffset.UtcNow;
        (await server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant, address = "1 Keyuan Road", platform, merchantRegion = region,
            items = new[] { new { name = "Cold noodles", category = "chilled" } },
            orderedAt = now.AddMinutes(-30), processedAt = now.AddMinutes(-30), promisedAt = now.AddMinutes(10),
        }, Cancellation)).EnsureSuccessStatusCode();
    }
}
