using Fleet.Dashboard.Layout;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class AlertBeaconTests : DashboardTestContext
{
    private const string Chime = "fleet.alertSound.chime";

    [Fact]
    public void TheBeaconCountsOpenAlertsAndTheCriticalOnesNobodyAcknowledged()
    {
        Feed.With(
            Alert(1, "box-001", severity: "critical"),
            Alert(2, "box-002", severity: "critical", state: "acknowledged"),
            Alert(3, "box-003", severity: "warning"),
            Alert(4, "box-004", severity: "critical", state: "resolved"));

        var beacon = Render<AlertBeacon>().Find("[data-testid=alert-beacon]");

        Assert.Equal(("3", "1"), (beacon.GetAttribute("data-open"), beacon.GetAttribute("data-critical")));
        Assert.Contains("beacon--alarm", beacon.ClassList);
        Assert.Equal("1 critical", beacon.QuerySelector("[data-testid=alert-beacon-critical]")!.TextContent);
    }

    [Fact]
    public async Task ANewCriticalAlertSetsTheBeaconOffAndAnAcknowledgementCalmsItWhileItStaysOpen()
    {
        var beacon = Render<AlertBeacon>();
        Assert.Contains("beacon--clear", beacon.Find("[data-testid=alert-beacon]").ClassList);

        await Feed.PublishAsync(Alert(7, "box-007", severity: "critical"));

        beacon.WaitForAssertion(() => Assert.Equal("1", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-critical")));
        Assert.Contains("beacon--alarm", beacon.Find("[data-testid=alert-beacon]").ClassList);
        Assert.Contains("box-007", beacon.Find("[role=status]").TextContent, StringComparison.Ordinal);

        await Feed.PublishAsync(Alert(7, "box-007", severity: "critical", state: "acknowledged"));

        beacon.WaitForAssertion(() => Assert.Equal("0", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-critical")));
        Assert.Equal("1", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-open"));
        Assert.Contains("beacon--open", beacon.Find("[data-testid=alert-beacon]").ClassList);

        await Feed.PublishAsync(Alert(7, "box-007", severity: "critical", state: "resolved"));

        beacon.WaitForAssertion(() => Assert.Equal("0", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-open")));
    }

    [Fact]
    public async Task WithSoundOnANewCriticalAlertChimesOnceAndAWarningOrAnUpdateDoesNot()
    {
        Feed.With(Alert(1, "box-001", severity: "critical"));
        var beacon = Render<AlertBeacon>();
        beacon.Find("[data-testid=alert-sound]").Click();
        beacon.WaitForAssertion(() => Assert.Equal("true", beacon.Find("[data-testid=alert-sound]").GetAttribute("aria-pressed")));

        await Feed.PublishAsync(Alert(2, "box-002", severity: "warning"));
        await Feed.PublishAsync(Alert(1, "box-001", severity: "critical", state: "acknowledged"));
        beacon.WaitForAssertion(() => Assert.Equal("2", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-open")));
        beacon.WaitForAssertion(() => Assert.Equal("0", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-critical")));
        Assert.Empty(JSInterop.Invocations[Chime]);

        await Feed.PublishAsync(Alert(3, "box-003", severity: "critical"));

        beacon.WaitForAssertion(() => Assert.Single(JSInterop.Invocations[Chime]));

        // Escalated while still unacknowledged: the same alert, no second tone.
        await Feed.PublishAsync(Alert(3, "box-003", severity: "critical") with { EscalatedAt = Now });
        await Feed.PublishAsync(Alert(4, "box-004", severity: "warning"));
        beacon.WaitForAssertion(() => Assert.Equal("4", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-open")));
        Assert.Single(JSInterop.Invocations[Chime]);
    }

    [Fact]
    public async Task WithSoundOffANewCriticalAlertIsShownButSilent()
    {
        var beacon = Render<AlertBeacon>();

        await Feed.PublishAsync(Alert(3, "box-003", severity: "critical"));

        beacon.WaitForAssertion(() => Assert.Equal("1", beacon.Find("[data-testid=alert-beacon]").GetAttribute("data-critical")));
        Assert.Equal("false", beacon.Find("[data-testid=alert-sound]").GetAttribute("aria-pressed"));
        Assert.Empty(JSInterop.Invocations[Chime]);
    }
}
