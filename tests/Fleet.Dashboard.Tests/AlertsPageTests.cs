using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class AlertsPageTests : DashboardTestContext
{
    [Fact]
    public void AlertsAreListedNewestFirstWithTheirDetails()
    {
        Feed.With(
            Alert(1, "box-001", raisedAt: Now.AddMinutes(-30)),
            Alert(2, "box-002", rule: "frozen-too-warm", severity: "critical", raisedAt: Now.AddMinutes(-1), late: true));

        var page = Render<AlertsPage>();

        var rows = page.FindAll("[data-testid=alert-row]");
        Assert.Equal(["2", "1"], rows.Select(r => r.GetAttribute("data-alert-id")));
        var newest = rows[0];
        Assert.Equal("frozen-too-warm", newest.GetAttribute("data-rule"));
        Assert.Equal("box-002", newest.GetAttribute("data-box-id"));
        Assert.Equal("open", newest.GetAttribute("data-state"));
        Assert.Equal("critical", newest.QuerySelector(".badge")!.TextContent);
        // 11:59 UTC is 19:59 on the viewer's UTC+8 clock.
        Assert.Contains("2025-06-01 19:59:00", newest.TextContent, StringComparison.Ordinal);
        Assert.NotNull(newest.QuerySelector("[data-testid=late]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=late]"));
    }

    [Fact]
    public void AnAlertAboutADeliveryLinksToItsOrderInsteadOfAChannel()
    {
        Feed.With(
            Alert(1, "box-001") with { Rule = "delivery-late", Channel = null, OrderId = "ORD 7" },
            Alert(2, "box-001"));

        var page = Render<AlertsPage>();

        var order = page.Find("[data-alert-id='1'] [data-testid=alert-order]");
        Assert.Equal(("ORD 7", "deliveries/ORD%207"), (order.TextContent, order.GetAttribute("href")));
        Assert.Empty(page.FindAll("[data-alert-id='2'] [data-testid=alert-order]"));
    }

    [Fact]
    public async Task ANewAlertAppearsWhenTheFeedRaisesIt()
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();

        await Feed.PublishAsync(Alert(2, "box-009", rule: "lid-left-open", raisedAt: Now));

        page.WaitForAssertion(() => Assert.Equal(
            ["2", "1"],
            page.FindAll("[data-testid=alert-row]").Select(r => r.GetAttribute("data-alert-id"))));
        Assert.Equal("lid-left-open", page.Find("[data-alert-id='2']").GetAttribute("data-rule"));
    }

    [Fact]
    public async Task ANewCriticalAlertIsHighlightedButAWarningIsNot()
    {
        var page = Render<AlertsPage>();

        await Feed.PublishAsync(Alert(1, "box-001", severity: "warning", raisedAt: Now.AddSeconds(-2)));
        await Feed.PublishAsync(Alert(2, "box-002", severity: "critical", raisedAt: Now));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=alert-row]").Count));
        Assert.Equal("true", page.Find("[data-alert-id='2']").GetAttribute("data-new"));
        Assert.Contains("alert-row--new", page.Find("[data-alert-id='2']").ClassList);
        Assert.Null(page.Find("[data-alert-id='1']").GetAttribute("data-new"));
    }

    [Fact]
    public async Task TheHighlightFadesAfterAFewSeconds()
    {
        var page = Render<AlertsPage>();
        await Feed.PublishAsync(Alert(1, "box-001", severity: "critical", raisedAt: Now));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-alert-id='1']").GetAttribute("data-new")));

        Clock.Now = Now + AlertsPage.HighlightFor;

        // The page's own age tick re-renders it; no event is needed.
        page.WaitForAssertion(() => Assert.Null(page.Find("[data-alert-id='1']").GetAttribute("data-new")));
    }

    [Fact]
    public async Task AResolvedAlertLeavesTheOpenListButStaysUnderAll()
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();

        await Feed.PublishAsync(Alert(1, "box-001", state: "resolved") with { ResolvedAt = Now });

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=alert-row]")));
        await page.Find("[data-testid=state-all]").ChangeAsync("all");
        var row = page.Find("[data-testid=alert-row]");
        Assert.Equal("resolved", row.GetAttribute("data-state"));
        Assert.Contains("2025-06-01 20:00:00", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNoAlertsThePageSaysEveryBoxIsWithinItsLimits()
    {
        var page = Render<AlertsPage>();

        Assert.Empty(page.FindAll("[data-testid=alert-row]"));
        Assert.Equal("No alerts — every box is within its limits.", page.Find("[data-testid=empty]").TextContent.Trim());
    }

    [Fact]
    public async Task TheBoxFilterNarrowsTheAlerts()
    {
        Feed.With(Alert(1, "box-001"), Alert(2, "box-002"), Alert(3, "box-001"));
        var page = Render<AlertsPage>();

        await page.Find("[data-testid=alert-box-filter]").InputAsync("box-001");

        Assert.Equal(["1", "3"], page.FindAll("[data-testid=alert-row]").Select(r => r.GetAttribute("data-alert-id")).Order());
    }

    [Fact]
    public async Task LeavingThePageStopsListeningToTheFeed()
    {
        Render<AlertsPage>();
        Assert.Equal(1, Feed.Subscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, Feed.Subscribers);
    }

    [Fact]
    public async Task AnOpenAlertIsAcknowledgedInTheSignedInUsersNameWithANote()
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();

        await page.Find("[data-testid=acknowledge]").ClickAsync(new());
        // Who acts is the signed-in user: the form does not ask for a name.
        Assert.Empty(page.FindAll("[data-testid=action-by]"));
        await page.Find("[data-testid=action-note]").InputAsync("Courier told to close the lid");
        await page.Find("[data-testid=action-confirm]").ClickAsync(new());

        Assert.Equal([("acknowledge", 1L, "Zhang Wei", "Courier told to close the lid")], Feed.Actions);
        page.WaitForAssertion(() => Assert.Equal("acknowledged", page.Find("[data-alert-id='1']").GetAttribute("data-state")));
        Assert.Contains("Acknowledged by Zhang Wei: Courier told to close the lid", page.Find("[data-testid=acknowledged-by]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=alert-action]"));
        // Acknowledged: it can still be resolved, not acknowledged again.
        Assert.Empty(page.FindAll("[data-testid=acknowledge]"));
        Assert.Single(page.FindAll("[data-testid=resolve]"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task AnActionWithoutANoteIsNotSentAndSaysWhy(string note)
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();

        await page.Find("[data-testid=resolve]").ClickAsync(new());
        await page.Find("[data-testid=action-note]").InputAsync(note);
        await page.Find("[data-testid=action-confirm]").ClickAsync(new());

        Assert.Empty(Feed.Actions);
        Assert.Equal("A note is required.", page.Find("[data-testid=action-error]").TextContent);
        Assert.Equal("open", page.Find("[data-alert-id='1']").GetAttribute("data-state"));
    }

    [Fact]
    public async Task ResolvingByHandTakesTheAlertOffTheOpenListAndStartsTheNextActionWithAnEmptyNote()
    {
        Feed.With(Alert(1, "box-001"), Alert(2, "box-002"));
        Feed.SignedInAs = "li.na";
        var page = Render<AlertsPage>();

        await page.Find("[data-alert-id='1'] [data-testid=resolve]").ClickAsync(new());
        await page.Find("[data-testid=action-note]").InputAsync("Box replaced");
        await page.Find("[data-testid=action-confirm]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["2"], page.FindAll("[data-testid=alert-row]").Select(r => r.GetAttribute("data-alert-id"))));
        Assert.Equal([("resolve", 1L, "li.na", "Box replaced")], Feed.Actions);
        await page.Find("[data-alert-id='2'] [data-testid=acknowledge]").ClickAsync(new());
        Assert.Equal("", page.Find("[data-testid=action-note]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task AnActionTheServerRefusesShowsItsReasonAndChangesNothing()
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();
        await page.Find("[data-testid=acknowledge]").ClickAsync(new());
        // Someone else resolved it meanwhile; the page has not heard yet.
        await Feed.ResolveAlertAsync(1, "Fixed", Xunit.TestContext.Current.CancellationToken);

        await page.Find("[data-testid=action-note]").InputAsync("Seen");
        await page.Find("[data-testid=action-confirm]").ClickAsync(new());

        Assert.Equal("Alert 1 is resolved already.", page.Find("[data-testid=action-error]").TextContent);
    }

    [Fact]
    public async Task CancellingAnActionSendsNothing()
    {
        Feed.With(Alert(1, "box-001"));
        var page = Render<AlertsPage>();

        await page.Find("[data-testid=acknowledge]").ClickAsync(new());
        await page.Find("[data-testid=action-cancel]").ClickAsync(new());

        Assert.Empty(page.FindAll("[data-testid=alert-action]"));
        Assert.Empty(Feed.Actions);
    }
}
