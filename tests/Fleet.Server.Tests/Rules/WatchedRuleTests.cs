using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Rules;

/// <summary>
/// The rules checked on a clock (late delivery, danger zone, evidence gap, lid open, disinfection and
/// calibration due) and the stuck sensor. The server's own watch is set to run hourly; each test runs
/// it at the instants it wants, just before, at and just after each threshold.
/// </summary>
public sealed class WatchedRuleTests : IAsyncLifetime
{
    private FleetServer _server = null!;
    private string _dataDirectory = null!;

    private static readonly string[] Settings = ["--Rules:Watch:CheckSeconds=3600", "--Rules:Watch:StuckReadings=5"];

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = FleetServer.NewDataDirectory();
        _server = await FleetServer.StartAsync(_dataDirectory, Settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        FleetServer.TryDelete(_dataDirectory);
    }

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<WatchFindings> CheckAtAsync(long nowMs) =>
        _server.GetRequiredService<FleetWatch>().CheckAsync(DateTimeOffset.FromUnixTimeMilliseconds(nowMs), TestContext.Current.CancellationToken);

    private async Task<List<AlertView>> AlertsAsync(string rule, string? state = null) =>
        [.. (await _server.AlertsAsync()).Where(a => a.Rule == rule && (state is null || a.State == state))];

    /// <summary>A box with one compartment, disinfected (a 600 s UV-C cycle ending at the returned device time), and a fit courier.</summary>
    private async Task<(TestBox Box, long DisinfectedMs)> BoxAsync(string boxId, string kind)
    {
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-W", new { name = "Li Lei", certificateExpires = Day(PlatformDay.Today.AddDays(30)), training = "Food safety 2025" })).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-W/health-checks", new { passed = true })).EnsureSuccessStatusCode();
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = Day(PlatformDay.Today), compartments = new[] { new { channel = "c1", capability = kind } } })).EnsureSuccessStatusCode();
        var box = await TestBox.ConnectAsync(_server, boxId);
        await box.PublishStatusAsync(("c1", kind));
        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        return (box, (on + 600) * 1000);
    }

    private async Task OrderAsync(string orderId, string category, string boxId, DateTimeOffset orderedAt, DateTimeOffset processedAt, DateTimeOffset promisedAt)
    {
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant = "Lao Wang", address = "12 Xinhua Road", orderedAt, processedAt, promisedAt,
            items = new[] { new { name = "Dish", category } },
        })).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId = "CR-W", boxId }),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
    }

    private Task StepAsync(string orderId, string step, long atMs) =>
        _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/{step}", new { at = DateTimeOffset.FromUnixTimeMilliseconds(atMs) });

    private async Task CalibrateAsync(string boxId, string calibratedOn, string dueOn) =>
        (await _server.Http.PostAsJsonAsync($"/api/boxes/{boxId}/calibrations", new { channel = "c1", calibratedOn, dueOn })).EnsureSuccessStatusCode();

    private static Task PublishAsync(TestBox box, long seconds, double celsius) =>
        box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, seconds, ("c1", 0, celsius)));

    private static Task LidAsync(TestBox box, long seconds, bool open) =>
        box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{seconds},\"n\":\"lid\",\"vb\":{(open ? "true" : "false")}}}]");

    [Fact]
    public async Task ADeliveryIsWarnedAtEightyPercentOfItsPromiseAlertedOnlyOncePastItAndClearedByItsHandOver()
    {
        var (box, _) = await BoxAsync("BX-W1", "chilled");
        await using var _ = box;
        var ordered = DateTimeOffset.UtcNow.AddMinutes(-10);
        var promised = ordered.AddMinutes(50);
        var warnAt = ordered.AddMinutes(40).ToUnixTimeMilliseconds();
        await OrderAsync("ORD-W1", FoodCategories.Chilled, box.BoxId, ordered, ordered, promised);

        await CheckAtAsync(warnAt - 1);
        Assert.Empty(await AlertsAsync(WatchCodes.LateWarning));
        await CheckAtAsync(warnAt);
        Assert.Equal(warnAt, Assert.Single(await AlertsAsync(WatchCodes.LateWarning, "open")).RaisedAt.ToUnixTimeMilliseconds());
        await CheckAtAsync(promised.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(WatchCodes.Late));
        await CheckAtAsync(promised.ToUnixTimeMilliseconds() + 1);
        var late = Assert.Single(await AlertsAsync(WatchCodes.Late, "open"));
        Assert.Equal(("critical", promised.ToUnixTimeMilliseconds()), (late.Severity, late.RaisedAt.ToUnixTimeMilliseconds()));
        Assert.Equal("resolved", Assert.Single(await AlertsAsync(WatchCodes.LateWarning)).State);

        var handedOver = promised.AddMinutes(1).ToUnixTimeMilliseconds();
        await StepAsync("ORD-W1", "handover", handedOver);
        await CheckAtAsync(handedOver + 5000);

        var resolved = Assert.Single(await AlertsAsync(WatchCodes.Late));
        Assert.Equal(("resolved", handedOver), (resolved.State, resolved.ResolvedAt?.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public async Task ACourierWhoFailsTheHealthCheckOrReachesANewDayWithoutOneWhileCarryingFoodIsAlertedUntilFitOrHandedOver()
    {
        var (box, _) = await BoxAsync("BX-WC", "chilled");
        await using var _ = box;
        var ordered = DateTimeOffset.UtcNow.AddMinutes(-5);
        await OrderAsync("ORD-WC", FoodCategories.Chilled, box.BoxId, ordered, ordered, ordered.AddHours(30));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await StepAsync("ORD-WC", "pickup", now);

        await CheckAtAsync(now);
        Assert.Empty(await AlertsAsync(WatchCodes.CourierNotFit));

        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-W/health-checks", new { passed = false }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await CheckAtAsync(now + 1000);
        var failed = Assert.Single(await AlertsAsync(WatchCodes.CourierNotFit, "open"));
        Assert.Contains("failed today's health check", failed.Message, StringComparison.Ordinal);

        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-W/health-checks", new { passed = true }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await CheckAtAsync(now + 2000);
        Assert.Equal("resolved", Assert.Single(await AlertsAsync(WatchCodes.CourierNotFit)).State);

        // The platform's next day begins while the food is still on the way, with no check for it yet.
        var tomorrow = now + 86_400_000;
        await CheckAtAsync(tomorrow);
        var noCheck = Assert.Single(await AlertsAsync(WatchCodes.CourierNotFit, "open"));
        Assert.Contains("has no health check for", noCheck.Message, StringComparison.Ordinal);

        await StepAsync("ORD-WC", "handover", tomorrow + 1000);
        await CheckAtAsync(tomorrow + 2000);
        Assert.All(await AlertsAsync(WatchCodes.CourierNotFit), alert => Assert.Equal("resolved", alert.State));
    }

    [Fact]
    public async Task TwoOrdersLateInOneBoxAreTwoAlertsEachNamingItsOrderAndEachClearedByItsOwnHandOver()
    {
        var (box, _) = await BoxAsync("BX-W3", "chilled");
        await using var _ = box;
        var ordered = DateTimeOffset.UtcNow.AddMinutes(-10);
        var promised = ordered.AddMinutes(20);
        await OrderAsync("ORD-W3A", FoodCategories.Chilled, box.BoxId, ordered, ordered, promised);
        await OrderAsync("ORD-W3B", FoodCategories.Chilled, box.BoxId, ordered, ordered, promised);

        var past = promised.ToUnixTimeMilliseconds() + 1;
        await CheckAtAsync(past);
        await CheckAtAsync(past + 1000);
        var late = await AlertsAsync(WatchCodes.Late, "open");
        Assert.Equal(["ORD-W3A", "ORD-W3B"], late.Select(a => a.OrderId).Order());

        await StepAsync("ORD-W3A", "handover", past + 2000);
        await CheckAtAsync(past + 3000);
        var states = (await AlertsAsync(WatchCodes.Late)).ToDictionary(a => a.OrderId!, a => a.State);
        Assert.Equal(("resolved", "open"), (states["ORD-W3A"], states["ORD-W3B"]));
    }

    [Fact]
    public async Task AHandOverFoundLateAfterTheFactIsRecordedOnceAsALateAlertAlreadyResolved()
    {
        var (box, _) = await BoxAsync("BX-W2", "chilled");
        await using var _ = box;
        var ordered = DateTimeOffset.UtcNow.AddMinutes(-60);
        await OrderAsync("ORD-W2", FoodCategories.Chilled, box.BoxId, ordered, ordered, ordered.AddMinutes(30));
        var handedOver = ordered.AddMinutes(31).ToUnixTimeMilliseconds();
        await StepAsync("ORD-W2", "handover", handedOver);

        await CheckAtAsync(handedOver + 60_000);
        await CheckAtAsync(handedOver + 120_000);

        var late = Assert.Single(await AlertsAsync(WatchCodes.Late));
        Assert.Equal(("resolved", true, handedOver), (late.State, late.Late, late.ResolvedAt?.ToUnixTimeMilliseconds()));
    }

    [Theory]
    [InlineData(FoodCategories.Ambient, "ambient", 20.0, 2.0)]
    [InlineData(FoodCategories.Hot, "hot", 65.0, 4.0)]
    [InlineData(FoodCategories.Hot, "hot", 55.0, 2.0)]
    [InlineData(FoodCategories.Chilled, "chilled", 12.0, 2.0)]
    public async Task FoodInTheDangerZoneLongerThanItsLimitSinceProcessingRaisesAnAlertUntilHandedOver(string category, string kind, double celsius, double limitHours)
    {
        var (box, _) = await BoxAsync("BX-W3", kind);
        await using var _ = box;
        var processed = DateTimeOffset.UtcNow.AddMinutes(-30);
        await OrderAsync("ORD-W3", category, box.BoxId, processed, processed, processed.AddHours(6));
        await PublishAsync(box, Senml.NowSeconds(), celsius);
        var deadline = processed.AddHours(limitHours).ToUnixTimeMilliseconds();

        await CheckAtAsync(deadline);
        Assert.Empty(await AlertsAsync(WatchCodes.DangerZone));
        await CheckAtAsync(deadline + 1);
        Assert.Equal(deadline, Assert.Single(await AlertsAsync(WatchCodes.DangerZone, "open")).RaisedAt.ToUnixTimeMilliseconds());

        await StepAsync("ORD-W3", "handover", deadline + 60_000);
        await CheckAtAsync(deadline + 120_000);
        Assert.Equal(deadline + 60_000, Assert.Single(await AlertsAsync(WatchCodes.DangerZone, "resolved")).ResolvedAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ChilledFoodKeptColdIsNotInTheDangerZoneHoweverLong()
    {
        var (box, _) = await BoxAsync("BX-W4", "chilled");
        await using var _ = box;
        var processed = DateTimeOffset.UtcNow.AddMinutes(-30);
        await OrderAsync("ORD-W4", FoodCategories.Chilled, box.BoxId, processed, processed, processed.AddHours(6));
        await PublishAsync(box, Senml.NowSeconds(), 8.0);

        await CheckAtAsync(processed.AddHours(5).ToUnixTimeMilliseconds());

        Assert.Empty(await AlertsAsync(WatchCodes.DangerZone));
    }

    [Fact]
    public async Task NoReadingForMoreThanThreeIntervalsDuringADeliveryRaisesAnEvidenceGapThatTheNextReadingResolves()
    {
        var (box, _) = await BoxAsync("BX-W5", "chilled");
        await using var _ = box;
        var now = DateTimeOffset.UtcNow;
        await OrderAsync("ORD-W5", FoodCategories.Chilled, box.BoxId, now.AddMinutes(-20), now.AddMinutes(-20), now.AddMinutes(40));
        await StepAsync("ORD-W5", "pickup", now.AddMinutes(-5).ToUnixTimeMilliseconds());
        await PublishAsync(box, Senml.NowSeconds(), 4);
        var received = _server.GetRequiredService<BoxRegistry>().Find(box.BoxId)!.Channels.Single(c => c.Channel == "c1").ReceivedAtMs!.Value;

        await CheckAtAsync(received + 90_000);
        Assert.Empty(await AlertsAsync(WatchCodes.EvidenceGap));
        await CheckAtAsync(received + 90_001);
        var gap = Assert.Single(await AlertsAsync(WatchCodes.EvidenceGap, "open"));
        Assert.Equal(("c1", received + 90_000), (gap.Channel, gap.RaisedAt.ToUnixTimeMilliseconds()));

        var next = Senml.NowSeconds() + 1;
        await PublishAsync(box, next, 4);
        var resumed = _server.GetRequiredService<BoxRegistry>().Find(box.BoxId)!.Channels.Single(c => c.Channel == "c1").ReceivedAtMs!.Value;
        await CheckAtAsync(resumed + 1000);
        Assert.Single(await AlertsAsync(WatchCodes.EvidenceGap, "resolved"));
        Assert.Empty(await AlertsAsync(WatchCodes.EvidenceGap, "open"));
    }

    [Fact]
    public async Task ALidOpenMoreThanSixtySecondsWithChilledFoodInsideAlertsAndSixtySecondsDoesNot()
    {
        var (box, _) = await BoxAsync("BX-W6", "chilled");
        await using var _ = box;
        var now = Senml.NowSeconds();
        var pickup = now - 600;
        await OrderAsync("ORD-W6", FoodCategories.Chilled, box.BoxId, DateTimeOffset.FromUnixTimeSeconds(pickup - 600), DateTimeOffset.FromUnixTimeSeconds(pickup - 600), DateTimeOffset.FromUnixTimeSeconds(now + 3600));
        await StepAsync("ORD-W6", "pickup", pickup * 1000);
        await PublishAsync(box, now, 4);
        await LidAsync(box, pickup + 60, true);
        await LidAsync(box, pickup + 120, false);   // 60 s: allowed
        await LidAsync(box, pickup + 200, true);
        await LidAsync(box, pickup + 261, false);   // 61 s: found after the fact

        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var past = Assert.Single(await AlertsAsync(WatchCodes.LidOpen));
        Assert.Equal(("resolved", true, (pickup + 260) * 1000, (pickup + 261) * 1000), (past.State, past.Late, past.RaisedAt.ToUnixTimeMilliseconds(), past.ResolvedAt?.ToUnixTimeMilliseconds()));

        await LidAsync(box, now - 120, true);     // still open, two minutes on
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal((now - 60) * 1000, Assert.Single(await AlertsAsync(WatchCodes.LidOpen, "open")).RaisedAt.ToUnixTimeMilliseconds());
        await LidAsync(box, now + 1, false);
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(WatchCodes.LidOpen, "open"));
        Assert.Equal(2, (await AlertsAsync(WatchCodes.LidOpen, "resolved")).Count);
    }

    [Fact]
    public async Task ABoxWithoutADisinfectionInTwentyFourHoursIsAlertedUntilAConfirmedOneIsReported()
    {
        var (box, disinfected) = await BoxAsync("BX-W7", "chilled");
        await using var _ = box;
        await Eventually.ReturnsAsync(() => _server.GetRequiredService<Disinfections>().LastCompletedAsync(box.BoxId, disinfected, default), t => t == disinfected, "the UV-C cycle stored");
        var expires = disinfected + (24 * 3_600_000);

        await CheckAtAsync(expires);
        Assert.Empty(await AlertsAsync(WatchCodes.NotDisinfected));
        await CheckAtAsync(expires + 1);
        Assert.Single(await AlertsAsync(WatchCodes.NotDisinfected, "open"));

        // Firmware that confirms the dose reports it, and then its reports count, not the lamp: one under the dose does not.
        var now = Senml.NowSeconds();
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{now - 60},\"n\":\"disinfection\",\"vs\":\"complete:299\"}}]");
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Single(await AlertsAsync(WatchCodes.NotDisinfected, "open"));
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{now - 30},\"n\":\"disinfection\",\"vs\":\"complete:300\"}}]");
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Single(await AlertsAsync(WatchCodes.NotDisinfected, "resolved"));
        Assert.Empty(await AlertsAsync(WatchCodes.NotDisinfected, "open"));
    }

    [Fact]
    public async Task AConfirmedDisinfectionReportOverridesTheLampCycleWhenTheBoxSendsOne()
    {
        var (box, disinfected) = await BoxAsync("BX-W8", "chilled");
        await using var _ = box;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{disinfected / 1000},\"n\":\"disinfection\",\"vs\":\"incomplete:unconfirmed\"}}]");

        Assert.Null(await _server.GetRequiredService<Disinfections>().LastCompletedAsync(box.BoxId, disinfected + 1000, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ADisinfectionCycleWithoutItsDoseIsFlaggedUntilAFullOneFollows()
    {
        var (box, _) = await BoxAsync("BX-W11", "chilled");
        await using var _ = box;
        var now = Senml.NowSeconds();
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(WatchCodes.DisinfectionIncomplete));   // the 600 s lamp cycle counts

        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{now - 60},\"n\":\"disinfection\",\"vs\":\"incomplete:lid\"}}]");
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var flagged = Assert.Single(await AlertsAsync(WatchCodes.DisinfectionIncomplete, "open"));
        Assert.Contains("incomplete:lid", flagged.Message, StringComparison.Ordinal);
        Assert.Equal((now - 60) * 1000, flagged.RaisedAt.ToUnixTimeMilliseconds());

        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{now - 30},\"n\":\"disinfection\",\"vs\":\"complete:300\"}}]");
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal((now - 30) * 1000, Assert.Single(await AlertsAsync(WatchCodes.DisinfectionIncomplete, "resolved")).ResolvedAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ALampCycleJustUnderTheDoseIsFlaggedForABoxThatSendsNoReports()
    {
        (await _server.Http.PutAsJsonAsync("/api/boxes/BX-W12/profile", new { inService = Day(PlatformDay.Today), compartments = new[] { new { channel = "c1", capability = "chilled" } } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server, "BX-W12");
        var on = Senml.NowSeconds() - 600;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"BX-W12:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":299,\"vb\":false}}]");

        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Assert.Contains("UV-C on 299 s", Assert.Single(await AlertsAsync(WatchCodes.DisinfectionIncomplete, "open")).Message, StringComparison.Ordinal);
        Assert.Single(await AlertsAsync(WatchCodes.NotDisinfected, "open"));
    }

    [Fact]
    public async Task ASensorPastItsCalibrationDueDayIsAlertedAndANewCalibrationResolvesIt()
    {
        var (box, _) = await BoxAsync("BX-W9", "chilled");
        await using var _ = box;
        var today = PlatformDay.Today;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await CalibrateAsync(box.BoxId, Day(today.AddYears(-1)), Day(today));
        await CheckAtAsync(nowMs);
        Assert.Empty(await AlertsAsync(WatchCodes.CalibrationDue));

        await CalibrateAsync(box.BoxId, Day(today.AddYears(-1).AddDays(1)), Day(today.AddDays(-1)));
        await CheckAtAsync(nowMs);
        Assert.Equal("c1", Assert.Single(await AlertsAsync(WatchCodes.CalibrationDue, "open")).Channel);

        await CalibrateAsync(box.BoxId, Day(today), Day(today.AddYears(1)));
        await CheckAtAsync(nowMs);
        Assert.Single(await AlertsAsync(WatchCodes.CalibrationDue, "resolved"));
    }

    [Fact]
    public async Task FiveIdenticalReadingsInARowMeanAStuckSensorWhoseAlertSurvivesARestartAndResolvesWhenItMoves()
    {
        await using (var box = await TestBox.ConnectAsync(_server, "BX-W10"))
        {
            var t = Senml.NowSeconds() - 600;
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t, ("c1", 0, 4.5), ("c1", 30, 4.5), ("c1", 60, 4.5), ("c1", 90, 4.5)));
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t - 30, ("c1", 0, 4.5)));   // out of order: not "in a row"
            await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.Empty(await AlertsAsync(WatchCodes.SensorStuck));

            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t + 120, ("c1", 0, 4.5)));
            var stuck = await Eventually.ReturnsAsync(StuckAsync, l => l.Count > 0, "the stuck sensor alert");
            Assert.Equal(((t + 120) * 1000, "c1"), (stuck.Single().RaisedAt.ToUnixTimeMilliseconds(), stuck.Single().Channel));
        }

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await FleetServer.StartAsync(_dataDirectory, Settings);
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Single(await AlertsAsync(WatchCodes.SensorStuck, "open"));

        await using var again = await TestBox.ConnectAsync(_server, "BX-W10");
        var moved = Senml.NowSeconds() - 300;
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, moved, ("c1", 0, 4.5)));
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Single(await AlertsAsync(WatchCodes.SensorStuck, "open"));
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, moved + 30, ("c1", 0, 4.6)));
        var resolved = await Eventually.ReturnsAsync(async () => { await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); return await AlertsAsync(WatchCodes.SensorStuck, "resolved"); }, l => l.Count > 0, "the stuck sensor moving again");
        Assert.Equal((moved + 30) * 1000, resolved.Single().ResolvedAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ARunCutByARestartStillCountsAsOneRunWhenItGoesOnWhileTheCountsAreRebuilt()
    {
        var t = Senml.NowSeconds() - 600;
        await using (var box = await TestBox.ConnectAsync(_server, "BX-W14"))
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t, ("c1", 0, 3.0), ("c1", 30, 4.5), ("c1", 60, 4.5), ("c1", 90, 4.5)));
        }

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await FleetServer.StartAsync(_dataDirectory, [.. Settings, $"--{RuleRebuild.HoldSetting}=true"]);

        // Stored and acknowledged before the counts are rebuilt from the store.
        await using var again = await TestBox.ConnectAsync(_server, "BX-W14");
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, t + 120, ("c1", 0, 4.5), ("c1", 30, 4.5)));
        _server.GetRequiredService<RuleRebuild>().Release();

        var stuck = await Eventually.ReturnsAsync(async () => { await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); return await StuckAsync(); }, l => l.Count > 0, "the stuck sensor alert");
        Assert.Equal((t + 150) * 1000, stuck.Single().RaisedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ARunOfIdenticalReadingsCutByARestartStillCountsAsOneRun()
    {
        var t = Senml.NowSeconds() - 600;
        await using (var box = await TestBox.ConnectAsync(_server, "BX-W13"))
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t, ("c1", 0, 3.0), ("c1", 30, 4.5), ("c1", 60, 4.5), ("c1", 90, 4.5)));
        }

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await FleetServer.StartAsync(_dataDirectory, Settings);

        await using var again = await TestBox.ConnectAsync(_server, "BX-W13");
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, t + 120, ("c1", 0, 4.5)));
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(WatchCodes.SensorStuck));

        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, t + 150, ("c1", 0, 4.5)));
        var stuck = await Eventually.ReturnsAsync(StuckAsync, l => l.Count > 0, "the stuck sensor alert");
        Assert.Equal((t + 150) * 1000, stuck.Single().RaisedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task ARunThatBeganLongBeforeARestartIsCountedWholeByTheRebuild()
    {
        // Readings 180 s apart at the default 60 s interval: the rebuild's first, short look back
        // (8 intervals) sees only the last three of the four identical ones and must look further.
        var t = Senml.NowSeconds() - 1200;
        await using (var box = await TestBox.ConnectAsync(_server, "BX-W14"))
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t - 180, ("c1", 0, 3.0), ("c1", 180, 4.5), ("c1", 360, 4.5), ("c1", 540, 4.5), ("c1", 720, 4.5)));
        }

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await FleetServer.StartAsync(_dataDirectory, Settings);
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(WatchCodes.SensorStuck));

        await using var again = await TestBox.ConnectAsync(_server, "BX-W14");
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, t + 720, ("c1", 0, 4.5)));
        var stuck = await Eventually.ReturnsAsync(StuckAsync, l => l.Count > 0, "the stuck sensor alert");
        Assert.Equal((t + 720) * 1000, stuck.Single().RaisedAt.ToUnixTimeMilliseconds());
    }

    private async Task<List<AlertView>> StuckAsync()
    {
        await CheckAtAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await AlertsAsync(WatchCodes.SensorStuck, "open");
    }

    [Theory]
    [InlineData("--Rules:Watch:LateWarnFraction=1", "Rules:Watch:LateWarnFraction")]
    [InlineData("--Rules:Watch:LidOpenSeconds=0", "Rules:Watch:LidOpenSeconds")]
    [InlineData("--Rules:Watch:StuckReadings=2", "Rules:Watch:StuckReadings")]
    [InlineData("--Verdicts:GapIntervals=0", "Verdicts:GapIntervals")]
    [InlineData("--Verdicts:DangerZoneHours=0", "Verdicts:DangerZoneHours")]
    public async Task ABadWatchOrVerdictSettingStopsTheServerNamingIt(string argument, string setting)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => FleetServer.StartAsync(null, argument));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }
}
