using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Audit;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Audit.Support;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Server.Tests.Settings;

/// <summary>
/// The admin's rule settings (GET/PUT/DELETE /api/settings/rules…): a food category's limits changed
/// at run time judge its deliveries from then on, only tighten the regulation's, only by an admin,
/// each change audited with before and after, and kept across a restart.
/// </summary>
public sealed class RuleSettingsTests : IAsyncLifetime
{
    private const string RawFood = "/api/settings/rules/categories/raw-or-cold";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync(null, "--Rules:Watch:CheckSeconds=3600");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATighterCategoryLimitSetByTheAdminJudgesTheNextReadingsOfADeliveryOfThatFood()
    {
        var pickup = Senml.NowSeconds() - 900;
        await using var box = await DeliveringRawFoodAsync("BX-RS1", "ORD-RS1", pickup);
        // 6.5 °C for 4 minutes: within the chilled compartment's 8 °C, so nothing to say yet.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, pickup, [.. Every30Seconds(0, 240, 6.5)]));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 9, "the readings");
        await CheckNowAsync();
        Assert.Empty(await FoodAlertsAsync(box.BoxId));

        var put = await _server.Http.PutAsJsonAsync(RawFood, new { maxCelsius = 5.0, graceMinutes = 3.0 }, Ct);
        var change = await put.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CategoryChangeResult>(Json, Ct);
        Assert.Equal("raw-or-cold: max kind's → 5 °C, grace kind's → 3 min (kind → setting)", change!.Change);
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, pickup, ("c1", 270.0, 6.5)));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 10, "the next reading");
        await CheckNowAsync();

        var alert = Assert.Single(await FoodAlertsAsync(box.BoxId));
        Assert.Equal(("open", "ORD-RS1"), (alert.State, alert.OrderId));
        Assert.Equal((pickup + 180) * 1000, alert.RaisedAt.ToUnixTimeMilliseconds());
        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-RS1/handover", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup + 300) }, Ct)).EnsureSuccessStatusCode();
        var verdict = await Eventually.ReturnsAsync(() => VerdictAsync("ORD-RS1"), v => v is not null, "the verdict");
        Assert.Equal(5, Assert.Single(verdict!.Compartments).LimitCelsius);
        Assert.Contains(verdict.Reasons, r => r.Contains("more than the 3 min allowed", StringComparison.Ordinal));
        Assert.Equal(5, _server.GetRequiredService<CompartmentRules>().InForce.Categories[FoodCategories.RawOrCold].MaxCelsius);
    }

    [Theory]
    [InlineData("raw-or-cold", "maxCelsius", 9.0, "may only lower the maximum of 8")]
    [InlineData("hot", "minCelsius", 55.0, "may only raise the minimum of 60")]
    [InlineData("frozen", "graceMinutes", 10.0, "may only shorten the grace time of 5")]
    [InlineData("chilled", "minCelsius", 2.0, "minCelsius is for food kept hot")]
    [InlineData("ambient", "maxCelsius", 20.0, "ambient food has no temperature limits")]
    [InlineData("sweets", "maxCelsius", 5.0, "no food category sweets")]
    public async Task AValueThatDoesNotTightenTheRegulationIsRefusedWithItsReasonAndChangesNothing(string category, string field, double value, string reason)
    {
        var response = await _server.Http.PutAsJsonAsync($"/api/settings/rules/categories/{category}", new Dictionary<string, double> { [field] = value }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var settings = await SettingsAsync(_server.Http);
        Assert.All(settings.Categories, c => Assert.Equal((CategoryLimitsView.FromKind, LimitValues.None), (c.Source, c.InForce)));
        Assert.DoesNotContain((await _server.Http.AuditAsync("?action=config.changed&target=settings")).Entries, e => e.TargetId != "server");
    }

    [Fact]
    public async Task OnlyAnAdminMayReadOrChangeTheRuleSettings()
    {
        var manager = await _server.ClientForAsync("rs-manager", "manager", "meituan");
        var regulator = await _server.ClientForAsync("rs-regulator", "regulator", null, "4403");
        var anonymous = _server.ClientWithToken(null);

        foreach (var (client, status) in new[] { (manager, HttpStatusCode.Forbidden), (regulator, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(status, (await client.GetAsync(new Uri("/api/settings/rules", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(status, (await client.PutAsJsonAsync(RawFood, new { maxCelsius = 5.0 }, Ct)).StatusCode);
            Assert.Equal(status, (await client.DeleteAsync(new Uri(RawFood, UriKind.Relative), Ct)).StatusCode);
        }

        Assert.Equal(CategoryLimitsView.FromKind, (await SettingsAsync(_server.Http)).Categories.Single(c => c.Category == FoodCategories.RawOrCold).Source);
    }

    [Fact]
    public async Task EachChangeIsInTheAuditTrailWithBeforeAndAfterInTheAdminsName()
    {
        (await _server.Http.PutAsJsonAsync(RawFood, new { maxCelsius = 5.0 }, Ct)).EnsureSuccessStatusCode();
        (await _server.Http.PutAsJsonAsync(RawFood, new { maxCelsius = 4.0, graceMinutes = 2.0 }, Ct)).EnsureSuccessStatusCode();
        (await _server.Http.DeleteAsync(new Uri(RawFood, UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        var entries = (await _server.Http.AuditAsync("?action=config.changed&target=settings/rules/categories/raw-or-cold")).Entries;
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(FleetServer.AdminName, e.Actor));
        var (reset, second, first) = (entries[0], entries[1], entries[2]);
        Assert.Equal((null, "kind", "5", "setting"), (AuditApi.Field(first.Before, "maxCelsius"), AuditApi.Field(first.Before, "source"), AuditApi.Field(first.After, "maxCelsius"), AuditApi.Field(first.After, "source")));
        Assert.Equal(("5", null, "4", "2"), (AuditApi.Field(second.Before, "maxCelsius"), AuditApi.Field(second.Before, "graceMinutes"), AuditApi.Field(second.After, "maxCelsius"), AuditApi.Field(second.After, "graceMinutes")));
        Assert.Equal(("4", null, "kind"), (AuditApi.Field(reset.Before, "maxCelsius"), AuditApi.Field(reset.After, "maxCelsius"), AuditApi.Field(reset.After, "source")));
        Assert.True((await _server.Http.VerifyAuditAsync()).Intact);
    }

    [Fact]
    public async Task ASettingSurvivesARestartAndAResetPutsTheConfiguredDefaultBack()
    {
        var directory = FleetServer.NewDataDirectory();
        try
        {
            const string configured = "--Rules:Categories:raw-or-cold:MaxCelsius=6";
            await using (var first = await FleetServer.StartAsync(directory, configured))
            {
                (await first.Http.PutAsJsonAsync(RawFood, new { maxCelsius = 4.0 }, Ct)).EnsureSuccessStatusCode();
            }

            await using var second = await FleetServer.StartAsync(directory, configured);
            var raw = (await SettingsAsync(second.Http)).Categories.Single(c => c.Category == FoodCategories.RawOrCold);
            Assert.Equal((4.0, 6.0, CategoryLimitsView.FromSetting, FleetServer.AdminName), (raw.InForce.MaxCelsius, raw.Configured.MaxCelsius, raw.Source, raw.ChangedBy));
            Assert.Equal(4, second.GetRequiredService<CompartmentRules>().CategoryLimits[FoodCategories.RawOrCold].MaxCelsius);

            var reset = await (await second.Http.DeleteAsync(new Uri(RawFood, UriKind.Relative), Ct)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CategoryChangeResult>(Json, Ct);
            Assert.Equal((6.0, CategoryLimitsView.FromConfiguration), (reset!.Category!.InForce.MaxCelsius, reset.Category.Source));
            Assert.Equal(6, second.GetRequiredService<CompartmentRules>().CategoryLimits[FoodCategories.RawOrCold].MaxCelsius);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            FleetServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task TheKindsLimitsAreTheRegulationsAndReadOnly()
    {
        var settings = await SettingsAsync(_server.Http);

        Assert.Equal(
            [("chilled", 8.0, (double?)null, "regulation"), ("frozen", -18.0, -15.0, "regulation"), ("hot", (double?)null, (double?)null, "regulation")],
            settings.Kinds.Select(k => (k.Kind, k.MaxCelsius, k.InstantMaxCelsius, k.Source)));
        Assert.Equal(60, settings.Kinds.Single(k => k.Kind == "hot").MinCelsius);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _server.Http.PutAsJsonAsync("/api/settings/rules", new { }, Ct)).StatusCode);
    }

    [Fact]
    public async Task TheSettingsPagesDataActsAsTheSignedInAdminForCategoriesAndBoxesAndRefusesAManager()
    {
        (await _server.Http.PutAsJsonAsync("/api/boxes/BX-RS9/profile", new { inService = "2025-01-02", compartments = new[] { new { channel = "c1", capability = "chilled" } } }, Ct)).EnsureSuccessStatusCode();
        using var admin = CircuitOf("ada", "admin");
        using var manager = CircuitOf("mo", "manager", "meituan");
        var adminSettings = admin.ServiceProvider.GetRequiredService<IRuleSettings>();
        var managerSettings = manager.ServiceProvider.GetRequiredService<IRuleSettings>();

        Assert.Null((await adminSettings.SaveCategoryAsync(FoodCategories.Hot, new LimitValues(null, 65, null), Ct)).Problem);
        var looser = await adminSettings.SaveBoxLimitsAsync("BX-RS9", [new CompartmentLimitsView("c1", "chilled", new(9, null, null))], Ct);
        var saved = await adminSettings.SaveBoxLimitsAsync("BX-RS9", [new CompartmentLimitsView("c1", "chilled", new(5, null, 3))], Ct);

        Assert.Contains("compartment c1: maxCelsius may only lower the maximum of 8", looser.Problem, StringComparison.Ordinal);
        Assert.Equal(new LimitValues(5, null, 3), Assert.Single(saved.Box!.Compartments).Limits);
        var rule = _server.GetRequiredService<CompartmentRules>().For("BX-RS9", "c1", CompartmentKinds.Chilled)!;
        Assert.Equal((5.0, 3.0), (rule.Limit, rule.Options.GraceMinutes));
        var hot = await _server.Http.SingleAsync("config.changed", "settings/rules/categories/hot");
        var box = await _server.Http.AuditAsync("?action=config.changed&target=box-profile/BX-RS9");
        Assert.Equal(("ada", "dashboard"), (hot.Actor, hot.ClientAddress));
        Assert.Equal("ada", box.Entries[0].Actor);
        Assert.Equal(2, box.Entries.Count);

        Assert.NotNull((await managerSettings.GetRulesAsync(Ct)).Refusal);
        Assert.NotNull((await managerSettings.SaveCategoryAsync(FoodCategories.Hot, new LimitValues(null, 70, null), Ct)).Problem);
        Assert.NotNull((await managerSettings.SaveBoxLimitsAsync("BX-RS9", [new CompartmentLimitsView("c1", "chilled", LimitValues.None)], Ct)).Problem);
        Assert.Empty(await managerSettings.GetBoxProfilesAsync(Ct));
        Assert.Equal(65, _server.GetRequiredService<CompartmentRules>().CategoryLimits[FoodCategories.Hot].MinCelsius);
    }

    // A dashboard circuit's services with its signed-in user, as Blazor sets it when the circuit starts.
    private IServiceScope CircuitOf(string name, string role, string? platform = null)
    {
        var identity = new ClaimsIdentity("test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        if (platform is not null)
        {
            identity.AddClaim(new Claim(Fleet.Server.Access.FleetClaims.Platform, platform));
        }

        var scope = _server.Services.CreateScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        return scope;
    }

    private static (string, double, double)[] Every30Seconds(int fromSeconds, int toSeconds, double celsius) =>
        [.. Enumerable.Range(0, ((toSeconds - fromSeconds) / 30) + 1).Select(i => ("c1", (double)(fromSeconds + (i * 30)), celsius))];

    private static async Task<RuleSettingsView> SettingsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<RuleSettingsView>("/api/settings/rules", Json, Ct))!;

    // A chilled box, disinfected, carrying raw food picked up at pickup (Unix seconds) by a fit courier.
    private async Task<TestBox> DeliveringRawFoodAsync(string boxId, string orderId, long pickup)
    {
        var today = PlatformDay.Today;
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-RS", new { name = "Han Mei", certificateExpires = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, Ct)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-RS/health-checks", new { passed = true }, Ct)).EnsureSuccessStatusCode();
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), compartments = new[] { new { channel = "c1", capability = "chilled" } } }, Ct)).EnsureSuccessStatusCode();
        var box = await TestBox.ConnectAsync(_server, boxId);
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{pickup - 7200},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant = "Harbour Sushi", address = "8 Quay Street",
            processedAt = DateTimeOffset.FromUnixTimeSeconds(pickup - 300), promisedAt = DateTimeOffset.FromUnixTimeSeconds(pickup + 1800),
            items = new[] { new { name = "Tuna sashimi", category = FoodCategories.RawOrCold } },
        }, Ct)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId = "CR-RS", boxId }, Ct),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
        (await _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/pickup", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup) }, Ct)).EnsureSuccessStatusCode();
        return box;
    }

    private Task CheckNowAsync() => _server.GetRequiredService<FleetWatch>().CheckAsync(DateTimeOffset.UtcNow, Ct);

    private async Task<List<AlertView>> FoodAlertsAsync(string boxId) =>
        [.. (await _server.AlertsAsync("all", boxId)).Where(a => a.Rule == WatchCodes.FoodBeyondLimit)];

    private async Task<Fleet.Server.Verdicts.DeliveryVerdict?> VerdictAsync(string orderId)
    {
        var response = await _server.Http.GetAsync(new Uri($"/api/deliveries/{orderId}/verdict", UriKind.Relative), Ct);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Fleet.Server.Verdicts.DeliveryVerdict>(Json, Ct);
    }
}
