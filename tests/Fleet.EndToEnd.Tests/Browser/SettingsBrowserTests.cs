using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Audit;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>The settings page in a real Chromium against the real server, signed in as the admin.</summary>
public sealed class SettingsBrowserTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAdminTightensAFoodCategorysLimitOnThePageAndTheServerKeepsItAndAuditsIt()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();

        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "settings"), server.Admin);
        var raw = page.Locator("[data-testid=category-row][data-category=raw-or-cold]");
        await raw.WaitForAsync();
        Assert.Equal(1, await page.Locator("nav a[href=settings]").CountAsync());

        // A looser value first: the server's reason is shown beside the row and nothing is stored.
        await raw.GetByTestId("max-input").FillAsync("9");
        await raw.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("category-problem")).ToContainTextAsync("may only lower the maximum of 8");

        await raw.GetByTestId("max-input").FillAsync("5");
        await raw.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirmation")).ToContainTextAsync("raw-or-cold: max kind's → 5 °C");
        await Assertions.Expect(raw).ToHaveAttributeAsync("data-source", "setting");

        var settings = await server.Http.GetFromJsonAsync<RuleSettingsView>("/api/settings/rules", Json, Cancellation);
        var stored = settings!.Categories.Single(c => c.Category == "raw-or-cold");
        Assert.Equal((5.0, CategoryLimitsView.FromSetting, server.Admin.Name), (stored.InForce.MaxCelsius, stored.Source, stored.ChangedBy));
        var audit = await server.Http.GetFromJsonAsync<AuditPage>("/api/audit?action=config.changed&target=settings/rules/categories/raw-or-cold", Json, Cancellation);
        var entry = Assert.Single(audit!.Entries);
        Assert.Equal((server.Admin.Name, "dashboard"), (entry.Actor, entry.ClientAddress));
        Assert.Contains("\"maxCelsius\":5", entry.After, StringComparison.Ordinal);
        Assert.Contains("\"source\":\"kind\"", entry.Before, StringComparison.Ordinal);
    }
}
