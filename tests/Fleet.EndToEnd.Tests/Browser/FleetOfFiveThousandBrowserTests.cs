using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>The fleet page against a real server with 5,000 registered boxes, in a real Chromium.</summary>
public sealed class FleetOfFiveThousandBrowserTests
{
    private const int Boxes = 5_000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFleetPageWithFiveThousandBoxesBecomesUsableAndFindsTheLastBox()
    {
        using var server = FleetServer.Start();
        await Parallel.ForEachAsync(Enumerable.Range(0, Boxes), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancellation }, async (i, cancellationToken) =>
            (await server.Http.PutAsJsonAsync($"/api/boxes/BX-{i:D4}", new { platform = "meituan-sz" }, cancellationToken)).EnsureSuccessStatusCode());
        await using var chromium = await Chromium.LaunchAsync();

        var loading = Stopwatch.StartNew();
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "/"), server.Admin);
        await page.Locator("[data-testid=box-row][data-box-id=BX-0000]").WaitForAsync();
        loading.Stop();
        TestContext.Current.SendDiagnosticMessage($"Fleet page with {Boxes} boxes live and showing its first row after {loading.ElapsedMilliseconds} ms (sign-in included).");

        Assert.Equal(Boxes.ToString(CultureInfo.InvariantCulture), await page.GetByTestId("summary-total").TextContentAsync());
        // Virtualised: the browser holds a window of rows, not the fleet.
        Assert.InRange(await page.GetByTestId("box-row").CountAsync(), 1, 200);

        await page.GetByTestId("box-filter").FillAsync("BX-4999");

        await page.Locator("[data-testid=box-row][data-box-id=BX-4999]").WaitForAsync();
        await Eventually.GetAsync(async () => await page.GetByTestId("box-row").CountAsync() == 1 ? "one row" : null, TimeSpan.FromSeconds(30), "only BX-4999 listed");
        Assert.Contains("Showing 1 of 5000", await page.GetByTestId("shown-count").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Contains("q=BX-4999", page.Url, StringComparison.Ordinal);
    }
}
