using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class DisinfectionPageTests : DashboardTestContext
{
    [Fact]
    public void BoxesNotFitComeFirstThenThoseWhoseDisinfectionRunsOutSoonest()
    {
        Registers.Boxes.AddRange([
            Box("BX-LATER", disinfectedHoursAgo: 2),
            Box("BX-NONE", disinfectedHoursAgo: null) with { LastCycle = "incomplete:lid" },
            Box("BX-SOON", disinfectedHoursAgo: 23),
            Box("BX-OLD", disinfectedHoursAgo: 5) with { InService = new DateOnly(2024, 1, 2), ReplaceDue = true }]);

        var page = Render<DisinfectionPage>();

        var rows = page.FindAll("[data-testid=disinfection-row]");
        Assert.Equal(["BX-NONE", "BX-SOON", "BX-OLD", "BX-LATER"], rows.Select(r => r.GetAttribute("data-box-id")));
        Assert.Equal(["no", "yes", "yes", "yes"], rows.Select(r => r.GetAttribute("data-fit")));
        Assert.Equal("1 not fit for service", page.Find("[data-testid=unfit-count]").TextContent);
        Assert.NotNull(rows[0].QuerySelector("[data-testid=incomplete]"));
        Assert.Equal("now", rows[0].QuerySelector("[data-testid=due]")!.TextContent.Trim());
        Assert.NotNull(rows[2].QuerySelector("[data-testid=replace-due]"));
        Assert.Null(rows[3].QuerySelector("[data-testid=replace-due]"));
    }

    [Fact]
    public void ABoxWhoseDayHasRunOutIsNotFit()
    {
        Registers.Boxes.Add(Box("BX-1", disinfectedHoursAgo: 25) with { FitUntil = Now.AddHours(-1) });

        var page = Render<DisinfectionPage>();

        Assert.Equal("no", page.Find("[data-testid=disinfection-row]").GetAttribute("data-fit"));
    }

    [Fact]
    public async Task ADisinfectionReportedWhileThePageIsOpenShowsWithoutAReload()
    {
        Registers.Boxes.Add(Box("BX-1", disinfectedHoursAgo: null));
        var page = Render<DisinfectionPage>();
        Assert.Equal("no", page.Find("[data-testid=disinfection-row]").GetAttribute("data-fit"));

        Registers.Boxes[0] = Box("BX-1", disinfectedHoursAgo: 0.1);
        await Registers.PublishDisinfectionsChangedAsync();

        page.WaitForAssertion(() => Assert.Equal("yes", page.Find("[data-testid=disinfection-row]").GetAttribute("data-fit")));
    }

    private static DisinfectionView Box(string id, double? disinfectedHoursAgo)
    {
        var last = disinfectedHoursAgo is { } hours ? Now.AddHours(-hours) : (DateTimeOffset?)null;
        return new(id, new DateOnly(2026, 1, 5), last, last?.AddHours(24), last is null ? null : "complete:300", last is not null, false);
    }
}
