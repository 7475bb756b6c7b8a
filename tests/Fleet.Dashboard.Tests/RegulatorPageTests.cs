using Fleet.Dashboard.Data;
using Fleet.Dashboard.Layout;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class RegulatorPageTests : DashboardTestContext
{
    private FakeRegulatorData Data => RegulatorData;

    private static RegulatorDelivery Delivery(string orderId, string merchant, bool? compliant, params string[] reasons) =>
        new(orderId, "meituan-sz", merchant, "440305", "BX-1", Now.AddHours(-2), compliant is null ? null : Now.AddHours(-1), compliant, reasons, compliant is null ? null : -5, compliant is null ? null : 25);

    [Fact]
    public void TheStatisticsAndDeliveriesShowWithVerdictsAndLinksToTheDeliveryAndItsEvidence()
    {
        Data.Statistics.Add(new RegulatorStatisticsRow("meituan-sz", 3, 2, 1, 0.5, 2, 1, 22.5));
        Data.Deliveries.AddRange([
            Delivery("ORD 1", "Noodle House", true),
            Delivery("ORD-2", "Noodle House", false, "handed over 1 min after the promised time (R5)"),
            Delivery("ORD-3", "Tea Shop", null)]);

        var page = Render<RegulatorPage>();

        Assert.Equal("Regions 4403", page.Find("[data-testid=jurisdiction]").TextContent);
        var row = page.Find("[data-testid=statistics-row]");
        Assert.Equal("meituan-sz", row.GetAttribute("data-key"));
        Assert.Equal(("3", "1", "50 %", "2", "1"), (row.QuerySelector("[data-testid=stat-deliveries]")!.TextContent, row.QuerySelector("[data-testid=stat-compliant]")!.TextContent,
            row.QuerySelector("[data-testid=stat-rate]")!.TextContent, row.QuerySelector("[data-testid=stat-excursions]")!.TextContent, row.QuerySelector("[data-testid=stat-late]")!.TextContent));
        Assert.Contains("22.5 min", row.TextContent, StringComparison.Ordinal);

        var rows = page.FindAll("[data-testid=regulator-delivery]");
        Assert.Equal(["yes", "no", "pending"], rows.Select(r => r.GetAttribute("data-compliant")));
        Assert.Equal("deliveries/ORD%201", rows[0].QuerySelector("[data-testid=delivery-link]")!.GetAttribute("href"));
        Assert.Equal("api/evidence/deliveries/ORD%201", rows[0].QuerySelector("[data-testid=delivery-bundle]")!.GetAttribute("href"));
        Assert.True(rows[0].QuerySelector("[data-testid=delivery-bundle]")!.HasAttribute("download"));
        Assert.Equal("handed over 1 min after the promised time (R5)", rows[1].QuerySelector("[data-testid=verdict-reason]")!.TextContent);
        Assert.Empty(page.FindAll("[data-testid=merchant-bundle]"));
    }

    [Fact]
    public void ThePeriodDefaultsToTheLastThirtyDaysOnThePlatformsClock()
    {
        Render<RegulatorPage>();

        var (filter, groupBy) = Assert.Single(Data.StatisticsAsked);
        Assert.Equal("platform", groupBy);
        Assert.Equal(new DateTimeOffset(2025, 5, 3, 0, 0, 0, TimeSpan.FromHours(8)), filter.From);
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.FromHours(8)), filter.To);
        Assert.Equal((null, null, null), (filter.Platform, filter.Merchant, filter.Compliant));
    }

    [Fact]
    public void AMerchantAndPeriodAskTheServerForThemAndOfferThatMerchantsBundle()
    {
        Data.Deliveries.AddRange([Delivery("ORD-1", "Noodle House", true), Delivery("ORD-3", "Tea Shop", null)]);
        var page = Render<RegulatorPage>();

        page.Find("[data-testid=regulator-merchant]").Change("Tea Shop");
        page.Find("[data-testid=regulator-platform]").Change("meituan-sz");
        page.Find("[data-testid=regulator-from]").Change("2025-05-20");
        page.Find("[data-testid=regulator-to]").Change("2025-05-31");
        page.Find("[data-testid=regulator-group]").Change("day");
        page.Find("[data-testid=regulator-verdict]").Change("no");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Equal(2, Data.StatisticsAsked.Count));
        var (filter, groupBy) = Data.StatisticsAsked[1];
        Assert.Equal(("day", "meituan-sz", "Tea Shop"), (groupBy, filter.Platform, filter.Merchant));
        Assert.Null(filter.Compliant);
        Assert.False(Data.DeliveriesAsked[^1].Filter.Compliant);
        Assert.Equal(new DateTimeOffset(2025, 5, 20, 0, 0, 0, TimeSpan.FromHours(8)), filter.From);
        Assert.Equal(["ORD-3"], page.FindAll("[data-testid=regulator-delivery]").Select(r => r.GetAttribute("data-order-id")));
        Assert.Equal("api/evidence/merchants/Tea%20Shop?from=2025-05-20T00%3A00%3A00%2B08%3A00&to=2025-06-01T00%3A00%3A00%2B08%3A00",
            page.Find("[data-testid=merchant-bundle]").GetAttribute("href"));
    }

    [Fact]
    public void ManyDeliveriesArePaged()
    {
        for (var i = 0; i < RegulatorPage.PageSize + 5; i++)
        {
            Data.Deliveries.Add(Delivery($"ORD-{i:000}", "Noodle House", true));
        }

        var page = Render<RegulatorPage>();
        Assert.Equal(RegulatorPage.PageSize, page.FindAll("[data-testid=regulator-delivery]").Count);
        Assert.Equal("Page 1 of 2", page.Find("[data-testid=page-number]").TextContent);

        page.Find("[data-testid=next-page]").Click();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=regulator-delivery]").Count));
        Assert.Equal(2, Data.DeliveriesAsked[^1].Page);
        Assert.True(page.Find("[data-testid=next-page]").HasAttribute("disabled"));
    }

    [Fact]
    public void NothingInThePeriodAndAFailureEachSaySo()
    {
        var empty = Render<RegulatorPage>();
        Assert.NotNull(empty.Find("[data-testid=statistics-empty]"));
        Assert.NotNull(empty.Find("[data-testid=deliveries-empty]"));

        Data.Failure = new InvalidOperationException("database is locked");
        var failed = Render<RegulatorPage>();
        Assert.Contains("database is locked", failed.Find("[data-testid=error]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regulator", true)]
    [InlineData("admin", true)]
    [InlineData("manager", false)]
    public void TheNavigationOffersTheRegulatorViewToRegulatorsAndAdmins(string role, bool shown)
    {
        Authorization.SetRoles(role);

        var layout = Render<MainLayout>();

        Assert.Equal(shown, layout.FindAll("nav a").Any(a => a.GetAttribute("href") == "regulator"));
    }

    [Theory]
    [InlineData("admin", "alerts couriers deliveries disinfection audit regulator settings")]
    [InlineData("manager", "alerts couriers deliveries disinfection")]
    [InlineData("regulator", "alerts deliveries audit regulator")]
    public void EachRoleIsOfferedThePagesItMayUse(string role, string pages)
    {
        Authorization.SetRoles(role);

        var layout = Render<MainLayout>();

        var offered = layout.FindAll("nav a").Select(a => a.GetAttribute("href")).Where(h => h is { Length: > 0 }).Order(StringComparer.Ordinal);
        Assert.Equal(pages.Split(' ').Order(StringComparer.Ordinal), offered);
    }
}
