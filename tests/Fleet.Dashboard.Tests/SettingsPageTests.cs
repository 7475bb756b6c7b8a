using Fleet.Dashboard.Data;
using Fleet.Dashboard.Layout;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;

namespace Fleet.Dashboard.Tests;

public sealed class SettingsPageTests : DashboardTestContext
{
    [Fact]
    public void TheRegulationsLimitsAreReadOnlyAndEachFoodCategoryShowsItsLimitsAndSource()
    {
        var page = Render<SettingsPage>();

        Assert.Equal(["chilled", "frozen", "hot"], page.FindAll("[data-testid=kind-row]").Select(r => r.GetAttribute("data-kind")));
        Assert.Empty(page.FindAll("[data-testid=kind-row] input"));
        Assert.Contains("at least 60.0 °C", page.Find("[data-kind=hot]").TextContent, StringComparison.Ordinal);
        var raw = page.Find("[data-category=raw-or-cold]");
        Assert.Equal(("configuration", "6"), (raw.GetAttribute("data-source"), raw.QuerySelector("[data-testid=max-input]")!.GetAttribute("value")));
        Assert.Contains("Rules:Categories:raw-or-cold", raw.QuerySelector("[data-testid=category-source]")!.TextContent, StringComparison.Ordinal);
        // Food kept hot has a minimum, food kept cold a maximum: never both.
        Assert.Null(page.Find("[data-category=hot]").QuerySelector("[data-testid=max-input]"));
        Assert.Null(raw.QuerySelector("[data-testid=min-input]"));
        Assert.True(raw.QuerySelector("[data-testid=reset]")!.HasAttribute("disabled"));
    }

    [Fact]
    public void SavingARowSendsItsLimitsAndConfirmsWhatChanged()
    {
        var page = Render<SettingsPage>();
        Assert.True(page.Find("[data-category=raw-or-cold] [data-testid=save]").HasAttribute("disabled"));

        page.Find("[data-category=raw-or-cold] [data-testid=max-input]").Input("5");
        page.Find("[data-category=raw-or-cold] [data-testid=grace-input]").Input("3");
        page.Find("[data-category=raw-or-cold] [data-testid=save]").Click();

        Assert.Equal(("raw-or-cold", new LimitValues(5, null, 3)), Assert.Single(RuleSettings.Saved));
        Assert.Contains("raw-or-cold: max 6 → 5 °C", page.Find("[data-testid=confirmation]").TextContent, StringComparison.Ordinal);
        var raw = page.Find("[data-category=raw-or-cold]");
        Assert.Equal("setting", raw.GetAttribute("data-source"));
        Assert.Contains("set by test-admin", raw.QuerySelector("[data-testid=category-source]")!.TextContent, StringComparison.Ordinal);
        Assert.False(raw.QuerySelector("[data-testid=reset]")!.HasAttribute("disabled"));
    }

    [Fact]
    public void ALooserValueIsRefusedWithTheServersReasonBesideItsRowAndNothingIsConfirmed()
    {
        var page = Render<SettingsPage>();

        var max = page.Find("[data-category=chilled] [data-testid=max-input]");
        max.Input("9");
        page.Find("[data-category=chilled] [data-testid=save]").Click();

        Assert.Empty(RuleSettings.Saved);
        var problem = page.Find("[data-testid=category-problem]");
        Assert.Equal("alert", problem.GetAttribute("role"));
        Assert.Contains("may only lower the maximum of 8 °C", problem.TextContent, StringComparison.Ordinal);
        max = page.Find("[data-category=chilled] [data-testid=max-input]");
        Assert.Equal(("true", problem.Id), (max.GetAttribute("aria-invalid"), max.GetAttribute("aria-describedby")));
        Assert.Empty(page.FindAll("[data-testid=confirmation]"));
        Assert.Equal("kind", page.Find("[data-category=chilled]").GetAttribute("data-source"));
    }

    [Fact]
    public void ResettingARowPutsItsConfiguredDefaultBack()
    {
        RuleSettings.Categories[1] = RuleSettings.Categories[1] with { InForce = new(4, null, 2), Source = CategoryLimitsView.FromSetting, ChangedBy = "ada", ChangedAt = Views.Now };
        var page = Render<SettingsPage>();

        page.Find("[data-category=raw-or-cold] [data-testid=reset]").Click();

        Assert.Equal(["raw-or-cold"], RuleSettings.Reset);
        var raw = page.Find("[data-category=raw-or-cold]");
        Assert.Equal(("configuration", "6", ""), (raw.GetAttribute("data-source"), raw.QuerySelector("[data-testid=max-input]")!.GetAttribute("value"), raw.QuerySelector("[data-testid=grace-input]")!.GetAttribute("value") ?? ""));
        Assert.Contains("Reset.", page.Find("[data-testid=confirmation]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void BoxesHoldingACompartmentToLimitsOfTheirOwnAreListedWithALinkToTheirPage()
    {
        RuleSettings.Profiles.Add(new BoxProfileLimitsView("BX-0001", new DateOnly(2025, 1, 2), [new CompartmentLimitsView("c1", "chilled", LimitValues.None)]));
        RuleSettings.Profiles.Add(new BoxProfileLimitsView("BX-0002", new DateOnly(2025, 3, 4), [new CompartmentLimitsView("c1", "chilled", new(5, null, 3)), new CompartmentLimitsView("c2", "hot", LimitValues.None)]));

        var page = Render<SettingsPage>();

        var row = Assert.Single(page.FindAll("[data-testid=profile-row]"));
        Assert.Equal("boxes/BX-0002", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("c1 chilled: max 5.0 °C, grace 3 min", Assert.Single(row.QuerySelectorAll("[data-testid=profile-compartment]")).TextContent.Trim());
        Assert.Contains("2 boxes with a profile; 1 set limits of their own", page.Find("[data-testid=profiles-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ABoxFoundBySearchHasItsCompartmentLimitsEditedAndSaved()
    {
        RuleSettings.Profiles.Add(new BoxProfileLimitsView("BX-0007", new DateOnly(2025, 1, 2), [new CompartmentLimitsView("c1", "chilled", LimitValues.None), new CompartmentLimitsView("c2", "hot", LimitValues.None)]));
        var page = Render<SettingsPage>();
        Assert.NotNull(page.Find("[data-testid=profiles-none]"));

        page.Find("[data-testid=profile-search]").Input("bx-0007");
        page.Find("[data-box-id=BX-0007] [data-testid=edit-profile]").Click();
        page.Find("[data-channel=c1] [data-testid=box-max-input]").Input("9");
        page.Find("form.profile-editor").Submit();
        Assert.Contains("compartment c1: maxCelsius may only lower the maximum of 8", page.Find("[data-testid=profile-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(RuleSettings.SavedBoxes);

        page.Find("[data-channel=c1] [data-testid=box-max-input]").Input("5");
        page.Find("[data-channel=c2] [data-testid=box-min-input]").Input("65");
        page.Find("form.profile-editor").Submit();

        var (boxId, compartments) = Assert.Single(RuleSettings.SavedBoxes);
        Assert.Equal(("BX-0007", new LimitValues(5, null, null), new LimitValues(null, 65, null)), (boxId, compartments[0].Limits, compartments[1].Limits));
        Assert.Contains("Saved BX-0007's compartment limits", page.Find("[data-testid=profile-confirmation]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=profile-editor]"));
        Assert.Equal(["c1 chilled: max 5.0 °C", "c2 hot: min 65.0 °C"], page.FindAll("[data-box-id=BX-0007] [data-testid=profile-compartment]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void WithoutProfilesTheSectionSaysSo()
    {
        var page = Render<SettingsPage>();

        Assert.Contains("No box has a profile yet", page.Find("[data-testid=profiles-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AUserWhoIsNotAnAdminIsToldWhyAndShownNothing()
    {
        RuleSettings.Refusal = "Only admins may see and change the rule settings.";

        var page = Render<SettingsPage>();

        Assert.Contains("Only admins", page.Find("[data-testid=refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=category-row]"));
    }

    [Fact]
    public void ASettingsFailureIsShownWithAWayToTryAgain()
    {
        RuleSettings.Failure = new InvalidOperationException("database is locked");
        var page = Render<SettingsPage>();
        Assert.Contains("database is locked", page.Find("[data-testid=error]").TextContent, StringComparison.Ordinal);

        RuleSettings.Failure = null;
        page.Find("[data-testid=retry]").Click();

        Assert.Equal(4, page.FindAll("[data-testid=category-row]").Count);
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("manager", false)]
    [InlineData("regulator", false)]
    public void OnlyAnAdminIsOfferedTheSettingsPage(string role, bool shown)
    {
        Authorization.SetRoles(role);

        var layout = Render<MainLayout>();

        Assert.Equal(shown, layout.FindAll("nav a").Any(a => a.GetAttribute("href") == "settings"));
    }
}
