using Microsoft.Extensions.Options;

namespace Fleet.Server.Alerts;

/// <summary>
/// Escalates critical alerts that stay unacknowledged past Alerts:EscalateAfterSeconds. The age is
/// taken on server time from when the alert was stored, not from its device time: a late alert
/// about a backlog hours old still gives the fleet manager the full time to react.
/// </summary>
public sealed class AlertEscalator(AlertService alerts, TimeProvider time, IOptions<AlertsOptions> options, ILogger<AlertEscalator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.EscalationCheckSeconds), time);
        try
        {
            do
            {
                try
                {
                    var cutoff = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)(settings.EscalateAfterSeconds * 1000);
                    var escalated = await alerts.EscalateAsync(cutoff, stoppingToken).ConfigureAwait(false);
                    if (escalated > 0)
                    {
                        AlertsLog.Escalated(logger, escalated, settings.EscalateAfterSeconds);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    AlertsLog.EscalationFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
