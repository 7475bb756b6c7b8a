using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Audit.Support;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Fleet.Server.Tests.Audit.Support.AuditApi;

namespace Fleet.Server.Tests.Audit;

/// <summary>Each audited action, done over HTTP as a user would, shows up in the trail with who, what, before and after.</summary>
public sealed class AuditRecordingTests : IAsyncLifetime
{
    private AuditedServer _server = null!;

    private HttpClient Admin => _server.Admin;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await AuditedServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Day(int plusDays = 0) => PlatformDay.Today.AddDays(plusDays).ToString("yyyy-MM-dd");

    private async Task<TestBox> DisinfectedBoxAsync(string id, string capability)
    {
        (await Admin.PutAsJsonAsync($"/api/boxes/{id}/profile", new { inService = Day(-30), compartments = new[] { new { channel = "c1", capability } } }, Cancel)).EnsureSuccessStatusCode();
        var box = await TestBox.ConnectAsync(_server.Server, id);
        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{id}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        return box;
    }

    private async Task FitCourierAsync(string id)
    {
        (await Admin.PutAsJsonAsync($"/api/couriers/{id}", new { name = "Wang Fang", certificateExpires = Day(60) }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync($"/api/couriers/{id}/health-checks", new { passed = true }, Cancel)).EnsureSuccessStatusCode();
    }

    private async Task OrderAsync(string orderId, string category, string? platform = null, string? merchantRegion = null)
    {
        var now = DateTimeOffset.UtcNow;
        (await Admin.PostAsJsonAsync("/api/deliveries", new
        {
            orderId,
            merchant = "Lao Wang Noodles",
            items = new[] { new { name = "Cold noodles", category } },
            address = "12 Xinhua Road",
            processedAt = now.AddMinutes(-5),
            promisedAt = now.AddMinutes(40),
            platform,
            merchantRegion,
        }, Cancel)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task AnAcknowledgementAndAResolutionAreRecordedWithWhoFromWhereAndTheAlertBeforeAndAfter()
    {
        await using var box = await TestBox.ConnectAsync(_server.Server, "BX-AUDIT-ACK");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 600, [.. Enumerable.Range(0, 13).Select(i => ("c1", i * 30.0, 10.0))]));
        var alert = (await Eventually.ReturnsAsync(() => _server.Server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert"))[0];

        (await Admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { by = "Ada", note = "courier called" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { by = "Ada", note = "food replaced" }, Cancel)).EnsureSuccessStatusCode();

        var acknowledged = await Admin.SingleAsync(AuditActions.AlertAcknowledged, $"alert/{alert.Id}");
        Assert.Equal(("ada", "admin", "127.0.0.1"), (acknowledged.Actor, acknowledged.ActorRole, acknowledged.ClientAddress));
        Assert.Equal(("open", "acknowledged"), (Field(acknowledged.Before, "state"), Field(acknowledged.After, "state")));
        Assert.Equal("courier called", Field(acknowledged.After, "acknowledgeNote"));
        // The "by" in the body is ignored: the alert names the token's user.
        Assert.Equal("ada", Field(acknowledged.After, "acknowledgedBy"));
        var resolved = await Admin.SingleAsync(AuditActions.AlertResolved, $"alert/{alert.Id}");
        Assert.Equal(("acknowledged", "resolved"), (Field(resolved.Before, "state"), Field(resolved.After, "state")));
        Assert.Equal("food replaced", Field(resolved.After, "resolutionNote"));
        Assert.True(resolved.Sequence > acknowledged.Sequence);
    }

    [Fact]
    public async Task AnAlertHandledOnTheDashboardIsRecordedInTheSignedInUsersName()
    {
        await using var box = await TestBox.ConnectAsync(_server.Server, "BX-AUDIT-FEED");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 600, [.. Enumerable.Range(0, 13).Select(i => ("c1", i * 30.0, 10.0))]));
        var alert = (await Eventually.ReturnsAsync(() => _server.Server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert"))[0];

        using var circuit = await _server.CircuitAsync("ada");
        var result = await circuit.ServiceProvider.GetRequiredService<IFleetFeed>().AcknowledgeAlertAsync(alert.Id, "on it", Cancel);

        Assert.True(result.Succeeded);
        Assert.Equal("ada", result.Alert!.AcknowledgedBy);
        var entry = await Admin.SingleAsync(AuditActions.AlertAcknowledged, $"alert/{alert.Id}");
        Assert.Equal(("ada", "admin", "dashboard"), (entry.Actor, entry.ActorRole, entry.ClientAddress));
        Assert.Equal("ada", Field(entry.After, "acknowledgedBy"));
    }

    [Fact]
    public async Task ABoxProfileChangeKeepsTheProfileItReplaced()
    {
        (await Admin.PutAsJsonAsync("/api/boxes/BX-AUDIT-P/profile", new { inService = "2026-01-05", compartments = new[] { new { channel = "c1", capability = "ambient" } } }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/boxes/BX-AUDIT-P/profile", new { inService = "2026-01-05", compartments = new[] { new { channel = "c1", capability = "chilled" } } }, Cancel)).EnsureSuccessStatusCode();

        var entries = (await Admin.AuditAsync("?action=config.changed&target=box-profile/BX-AUDIT-P")).Entries;

        Assert.Equal(2, entries.Count);
        Assert.Null(entries[1].Before);
        Assert.Contains("\"ambient\"", entries[0].Before, StringComparison.Ordinal);
        Assert.Contains("\"chilled\"", entries[0].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACalibrationRecordedAgainForTheSameDayKeepsTheDueDateItHadBefore()
    {
        (await Admin.PostAsJsonAsync("/api/boxes/BX-AUDIT-C/calibrations", new { channel = "c1", calibratedOn = "2026-03-01", dueOn = "2027-03-01" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/boxes/BX-AUDIT-C/calibrations", new { channel = "c1", calibratedOn = "2026-03-01", dueOn = "2026-09-01" }, Cancel)).EnsureSuccessStatusCode();

        var entries = (await Admin.AuditAsync("?action=config.changed&target=calibration/BX-AUDIT-C")).Entries;

        Assert.Equal(2, entries.Count);
        Assert.Equal(("2027-03-01", "2026-09-01"), (Field(entries[0].Before, "dueOn"), Field(entries[0].After, "dueOn")));
    }

    [Fact]
    public async Task ACourierChangeAndAHealthCheckAreRecordedWithTheirEarlierValues()
    {
        (await Admin.PutAsJsonAsync("/api/couriers/CR-AUDIT", new { name = "Wang Fang", certificateExpires = "2026-12-31" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/couriers/CR-AUDIT", new { name = "Wang Fang", certificateExpires = "2027-12-31" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/couriers/CR-AUDIT/health-checks", new { passed = false }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/couriers/CR-AUDIT/health-checks", new { passed = true }, Cancel)).EnsureSuccessStatusCode();

        var courier = (await Admin.AuditAsync("?target=courier/CR-AUDIT")).Entries;
        var checks = (await Admin.AuditAsync("?target=health-check/CR-AUDIT")).Entries;

        Assert.Equal(("2026-12-31", "2027-12-31"), (Field(courier[0].Before, "certificateExpires"), Field(courier[0].After, "certificateExpires")));
        Assert.Equal(("false", "true"), (Field(checks[0].Before, "passed"), Field(checks[0].After, "passed")));
        Assert.Null(checks[1].Before);
    }

    [Fact]
    public async Task AChangeBySomeoneNotSignedInIsRefusedAndRecordsNothing()
    {
        var response = await _server.Anonymous.PutAsJsonAsync("/api/couriers/CR-ANON", new { name = "Zhao Lei", certificateExpires = "2027-01-31" }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await Admin.AuditAsync("?target=courier/CR-ANON")).Entries);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync(new Uri("/api/couriers/CR-ANON", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task AReassignmentKeepsTheCourierAndBoxItReplaced()
    {
        await FitCourierAsync("CR-RE");
        await using var first = await DisinfectedBoxAsync("BX-RE-1", "chilled");
        await using var second = await DisinfectedBoxAsync("BX-RE-2", "chilled");
        await OrderAsync("ORD-RE", FoodCategories.Chilled);
        await Eventually.ReturnsAsync(() => Admin.PostAsJsonAsync("/api/deliveries/ORD-RE/assign", new { courierId = "CR-RE", boxId = first.BoxId }, Cancel), r => r.StatusCode == HttpStatusCode.OK, "the first assignment");

        await Eventually.ReturnsAsync(() => Admin.PostAsJsonAsync("/api/deliveries/ORD-RE/assign", new { courierId = "CR-RE", boxId = second.BoxId }, Cancel), r => r.StatusCode == HttpStatusCode.OK, "the re-assignment");

        var entry = await Admin.SingleAsync(AuditActions.AssignmentChanged, "delivery/ORD-RE");
        Assert.Equal((first.BoxId, second.BoxId), (Field(entry.Before, "boxId"), Field(entry.After, "boxId")));
    }

    [Fact]
    public async Task ARefusedAssignmentIsOverriddenOnlyByAnAdminWithAReasonAndTheRefusalsAreRecorded()
    {
        (await Admin.PutAsJsonAsync("/api/couriers/CR-OV", new { name = "Wang Fang", certificateExpires = Day(60) }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/boxes/BX-OV/profile", new { inService = Day(-30), compartments = new[] { new { channel = "c1", capability = "ambient" } } }, Cancel)).EnsureSuccessStatusCode();
        await OrderAsync("ORD-OV", FoodCategories.Chilled);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsJsonAsync("/api/deliveries/ORD-OV/assign", new { courierId = "CR-OV", boxId = "BX-OV" }, Cancel)).StatusCode);
        var manager = await _server.ManagerAsync("meng");

        var withoutReason = await Admin.PostAsJsonAsync("/api/deliveries/ORD-OV/assign/override", new { courierId = "CR-OV", boxId = "BX-OV", reason = " " }, Cancel);
        var byManager = await manager.PostAsJsonAsync("/api/deliveries/ORD-OV/assign/override", new { courierId = "CR-OV", boxId = "BX-OV", reason = "rush" }, Cancel);
        var nobody = await _server.Anonymous.PostAsJsonAsync("/api/deliveries/ORD-OV/assign/override", new { courierId = "CR-OV", boxId = "BX-OV", reason = "rush" }, Cancel);
        Assert.Empty((await Admin.AuditAsync("?action=assignment.overridden")).Entries);
        var overridden = await Admin.PostAsJsonAsync("/api/deliveries/ORD-OV/assign/override", new { courierId = "CR-OV", boxId = "BX-OV", reason = "ice packs added by hand" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byManager.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        var delivery = await overridden.Content.ReadFromJsonAsync<Delivery>(Cancel);
        Assert.Equal("BX-OV", delivery!.BoxId);
        var entry = await Admin.SingleAsync(AuditActions.AssignmentOverridden, "delivery/ORD-OV");
        Assert.Equal("ada", entry.Actor);
        Assert.Null(Field(entry.Before, "boxId"));
        Assert.Equal(("BX-OV", "ice packs added by hand"), (Field(entry.After, "assignment", "boxId"), Field(entry.After, "reason")));
        var refusals = Field(entry.After, "overriddenRefusals")!;
        Assert.Contains("R3", refusals, StringComparison.Ordinal);
        Assert.Contains("R7", refusals, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachPurgedOrderRecordIsRecordedBySystemWithoutItsPersonalData()
    {
        var longAgo = DateTimeOffset.UtcNow.AddMonths(-30);
        (await Admin.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-PURGED", merchant = "M", address = "7 Secret Lane",
            items = new[] { new { name = "Rice", category = "hot" } },
            orderedAt = longAgo, processedAt = longAgo, promisedAt = longAgo.AddHours(1),
        }, Cancel)).EnsureSuccessStatusCode();

        Assert.Equal(1, await _server.Server.GetRequiredService<DeliveryPurge>().PurgeAsync(Cancel));

        var entry = await Admin.SingleAsync(AuditActions.RetentionPurged, "delivery/ORD-PURGED");
        Assert.Equal((AuditActor.SystemName, AuditActor.SystemName), (entry.Actor, entry.ActorRole));
        Assert.Equal("ORD-PURGED", Field(entry.Before, "orderId"));
        Assert.NotNull(Field(entry.Before, "retainUntil"));
        Assert.DoesNotContain("Secret Lane", entry.Before, StringComparison.Ordinal);
        Assert.Null(entry.After);
    }

    [Fact]
    public async Task APurgeWhoseRecordCannotBeWrittenDeletesNothing()
    {
        var longAgo = DateTimeOffset.UtcNow.AddMonths(-30);
        (await Admin.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-KEPT", merchant = "M", address = "A",
            items = new[] { new { name = "Rice", category = "hot" } },
            orderedAt = longAgo, processedAt = longAgo, promisedAt = longAgo.AddHours(1),
        }, Cancel)).EnsureSuccessStatusCode();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_server.Server.DataDirectory, "fleet.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER audit_trail_full BEFORE INSERT ON audit_trail BEGIN SELECT RAISE(ABORT, 'disk full'); END;";
            command.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _server.Server.GetRequiredService<DeliveryPurge>().PurgeAsync(Cancel));

        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync(new Uri("/api/deliveries/ORD-KEPT", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task ABackupIsRecordedAsAnExport()
    {
        var file = Path.Combine(_server.Server.DataDirectory, "exported.db");

        (await Admin.PostAsync(new Uri($"/api/admin/backup?file={Uri.EscapeDataString(file)}", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();

        var entry = await Admin.SingleAsync(AuditActions.ExportCreated, $"backup/{file}");
        Assert.Equal("ada", entry.Actor);
        Assert.Equal(file, Field(entry.After, "file"));
        Assert.Equal(new FileInfo(file).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(entry.After, "bytes"));
    }

    [Fact]
    public async Task ARegulatorSeesTheEntriesOfDeliveriesOfTheirRegionAndNotOthers()
    {
        (await Admin.PutAsJsonAsync("/api/couriers/CR-RG", new { name = "Wang Fang", certificateExpires = Day(60), platform = AuditedServer.Platform }, Cancel)).EnsureSuccessStatusCode();
        await OrderAsync("ORD-NANSHAN", FoodCategories.Chilled, AuditedServer.Platform, "440305");
        await OrderAsync("ORD-HUANGPU", FoodCategories.Chilled, AuditedServer.Platform, "310101");
        foreach (var order in new[] { "ORD-NANSHAN", "ORD-HUANGPU" })
        {
            (await Admin.PostAsJsonAsync($"/api/deliveries/{order}/assign/override", new { courierId = "CR-RG", boxId = "BX-RG", reason = "test" }, Cancel)).EnsureSuccessStatusCode();
        }

        var shenzhen = await _server.RegulatorAsync("rui", "4403");

        var seen = (await shenzhen.AuditAsync("?target=delivery")).Entries;
        var entry = Assert.Single(seen);
        Assert.Equal(("delivery", "ORD-NANSHAN", AuditActions.AssignmentOverridden), (entry.TargetKind, entry.TargetId, entry.Action));
        Assert.Equal((AuditedServer.Platform, "440305"), (entry.Platform, entry.Region));
        var huangpu = await Admin.SingleAsync(AuditActions.AssignmentOverridden, "delivery/ORD-HUANGPU");
        Assert.Equal((AuditedServer.Platform, "310101"), (huangpu.Platform, huangpu.Region));
        Assert.Empty((await shenzhen.AuditAsync("?target=delivery/ORD-HUANGPU")).Entries);
    }

    [Fact]
    public async Task EntriesOfABoxACourierAndAnAlertCarryTheirPlatform()
    {
        (await Admin.PutAsync(new Uri("/api/boxes/BX-PF", UriKind.Relative), JsonContent.Create(new { platform = AuditedServer.Platform }), Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/boxes/BX-PF/profile", new { inService = "2026-01-05", compartments = new[] { new { channel = "c1", capability = "chilled" } } }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/boxes/BX-PF/calibrations", new { channel = "c1", calibratedOn = "2026-03-01", dueOn = "2027-03-01" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/couriers/CR-PF", new { name = "Wang Fang", certificateExpires = "2027-12-31", platform = "eleme-gz" }, Cancel)).EnsureSuccessStatusCode();
        (await Admin.PostAsJsonAsync("/api/couriers/CR-PF/health-checks", new { passed = true }, Cancel)).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server.Server, "BX-PF");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 600, [.. Enumerable.Range(0, 13).Select(i => ("c1", i * 30.0, 10.0))]));
        var alert = (await Eventually.ReturnsAsync(() => _server.Server.AlertsAsync("open", box.BoxId), a => a.Any(x => x.Rule.StartsWith("chilled", StringComparison.Ordinal)), "an open chilled alert")).First(x => x.Rule.StartsWith("chilled", StringComparison.Ordinal));
        (await Admin.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "seen" }, Cancel)).EnsureSuccessStatusCode();

        Assert.Equal(AuditedServer.Platform, (await Admin.SingleAsync(AuditActions.ConfigChanged, "box-profile/BX-PF")).Platform);
        Assert.Equal(AuditedServer.Platform, (await Admin.SingleAsync(AuditActions.ConfigChanged, "calibration/BX-PF")).Platform);
        Assert.Equal(AuditedServer.Platform, (await Admin.SingleAsync(AuditActions.AlertAcknowledged, $"alert/{alert.Id}")).Platform);
        Assert.Equal("eleme-gz", (await Admin.SingleAsync(AuditActions.ConfigChanged, "courier/CR-PF")).Platform);
        Assert.Equal("eleme-gz", (await Admin.SingleAsync(AuditActions.ConfigChanged, "health-check/CR-PF")).Platform);
    }

    [Fact]
    public async Task AnAlertsEntriesCarryTheRegionOfTheDeliveryItsBoxCarriedSoThatRegionsRegulatorReadsThem()
    {
        (await Admin.PutAsync(new Uri("/api/boxes/BX-RA", UriKind.Relative), JsonContent.Create(new { platform = AuditedServer.Platform }), Cancel)).EnsureSuccessStatusCode();
        (await Admin.PutAsJsonAsync("/api/couriers/CR-RA", new { name = "Wang Fang", certificateExpires = Day(60), platform = AuditedServer.Platform }, Cancel)).EnsureSuccessStatusCode();
        await OrderAsync("ORD-RA", FoodCategories.Chilled, AuditedServer.Platform, "440305");
        (await Admin.PostAsJsonAsync("/api/deliveries/ORD-RA/assign/override", new { courierId = "CR-RA", boxId = "BX-RA", reason = "test" }, Cancel)).EnsureSuccessStatusCode();
        // One alert names the order (the courier has no health check today); one is the box's own, raised while it carries the order.
        var ofOrder = (await Eventually.ReturnsAsync(() => _server.Server.AlertsAsync("open", "BX-RA"), a => a.Any(x => x.OrderId == "ORD-RA"), "the order's alert")).First(x => x.OrderId == "ORD-RA");
        var ofBox = await _server.Server.GetRequiredService<AlertService>().RaiseAsync(
            new NewAlert("chilled-too-warm", Severities.Critical, "BX-RA", "c1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), false, 9, "c1 too warm"), Cancel);
        foreach (var id in new[] { ofOrder.Id, ofBox.Id })
        {
            (await Admin.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "seen" }, Cancel)).EnsureSuccessStatusCode();
        }

        var shenzhen = await _server.RegulatorAsync("rui", "4403");
        var shanghai = await _server.RegulatorAsync("hu", "3101");

        foreach (var id in new[] { ofOrder.Id, ofBox.Id })
        {
            var entry = Assert.Single((await shenzhen.AuditAsync($"?target=alert/{id}")).Entries);
            Assert.Equal((AuditedServer.Platform, "440305"), (entry.Platform, entry.Region));
            Assert.Empty((await shanghai.AuditAsync($"?target=alert/{id}")).Entries);
        }
    }
}
