using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using Fleet.Dashboard.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

/// <summary>
/// A fleet of 5,000 boxes: the pages render only a window of rows (virtualised) and filter on the
/// server, so the browser never receives 5,000 rows.
/// </summary>
public sealed class FleetOfFiveThousandTests : DashboardTestContext
{
    private const int Boxes = 5_000;

    /// <summary>More rows than any screen shows, far fewer than the fleet.</summary>
    private const int AWindowOfRows = 200;

    public FleetOfFiveThousandTests() =>
        Feed.With([.. Enumerable.Range(0, Boxes).Select(i => Box($"BX-{i:D4}", Chilled("c1", 4 + (i % 5)), Frozen("c2", -19)))]);

    [Fact]
    public void TheFleetPageCountsEveryBoxButRendersOnlyAWindowOfRows()
    {
        var page = Render<FleetPage>();

        Assert.Equal(Boxes.ToString(CultureInfo.InvariantCulture), page.Find("[data-testid=summary-total]").TextContent);
        var rows = page.FindAll("[data-testid=box-row]");
        Assert.InRange(rows.Count, 1, AWindowOfRows);
        Assert.Equal("BX-0000", rows[0].GetAttribute("data-box-id"));
    }

    [Fact]
    public void SearchingFindsTheLastBox()
    {
        var page = Render<FleetPage>();

        page.Find("[data-testid=box-filter]").Input("BX-4999");

        page.WaitForAssertion(() => Assert.Equal(["BX-4999"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id"))));
        Assert.Contains("Showing 1 of 5000", page.Find("[data-testid=shown-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFilterInTheAddressIsAppliedOnLoad()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("?q=BX-49&problems=0");

        var page = Render<FleetPage>();

        Assert.Equal(100, page.FindAll("[data-testid=box-row]").Count);
        Assert.Equal("BX-49", page.Find("[data-testid=box-filter]").GetAttribute("value"));
    }

    [Fact]
    public void TheAlertsPageRendersOnlyAWindowOfItsAlerts()
    {
        Feed.With([.. Enumerable.Range(1, AlertsPage.Keep).Select(i => Alert(i, $"BX-{i:D4}"))]);

        var page = Render<AlertsPage>();

        Assert.Contains($"{AlertsPage.Keep} open", page.Find("[data-testid=open-count]").TextContent, StringComparison.Ordinal);
        Assert.InRange(page.FindAll("[data-testid=alert-row]").Count, 1, AWindowOfRows);
    }
}
