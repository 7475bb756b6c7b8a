using AngleSharp.Dom;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class FleetPageTests : DashboardTestContext
{
    [Fact]
    public void EveryBoxIsShownWithItsCompartmentsColouredByState()
    {
        Feed.With(
            Box("box-001", Chilled("c1", 4.24), Frozen("c2", -19.0)),
            Box("box-002", Chilled("c1", 11.5, TemperatureState.OutOfRange), NoReading("c2")),
            Box("box-003") with { Online = false });

        var page = Render<FleetPage>();

        Assert.Equal(["box-001", "box-002", "box-003"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id")));
        var warm = Compartment(page, "box-002", "c1");
        Assert.Equal("out-of-range", warm.GetAttribute("data-state"));
        Assert.Contains("chip--out-of-range", warm.ClassList);
        Assert.Contains("11.5 °C", warm.TextContent, StringComparison.Ordinal);
        Assert.Equal("in-range", Compartment(page, "box-001", "c1").GetAttribute("data-state"));
        Assert.Contains("4.2 °C", Compartment(page, "box-001", "c1").TextContent, StringComparison.Ordinal);
        Assert.Contains("-19.0 °C", Compartment(page, "box-001", "c2").TextContent, StringComparison.Ordinal);
        Assert.Equal("unknown", Compartment(page, "box-002", "c2").GetAttribute("data-state"));
        Assert.Contains("box-row--offline", Row(page, "box-003").ClassList);
    }

    [Fact]
    public void SummaryCountsOnlineBoxesCompartmentsOutOfRangeAndOpenAlerts()
    {
        Feed.With(
            Box("box-001", Chilled("c1", 9.1, TemperatureState.OutOfRange), Frozen("c2", -12, TemperatureState.OutOfRange)) with { OpenAlerts = 2 },
            Box("box-002", Chilled("c1", 3.0)) with { OpenAlerts = 1 },
            Box("box-003") with { Online = false });

        var page = Render<FleetPage>();

        Assert.Equal("2", page.Find("[data-testid=summary-online]").TextContent);
        Assert.Equal("3", page.Find("[data-testid=summary-total]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=summary-out-of-range]").TextContent);
        Assert.Equal("3", page.Find("[data-testid=summary-open-alerts]").TextContent);
    }

    [Fact]
    public void LastSeenAgeIsReckonedFromTheInjectedClock()
    {
        Feed.With(
            Box("box-001") with { LastSeen = Now.AddSeconds(-12) },
            Box("box-002") with { LastSeen = Now.AddMinutes(-5), Online = false },
            Box("box-003") with { LastSeen = null, Online = false });

        var page = Render<FleetPage>();

        Assert.Equal("12 s ago", Row(page, "box-001").QuerySelector("time.age")!.TextContent);
        Assert.Equal("5 min ago", Row(page, "box-002").QuerySelector("time.age")!.TextContent);
        Assert.Equal("never", Row(page, "box-003").QuerySelector("time.age")!.TextContent);
    }

    [Fact]
    public async Task BoxChangedUpdatesTheRowLive()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.0)), Box("box-002", Chilled("c1", 5.0)));
        var page = Render<FleetPage>();

        await Feed.PublishAsync(Box("box-001", Chilled("c1", 9.3, TemperatureState.OutOfRange)) with { OpenAlerts = 1 });

        page.WaitForAssertion(() =>
        {
            var c1 = Compartment(page, "box-001", "c1");
            Assert.Equal("out-of-range", c1.GetAttribute("data-state"));
            Assert.Contains("9.3 °C", c1.TextContent, StringComparison.Ordinal);
            Assert.Equal("1", page.Find("[data-testid=summary-open-alerts]").TextContent);
        });
        Assert.Contains("5.0 °C", Compartment(page, "box-002", "c1").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABoxThatReportsForTheFirstTimeJoinsTheListInIdOrder()
    {
        Feed.With(Box("box-001"), Box("box-003"));
        var page = Render<FleetPage>();

        await Feed.PublishAsync(Box("box-002", Chilled("c1", 3.0)));

        page.WaitForAssertion(() => Assert.Equal(
            ["box-001", "box-002", "box-003"],
            page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id"))));
        Assert.Equal("3", page.Find("[data-testid=summary-total]").TextContent);
    }

    [Fact]
    public async Task ABurstOfChangesIsRenderedInAFewBatchesNotOneRenderEach()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.0)));
        var page = Render<FleetPage>();
        var rendersBefore = page.RenderCount;

        await Task.Run(async () =>
        {
            for (var i = 1; i <= 500; i++)
            {
                await Feed.PublishAsync(Box("box-001", Chilled("c1", 4.0 + (i / 100.0))));
            }
        }, Xunit.TestContext.Current.CancellationToken);

        page.WaitForAssertion(() => Assert.Contains("9.0 °C", Compartment(page, "box-001", "c1").TextContent, StringComparison.Ordinal));
        Assert.InRange(page.RenderCount - rendersBefore, 1, 50);
    }

    [Fact]
    public async Task TheFilterNarrowsTheRowsToMatchingBoxIds()
    {
        Feed.With(Box("north-01"), Box("north-02"), Box("south-01"));
        var page = Render<FleetPage>();

        await page.Find("[data-testid=box-filter]").InputAsync("NORTH");

        Assert.Equal(["north-01", "north-02"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id")));

        await page.Find("[data-testid=box-filter]").InputAsync("nowhere");

        Assert.Empty(page.FindAll("[data-testid=box-row]"));
        Assert.Contains("No box matches “nowhere”", page.Find("[data-testid=empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DisinfectionShowsItsAgeAndNotFitWhenTooOldOrNone()
    {
        Feed.With(
            Box("box-001") with { LastDisinfectedAt = Now.AddHours(-2), DisinfectionFit = true },
            Box("box-002") with { LastDisinfectedAt = Now.AddHours(-30), DisinfectionFit = false },
            Box("box-003") with { LastDisinfectedAt = null, DisinfectionFit = false },
            Box("box-004"));

        var page = Render<FleetPage>();

        var fresh = Disinfected(page, "box-001");
        Assert.Equal(("true", "2 h ago"), (fresh.GetAttribute("data-fit"), fresh.QuerySelector("time.age")!.TextContent));
        Assert.Null(fresh.QuerySelector("[data-testid=not-fit]"));
        var old = Disinfected(page, "box-002");
        Assert.Equal("false", old.GetAttribute("data-fit"));
        Assert.Equal("not fit", old.QuerySelector("[data-testid=not-fit]")!.TextContent);
        Assert.Contains("badge--critical", old.QuerySelector("[data-testid=not-fit]")!.ClassList);
        var none = Disinfected(page, "box-003");
        Assert.Contains("none", none.TextContent, StringComparison.Ordinal);
        Assert.NotNull(none.QuerySelector("[data-testid=not-fit]"));
        var untracked = Disinfected(page, "box-004");
        Assert.Null(untracked.GetAttribute("data-fit"));
        Assert.Null(untracked.QuerySelector("[data-testid=not-fit]"));
    }

    [Fact]
    public async Task TheDeliveryColumnLinksTheCarriedOrderAndFollowsItLive()
    {
        Feed.With(Box("box-001") with { CarryingOrderId = "ORD 7" }, Box("box-002"));
        var page = Render<FleetPage>();

        Assert.Equal("deliveries/ORD%207", Row(page, "box-001").QuerySelector("[data-testid=delivery-link]")!.GetAttribute("href"));
        Assert.Null(Row(page, "box-002").QuerySelector("[data-testid=delivery-link]"));

        await Feed.PublishAsync(Box("box-001"));
        await Feed.PublishAsync(Box("box-002") with { CarryingOrderId = "ORD-8" });

        page.WaitForAssertion(() =>
        {
            Assert.Null(Row(page, "box-001").QuerySelector("[data-testid=delivery-link]"));
            Assert.Equal("ORD-8", Row(page, "box-002").QuerySelector("[data-testid=delivery-link]")!.TextContent);
        });
    }

    [Fact]
    public async Task TheFilterFindsABoxByItsOrderAndProblemsIncludeUnfitBoxes()
    {
        Feed.With(
            Box("box-001") with { CarryingOrderId = "ORD-42", DisinfectionFit = true },
            Box("box-002") with { DisinfectionFit = false },
            Box("box-003"));
        var page = Render<FleetPage>();

        await page.Find("[data-testid=box-filter]").InputAsync("ord-42");
        Assert.Equal(["box-001"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id")));

        await page.Find("[data-testid=box-filter]").InputAsync("");
        await page.Find("[data-testid=only-problems]").ChangeAsync(true);
        Assert.Equal(["box-002"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id")));
    }

    private static IElement Disinfected(IRenderedComponent<FleetPage> page, string boxId) =>
        Row(page, boxId).QuerySelector("[data-testid=disinfected]")!;

    [Fact]
    public async Task OnlyBoxesWithProblemsHidesHealthyBoxes()
    {
        Feed.With(
            Box("box-001", Chilled("c1", 4.0)),
            Box("box-002", Chilled("c1", 10.0, TemperatureState.OutOfRange)),
            Box("box-003", Chilled("c1", 4.0)) with { OpenAlerts = 1 });
        var page = Render<FleetPage>();

        await page.Find("[data-testid=only-problems]").ChangeAsync(true);

        Assert.Equal(["box-002", "box-003"], page.FindAll("[data-testid=box-row]").Select(r => r.GetAttribute("data-box-id")));
    }

    [Fact]
    public async Task ABoxThatRecoversLeavesTheProblemsListLive()
    {
        Feed.With(Box("box-001", Chilled("c1", 10.0, TemperatureState.OutOfRange)), Box("box-002", Chilled("c1", 4.0)));
        var page = Render<FleetPage>();
        await page.Find("[data-testid=only-problems]").ChangeAsync(true);
        Assert.Single(page.FindAll("[data-testid=box-row]"));

        await Feed.PublishAsync(Box("box-001", Chilled("c1", 6.0)));

        page.WaitForAssertion(() => Assert.Contains(
            "No box has a problem right now",
            page.Find("[data-testid=empty]").TextContent,
            StringComparison.Ordinal));
    }

    [Fact]
    public void AnEmptyFleetSaysSo()
    {
        var page = Render<FleetPage>();

        Assert.Contains("No boxes yet", page.Find("[data-testid=empty]").TextContent, StringComparison.Ordinal);
        Assert.Equal("0", page.Find("[data-testid=summary-total]").TextContent);
    }

    [Fact]
    public async Task TheNewestOpenAlertIsShownInTheSummary()
    {
        Feed.With(Box("box-001"));
        var page = Render<FleetPage>();
        Assert.Empty(page.FindAll("[data-testid=latest-alert]"));

        await Feed.PublishAsync(Alert(7, "box-001", rule: "frozen-too-warm", severity: "critical"));

        page.WaitForAssertion(() => Assert.Contains("frozen-too-warm", page.Find("[data-testid=latest-alert]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeavingThePageStopsListeningToTheFeed()
    {
        Render<FleetPage>();
        Assert.Equal(2, Feed.Subscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, Feed.Subscribers);
        await Feed.PublishAsync(Box("box-001")); // must not reach a disposed page
    }

    [Fact]
    public void APrerenderedPageShowsTheSnapshotWithoutListening()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        Feed.With(Box("box-001"));

        var page = Render<FleetPage>();

        Assert.Single(page.FindAll("[data-testid=box-row]"));
        Assert.Equal(0, Feed.Subscribers);
    }

    private static IElement Row(IRenderedComponent<FleetPage> page, string boxId) =>
        page.Find($"[data-testid=box-row][data-box-id='{boxId}']");

    private static IElement Compartment(IRenderedComponent<FleetPage> page, string boxId, string channel) =>
        Row(page, boxId).QuerySelector($"[data-testid=compartment][data-channel='{channel}']")
        ?? throw new InvalidOperationException($"{boxId} has no compartment {channel}");
}
