using Fleet.Dashboard.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Fleet.Dashboard.Components;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Microsoft.AspNetCore.Components;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

/// <summary>The box chart's zoom, pan, custom range and alert periods, and the window kept in the address.</summary>
public sealed class BoxChartTests : DashboardTestContext
{
    private const string From = "2025-06-01T10:00:00Z";
    private const string To = "2025-06-01T11:00:00Z";

    [Fact]
    public void AWindowInTheAddressIsAskedForExactly()
    {
        var page = RenderWindow(From, To);

        page.WaitForElement("[data-testid=box-chart]");
        var asked = Feed.HistoryRequests[^1];
        Assert.Equal((DateTimeOffset.Parse(From), DateTimeOffset.Parse(To)), (asked.From, asked.To));
        Assert.All(page.FindAll("input[name=history-range]"), preset => Assert.False(preset.HasAttribute("checked")));
    }

    [Fact]
    public void AnUnreadableWindowInTheAddressFallsBackToTheLastHour()
    {
        RenderWindow("yesterday", To);

        var asked = Feed.HistoryRequests[^1];
        Assert.Equal((Now.AddHours(-1), Now), (asked.From, asked.To));
    }

    [Fact]
    public void ZoomingInAsksTheServerForTheMiddleHalfAndWritesItIntoTheAddress()
    {
        var page = RenderWindow(From, To);

        page.Find("[data-testid=chart-zoom-in]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            (DateTimeOffset.Parse("2025-06-01T10:15:00Z"), DateTimeOffset.Parse("2025-06-01T10:45:00Z")),
            (Feed.HistoryRequests[^1].From, Feed.HistoryRequests[^1].To)));
        Assert.EndsWith("boxes/box-001?from=2025-06-01T10:15:00Z&to=2025-06-01T10:45:00Z", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal("2025-06-01T10:15:00+00:00", page.Find("[data-testid=box-chart]").GetAttribute("data-from"));
        Assert.Equal(2, Feed.HistoryRequests.Count); // the address coming back does not load the window again
    }

    [Fact]
    public void ArrowKeysOnTheChartPanAndMinusZoomsOut()
    {
        var page = RenderWindow(From, To);

        page.Find("svg[data-chart-plot]").KeyDown("ArrowLeft");
        page.WaitForAssertion(() => Assert.Equal(DateTimeOffset.Parse("2025-06-01T09:45:00Z"), Feed.HistoryRequests[^1].From));

        page.Find("svg[data-chart-plot]").KeyDown("-");
        page.WaitForAssertion(() => Assert.Equal(
            (DateTimeOffset.Parse("2025-06-01T09:15:00Z"), DateTimeOffset.Parse("2025-06-01T11:15:00Z")),
            (Feed.HistoryRequests[^1].From, Feed.HistoryRequests[^1].To)));
    }

    [Fact]
    public async Task DraggingAcrossTheChartZoomsIntoThatStretch()
    {
        var page = RenderWindow(From, To);

        // What fleet.js calls when the pointer is released after dragging from 1/4 to 1/2 of the plot.
        await page.InvokeAsync(() => page.FindComponent<TemperatureChart>().Instance.ZoomBetweenAsync(0.5, 0.25));

        page.WaitForAssertion(() => Assert.Equal(
            (DateTimeOffset.Parse("2025-06-01T10:15:00Z"), DateTimeOffset.Parse("2025-06-01T10:30:00Z")),
            (Feed.HistoryRequests[^1].From, Feed.HistoryRequests[^1].To)));
    }

    [Fact]
    public void ZoomStopsAtOneMinute()
    {
        var page = RenderWindow("2025-06-01T10:00:00Z", "2025-06-01T10:01:00Z");

        page.Find("[data-testid=chart-zoom-in]").Click();

        Assert.Single(Feed.HistoryRequests);
    }

    [Fact]
    public void ACustomRangeIsReadInTheViewersTimeZone()
    {
        var page = RenderWindow(From, To);

        // The viewer is at UTC+08: 18:30 to 19:30 local is 10:30 to 11:30 UTC.
        page.Find("[data-testid=range-from]").Change("2025-06-01T18:30:00");
        page.Find("[data-testid=range-to]").Change("2025-06-01T19:30:00");
        page.Find("[data-testid=custom-range]").Submit();

        page.WaitForAssertion(() => Assert.Equal(
            (DateTimeOffset.Parse("2025-06-01T10:30:00Z"), DateTimeOffset.Parse("2025-06-01T11:30:00Z")),
            (Feed.HistoryRequests[^1].From, Feed.HistoryRequests[^1].To)));
    }

    [Fact]
    public void ACustomRangeThatEndsBeforeItStartsIsRefusedWithAReason()
    {
        var page = RenderWindow(From, To);

        page.Find("[data-testid=range-from]").Change("2025-06-01T19:30:00");
        page.Find("[data-testid=range-to]").Change("2025-06-01T18:30:00");
        page.Find("[data-testid=custom-range]").Submit();

        Assert.Equal("The end must be after the start.", page.Find("[data-testid=range-error]").TextContent);
        Assert.Single(Feed.HistoryRequests);
    }

    [Fact]
    public void AlertPeriodsAreShadedWithTheirRuleAndAnOpenOneReachesTheEndOfTheWindow()
    {
        var start = DateTimeOffset.Parse(From);
        Feed.Histories["box-001"] = new BoxHistoryView("box-001", start, start.AddHours(1),
            [new ChannelSeriesView("c1", "chilled", 8, false, [new ChartPoint(start, 4), new ChartPoint(start.AddHours(1), 9)])], [], [],
            Disinfections: [new DisinfectionCycleView(start.AddMinutes(5), "complete:300", true)],
            Alerts:
            [
                Alert(1, "box-001", rule: "lid-open-too-long", state: "resolved") with { RaisedAt = start.AddMinutes(10), ResolvedAt = start.AddMinutes(20) },
                Alert(2, "box-001", rule: "chilled-too-warm", severity: "critical") with { RaisedAt = start.AddMinutes(45), ResolvedAt = null },
            ]);

        var page = RenderWindow(From, To);

        var periods = page.WaitForElements("[data-testid=alert-period]");
        Assert.Equal(["lid-open-too-long", "chilled-too-warm"], periods.Select(p => p.GetAttribute("data-rule")));
        Assert.Contains("Alert chilled-too-warm (critical)", periods[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("still open", periods[1].TextContent, StringComparison.Ordinal);
        var openEnds = double.Parse(periods[1].GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture)
            + double.Parse(periods[1].GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(900 - 36, openEnds, precision: 0);
        Assert.Single(page.FindAll("[data-testid=disinfection-marker]"));
    }

    [Fact]
    public void APresetFollowsTheLatestReadingsAgainAndSaysSoInTheAddress()
    {
        var page = RenderWindow(From, To);

        page.Find("[data-testid=range-6h]").Change("6");

        page.WaitForAssertion(() => Assert.Equal((Now.AddHours(-6), Now), (Feed.HistoryRequests[^1].From, Feed.HistoryRequests[^1].To)));
        Assert.EndsWith("boxes/box-001?hours=6", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private IRenderedComponent<BoxPage> RenderWindow(string from, string to)
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2)));
        if (!Feed.Histories.ContainsKey("box-001"))
        {
            Feed.Histories["box-001"] = new BoxHistoryView("box-001", Now.AddHours(-1), Now,
                [new ChannelSeriesView("c1", "chilled", 8, false, [new ChartPoint(Now.AddHours(-2), 4), new ChartPoint(Now, 5)])], [], []);
        }

        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"boxes/box-001?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        return Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));
    }
}
