using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class DeliveryPageTests : DashboardTestContext
{
    [Fact]
    public void NonCompliantVerdictShowsReasonsWithRequirementsAndTheEvidence()
    {
        var verdict = new VerdictView(
            Compliant: false,
            Reasons: ["c1 chilled above 8 °C for 7 min (R2)", "handed over 4 min after the promised time (R5)"],
            Compartments: [new CompartmentEvidenceView("c1", "chilled", 40, 3.1, 9.4, 6.2, 7, 8)],
            ProcessingToHandOverMinutes: 52, ProcessingLimitMinutes: 120, PickupToHandOverMinutes: 34, PromisedMinutes: 30,
            LateByMinutes: 4, DisinfectionAgeMinutes: 95, CourierFit: true,
            Gaps: [new EvidenceGapView("c1", Now.AddMinutes(-20), Now.AddMinutes(-12), 8)],
            ComputedAt: Now, Revision: 2);
        Feed.DeliveryDetails["o-1"] = Detail("o-1", verdict);

        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "o-1"));

        Assert.Equal("not compliant", page.Find("[data-testid=verdict-badge]").TextContent);
        Assert.Equal(["R2", "R5"], page.FindAll("[data-testid=reason]").Select(r => r.GetAttribute("data-requirement")));
        Assert.Equal("7 min", page.Find("[data-testid=evidence-row][data-channel=c1] [data-testid=minutes-out-of-range]").TextContent);
        Assert.Contains("9.4 °C", page.Find("[data-testid=evidence-row]").TextContent, StringComparison.Ordinal);
        Assert.Contains("limit 120 min", page.Find("[data-testid=processing-time]").TextContent, StringComparison.Ordinal);
        Assert.Contains("4 min late", page.Find("[data-testid=pickup-time]").TextContent, StringComparison.Ordinal);
        Assert.Equal("95 min", page.Find("[data-testid=disinfection]").TextContent);
        Assert.Single(page.FindAll("[data-testid=gap]"));
        Assert.Equal(["Sushi set"], page.FindAll("[data-testid=food-item]").Select(i => i.TextContent.Split(' ', 3)[0] + " " + i.TextContent.Split(' ', 3)[1]));
    }

    [Fact]
    public void BeforeHandOverTheVerdictIsPending()
    {
        Feed.DeliveryDetails["o-2"] = Detail("o-2", verdict: null) with { HandedOverAt = null };

        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "o-2"));

        Assert.Equal("pending", page.Find("[data-testid=verdict-badge]").TextContent);
        Assert.Contains("when the delivery is handed over", page.Find("[data-testid=verdict-pending]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheVerdictAppearsWithoutAReloadWhenTheFeedSaysThisDeliveryChanged()
    {
        Feed.DeliveryDetails["o-3"] = Detail("o-3", verdict: null) with { HandedOverAt = null };
        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "o-3"));
        Assert.Equal("pending", page.Find("[data-testid=verdict-badge]").TextContent);

        var compliant = new VerdictView(true, [], [], 40, 120, 20, 30, 0, 60, true, [], Now, 1);
        Feed.DeliveryDetails["o-3"] = Detail("o-3", compliant);
        await Feed.PublishDeliveryChangedAsync("o-9");
        await Feed.PublishDeliveryChangedAsync("o-3");

        page.WaitForAssertion(() => Assert.Equal("compliant", page.Find("[data-testid=verdict-badge]").TextContent));
    }

    [Fact]
    public void AnUnknownOrderSaysSo()
    {
        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "nope"));

        Assert.Contains("There is no delivery nope", page.Find("[data-testid=not-found]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTripIsChartedFromPickupToHandOverWithALinkToZoomOnTheBoxsPage()
    {
        Feed.DeliveryDetails["o-3"] = Detail("o-3", verdict: null);
        Feed.Histories["box-001"] = new BoxHistoryView("box-001", Now, Now,
            [new ChannelSeriesView("c1", "chilled", 8, false, [new ChartPoint(Now.AddMinutes(-30), 4), new ChartPoint(Now.AddMinutes(-5), 5)])], [], []);

        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "o-3"));

        page.WaitForElement("[data-testid=trip] [data-testid=box-chart]");
        Assert.Equal(("box-001", Now.AddMinutes(-40), Now.AddMinutes(4)), Feed.HistoryRequests[^1]);
        Assert.Equal("boxes/box-001?from=2025-06-01T11:20:00Z&to=2025-06-01T12:04:00Z", page.Find("[data-testid=trip-box-link]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=chart-zoom-in]"));
    }

    [Fact]
    public void ADeliveryNotYetPickedUpHasNoTripChart()
    {
        Feed.DeliveryDetails["o-4"] = Detail("o-4", verdict: null) with { PickedUpAt = null, HandedOverAt = null };

        var page = Render<DeliveryPage>(p => p.Add(x => x.OrderId, "o-4"));

        page.WaitForElement("[data-testid=verdict]");
        Assert.Empty(page.FindAll("[data-testid=trip]"));
        Assert.Empty(Feed.HistoryRequests);
    }

    private static DeliveryDetailView Detail(string id, VerdictView? verdict) =>
        new(id, "Dumpling House", "1 Main St", [new FoodItemView("Sushi set", "raw-or-cold", 4)],
            Now.AddHours(-1), Now.AddMinutes(-55), Now.AddMinutes(-5), "courier-7", "box-001",
            Now.AddMinutes(-50), Now.AddMinutes(-35), Now.AddMinutes(-1), verdict);
}
