using Bunit.TestDoubles;
using Fleet.Dashboard.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>A bUnit context wired as the server wires the dashboard: the feeds, a clock, interactive server rendering.</summary>
public abstract class DashboardTestContext : BunitContext
{
    /// <summary>Long enough for a slow machine; the throttle renders within a quarter second.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private protected FakeFleetFeed Feed { get; } = new();

    private protected FakeFleetRegisters Registers { get; } = new();

    private protected BunitAuthorizationContext Authorization { get; }

    private protected FakeAuditFeed AuditFeed { get; } = new();

    private protected FakeRegulatorData RegulatorData { get; } = new();

    private protected FakeRuleSettings RuleSettings { get; } = new();

    private protected FixedTimeProvider Clock { get; } =
        new(Views.Now, TimeZoneInfo.CreateCustomTimeZone("UTC+08", TimeSpan.FromHours(8), "UTC+08", "UTC+08"));

    protected DashboardTestContext()
    {
        // Pages are [Authorize]: an admin is signed in unless a test says otherwise.
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("test-admin");
        Authorization.SetRoles("admin");
        Services.AddSingleton<IFleetFeed>(Feed);
        Services.AddSingleton<IFleetRegisters>(Registers);
        Services.AddSingleton<IAuditFeed>(AuditFeed);
        Services.AddSingleton<IRegulatorData>(RegulatorData);
        Services.AddSingleton<IRuleSettings>(RuleSettings);
        Services.AddSingleton<TimeProvider>(Clock);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        DefaultWaitTimeout = Deadline;

        // fleet.js: the chart's pointer gestures and the filters written into the address; the browser tests cover those.
        JSInterop.SetupVoid("fleetChart.attach", _ => true).SetVoidResult();
        JSInterop.SetupVoid("fleet.rememberAddress", _ => true).SetVoidResult();
        // The layout's alert beacon: sound off unless a test turns it on.
        JSInterop.Setup<bool>("fleet.alertSound.isOn").SetResult(false);
        JSInterop.Setup<bool>("fleet.alertSound.set", _ => true).SetResult(true);
        JSInterop.SetupVoid("fleet.alertSound.chime").SetVoidResult();
    }
}
