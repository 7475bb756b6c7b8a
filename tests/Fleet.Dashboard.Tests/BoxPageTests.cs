using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class BoxPageTests : DashboardTestContext
{
    [Fact]
    public void ChartDrawsAPathPerChannelAndEachKindsThreshold()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2), Frozen("c2", -19)));
        Feed.Histories["box-001"] = History("box-001",
            new ChannelSeriesView("c1", "chilled", 8, false, Series(60, 4)),
            new ChannelSeriesView("c2", "frozen", -18, false, Series(60, -19)));

        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        page.WaitForElement("[data-testid=box-chart]");
        Assert.Equal(["c1", "c2"], page.FindAll("[data-testid=chart-series]").Select(s => s.GetAttribute("data-channel")));
        Assert.Equal(["c1", "c2"], page.FindAll("[data-testid=threshold]").Select(s => s.GetAttribute("data-channel")));
        Assert.Single(page.FindAll("[data-testid=lid-open]"));
        Assert.Equal(["picked-up", "handed-over"], page.FindAll("[data-testid=delivery-moment]").Select(m => m.GetAttribute("data-step")));
    }

    [Fact]
    public void ALongSeriesIsDrawnWithABoundedNumberOfPoints()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2)));
        Feed.Histories["box-001"] = History("box-001", new ChannelSeriesView("c1", "chilled", 8, false, Series(20_000, 4)));

        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        var path = page.WaitForElement("[data-testid=chart-series]").GetAttribute("d")!;
        Assert.InRange(path.Count(ch => ch is 'M' or 'L'), 2, SeriesThinning.MaxPoints);
    }

    [Fact]
    public void ChoosingARangeAsksForThatMuchHistory()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2)));
        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        page.Find("[data-testid=range-24h]").Change("24");

        page.WaitForAssertion(() =>
        {
            var last = Feed.HistoryRequests[^1];
            Assert.Equal(TimeSpan.FromHours(24), last.To - last.From);
        });
        Assert.Equal("No readings in this range.", page.Find("[data-testid=chart-empty]").TextContent);
    }

    [Fact]
    public void OpenAlertsOfTheBoxAreListed()
    {
        Feed.With(Box("box-001", Chilled("c1", 9, TemperatureState.OutOfRange)));
        Feed.With(Alert(1, "box-001"), Alert(2, "box-002"), Alert(3, "box-001", state: "resolved"));

        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        Assert.Equal(["1"], page.FindAll("[data-testid=box-alert]").Select(a => a.GetAttribute("data-alert-id")));
    }

    [Fact]
    public void TheBoxsDisinfectionsNewestFirstAndItsCalibrationsShowWithOnlyTheRecordInForceOverdue()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2)));
        Feed.Histories["box-001"] = History("box-001", new ChannelSeriesView("c1", "chilled", 8, false, Series(60, 4))) with
        {
            Disinfections = [new DisinfectionCycleView(Now.AddMinutes(-50), "incomplete:lid", false), new DisinfectionCycleView(Now.AddMinutes(-20), "complete:300", true)],
            Calibrations = [new CalibrationView("c1", new DateOnly(2025, 1, 2), new DateOnly(2025, 5, 1)), new CalibrationView("c1", new DateOnly(2024, 1, 2), new DateOnly(2024, 7, 1))],
        };

        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        page.WaitForElement("[data-testid=disinfection-cycle]");
        Assert.Equal(["yes", "no"], page.FindAll("[data-testid=disinfection-cycle]").Select(c => c.GetAttribute("data-counts")));
        Assert.Contains("complete:300", page.FindAll("[data-testid=disinfection-cycle]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(["yes", "no"], page.FindAll("[data-testid=calibration]").Select(c => c.GetAttribute("data-overdue")));
    }

    [Fact]
    public void ABoxWithoutDisinfectionsOrCalibrationsSaysSo()
    {
        Feed.With(Box("box-001", Chilled("c1", 4.2)));
        Feed.Histories["box-001"] = History("box-001", new ChannelSeriesView("c1", "chilled", 8, false, Series(60, 4)));

        var page = Render<BoxPage>(p => p.Add(x => x.BoxId, "box-001"));

        page.WaitForElement("[data-testid=no-disinfections]");
        Assert.NotNull(page.Find("[data-testid=no-calibrations]"));
    }

    private static BoxHistoryView History(string boxId, params ChannelSeriesView[] series) =>
        new(boxId, Now.AddHours(-1), Now, series,
            [new TimePeriodView(Now.AddMinutes(-30), Now.AddMinutes(-29))],
            [new DeliveryMomentView("o-1", DeliveryState.PickedUp, Now.AddMinutes(-40)), new DeliveryMomentView("o-1", DeliveryState.HandedOver, Now.AddMinutes(-10))]);

    private static List<ChartPoint> Series(int count, double around) =>
        Enumerable.Range(0, count).Select(i => new ChartPoint(Now.AddHours(-1) + TimeSpan.FromHours(1) * i / count, around + Math.Sin(i / 10.0))).ToList();
}
