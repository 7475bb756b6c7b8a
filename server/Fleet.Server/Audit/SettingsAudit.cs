using System.Text.Json;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Platform;
using Fleet.Server.Rules;
using Fleet.Server.Verdicts;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Audit;

/// <summary>
/// Protects the settings that decide verdicts and retention (EN 12830 asks that a recorder's
/// settings be protected and their changes traceable): these settings come from configuration
/// files and the command line, not the API, so at every start the server compares the settings in
/// force (rule limits, watch rules, alert escalation, retention, disinfection, verdicts, platform
/// calendar) with the last recorded ones and, when they differ, records config.changed by system
/// on target settings/server, with both versions.
/// </summary>
public sealed class SettingsAudit(
    AuditTrail trail,
    IOptions<RulesOptions> rules,
    IOptions<WatchOptions> watch,
    IOptions<AlertsOptions> alerts,
    IOptions<DeliveriesOptions> deliveries,
    IOptions<DisinfectionOptions> disinfection,
    IOptions<VerdictOptions> verdicts,
    IOptions<PlatformOptions> platform) : IHostedService
{
    /// <summary>The target under which the server's settings are recorded.</summary>
    public static readonly AuditTarget Target = new(AuditTarget.Settings, "server");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var current = JsonSerializer.Serialize(new
        {
            rules = rules.Value,
            watch = watch.Value,
            alerts = alerts.Value,
            deliveries = deliveries.Value,
            disinfection = disinfection.Value,
            verdicts = verdicts.Value,
            platform = platform.Value,
        }, Json);
        var last = await trail.QueryAsync(
            new AuditQuery(Action: AuditActions.ConfigChanged, TargetKind: Target.Kind, TargetId: Target.Id, Limit: 1), AuditScope.Admin, cancellationToken).ConfigureAwait(false);
        var previous = last.Entries.Count == 0 ? null : last.Entries[0].After;
        if (previous != current)
        {
            await trail.RecordAsync(new AuditEntry(AuditActions.ConfigChanged, AuditActor.System, Target, null, null, previous, current)).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
