using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class DeliveriesPageTests : DashboardTestContext
{
    [Fact]
    public void EveryDeliveryIsListedWithItsStepAndVerdict()
    {
        Feed.Deliveries.AddRange([
            Delivery("o-3", DeliveryState.HandedOver, compliant: false),
            Delivery("o-2", DeliveryState.HandedOver, compliant: true),
            Delivery("o-1", DeliveryState.Assigned, compliant: null)]);

        var page = Render<DeliveriesPage>();

        var rows = page.FindAll("[data-testid=delivery-row]");
        Assert.Equal(["o-3", "o-2", "o-1"], rows.Select(r => r.GetAttribute("data-order-id")));
        Assert.Equal(["no", "yes", "pending"], rows.Select(r => r.GetAttribute("data-compliant")));
        Assert.Equal("assigned", rows[2].GetAttribute("data-state"));
        Assert.Equal("deliveries/o-3", rows[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void FilterNarrowsByTextAndState()
    {
        Feed.Deliveries.AddRange([
            Delivery("o-2", DeliveryState.HandedOver, compliant: true) with { Merchant = "Noodle Bar" },
            Delivery("o-1", DeliveryState.PickedUp, compliant: null)]);
        var page = Render<DeliveriesPage>();

        page.Find("[data-testid=delivery-filter]").Input("noodle");
        Assert.Equal(["o-2"], page.FindAll("[data-testid=delivery-row]").Select(r => r.GetAttribute("data-order-id")));

        page.Find("[data-testid=delivery-filter]").Input("");
        page.Find("[data-testid=delivery-state-filter]").Change("picked-up");
        Assert.Equal(["o-1"], page.FindAll("[data-testid=delivery-row]").Select(r => r.GetAttribute("data-order-id")));
    }

    [Fact]
    public async Task ANewDeliveryIsListedWithoutAReloadWhenTheFeedSaysItChanged()
    {
        Feed.Deliveries.Add(Delivery("o-1", DeliveryState.Assigned, compliant: null));
        var page = Render<DeliveriesPage>();

        Feed.Deliveries.Insert(0, Delivery("o-2", DeliveryState.Created, compliant: null));
        await Feed.PublishDeliveryChangedAsync("o-2");

        page.WaitForAssertion(() => Assert.Equal(
            ["o-2", "o-1"], page.FindAll("[data-testid=delivery-row]").Select(r => r.GetAttribute("data-order-id"))));
    }

    [Fact]
    public void NoDeliveriesSaysSo()
    {
        var page = Render<DeliveriesPage>();

        Assert.Contains("No deliveries yet", page.Find("[data-testid=empty]").TextContent, StringComparison.Ordinal);
    }

    private static DeliveryView Delivery(string id, DeliveryState state, bool? compliant) =>
        new(id, "Dumpling House", "box-001", "courier-7", state, Now.AddMinutes(30), compliant);
}
