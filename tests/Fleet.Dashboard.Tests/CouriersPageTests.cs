using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class CouriersPageTests : DashboardTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    [Fact]
    public void EachCourierShowsFitnessWithReasonsTheirCheckAndWhatTheyCarry()
    {
        Registers.Couriers.AddRange([
            Courier("CR-1", checkedToday: true, expiresInDays: 200) with { CarryingOrderId = "ORD 1" },
            Courier("CR-2", checkedToday: false, expiresInDays: 10, unfit: ["courier CR-2 failed today's health check (R7)"]),
            Courier("CR-3", checkedToday: null, expiresInDays: 90, unfit: ["courier CR-3 has no health check for today (R7)"])]);

        var page = Render<CouriersPage>();

        var rows = page.FindAll("[data-testid=courier-row]");
        Assert.Equal(["yes", "no", "no"], rows.Select(r => r.GetAttribute("data-fit")));
        Assert.Equal("2 not fit on " + Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=unfit-count]").TextContent);
        Assert.Equal(["passed", "failed", "not recorded"], page.FindAll("[data-testid=health-check]").Select(c => c.TextContent));
        Assert.Equal("courier CR-2 failed today's health check (R7)", rows[1].QuerySelector("[data-testid=unfit-reason]")!.TextContent);
        Assert.Equal("deliveries/ORD%201", rows[0].QuerySelector("[data-testid=carrying]")!.GetAttribute("href"));
        Assert.Equal("in 10 d", rows[1].QuerySelector("[data-testid=expires-soon]")!.TextContent);
        Assert.Null(rows[2].QuerySelector("[data-testid=expires-soon]"));
    }

    [Fact]
    public void NotFitOnlyAndTheSearchNarrowTheList()
    {
        Registers.Couriers.AddRange([
            Courier("CR-1", checkedToday: true, expiresInDays: 200),
            Courier("CR-2", checkedToday: false, expiresInDays: 200, unfit: ["failed"]) with { Name = "Wang Fang" }]);
        var page = Render<CouriersPage>();

        page.Find("[data-testid=show-unfit]").Change("unfit");
        Assert.Equal(["CR-2"], page.FindAll("[data-testid=courier-row]").Select(r => r.GetAttribute("data-courier-id")));

        page.Find("[data-testid=show-all]").Change("all");
        page.Find("[data-testid=courier-filter]").Input("li lei");
        Assert.Equal(["CR-1"], page.FindAll("[data-testid=courier-row]").Select(r => r.GetAttribute("data-courier-id")));
    }

    [Fact]
    public async Task AHealthCheckRecordedWhileThePageIsOpenShowsWithoutAReload()
    {
        Registers.Couriers.Add(Courier("CR-1", checkedToday: null, expiresInDays: 200, unfit: ["no health check"]));
        var page = Render<CouriersPage>();
        Assert.Equal("no", page.Find("[data-testid=courier-row]").GetAttribute("data-fit"));

        Registers.Couriers[0] = Courier("CR-1", checkedToday: true, expiresInDays: 200);
        await Registers.PublishCouriersChangedAsync();

        page.WaitForAssertion(() => Assert.Equal("yes", page.Find("[data-testid=courier-row]").GetAttribute("data-fit")));
    }

    private static CourierView Courier(string id, bool? checkedToday, int expiresInDays, string[]? unfit = null) =>
        new(id, "Li Lei", Today.AddDays(expiresInDays), "Food safety 2026", checkedToday, unfit ?? [], null);
}
