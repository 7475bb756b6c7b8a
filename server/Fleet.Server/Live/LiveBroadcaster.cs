using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Verdicts;
using Microsoft.AspNetCore.SignalR;

namespace Fleet.Server.Live;

/// <summary>
/// Pushes changes to browsers (SignalR) and to the dashboard's IFleetFeed. Producers only mark a
/// box or delivery dirty or enqueue; loops do the pushing, so a slow browser never slows ingestion
/// or the rules. Box and delivery changes are coalesced: each is sent at most once per tick.
/// </summary>
public sealed class LiveBroadcaster(
    BoxRegistry registry,
    AlertService alerts,
    DeliveryStore deliveries,
    VerdictStore verdicts,
    BoxViews views,
    BoxStatusCache status,
    FleetFeed feed,
    LiveReadingsQueue readings,
    IHubContext<FleetHub> hub,
    TimeProvider time,
    ILogger<LiveBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan BoxTick = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _dirtyDeliveries = new(StringComparer.Ordinal);
    private readonly Channel<Alert> _alerts = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        registry.Changed += MarkDirty;
        alerts.Changed += OnAlertChanged;
        deliveries.Changed += MarkDeliveryDirty;
        verdicts.Saved += MarkDeliveryDirty;
        status.Changed += MarkDirty;
        stoppingToken.Register(() =>
        {
            registry.Changed -= MarkDirty;
            alerts.Changed -= OnAlertChanged;
            deliveries.Changed -= MarkDeliveryDirty;
            verdicts.Saved -= MarkDeliveryDirty;
            status.Changed -= MarkDirty;
        });

        return Task.WhenAll(
            PushBoxesAsync(stoppingToken),
            PushDeliveriesAsync(stoppingToken),
            PushAlertsAsync(stoppingToken),
            PushReadingsAsync(stoppingToken));
    }

    private void MarkDirty(string boxId) => _dirty.TryAdd(boxId, 0);

    private void MarkDeliveryDirty(string orderId) => _dirtyDeliveries.TryAdd(orderId, 0);

    private void OnAlertChanged(Alert alert)
    {
        _alerts.Writer.TryWrite(alert);
        MarkDirty(alert.BoxId);
    }

    private async Task PushBoxesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BoxTick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var boxId in _dirty.Keys)
                {
                    _dirty.TryRemove(boxId, out _);
                    if (views.Find(boxId) is not { } view)
                    {
                        continue;
                    }

                    feed.RaiseBoxChanged(view);
                    var fleet = registry.PlatformOf(boxId) is { } platform
                        ? hub.Clients.Groups(FleetHub.FleetGroup, FleetHub.PlatformGroup(platform))
                        : hub.Clients.Group(FleetHub.FleetGroup);
                    await SendAsync(fleet, "box", view, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushDeliveriesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BoxTick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var orderId in _dirtyDeliveries.Keys)
                {
                    _dirtyDeliveries.TryRemove(orderId, out _);
                    feed.RaiseDeliveryChanged(orderId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAlertsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var alert in _alerts.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var view = alert.ToView();
                feed.RaiseAlertChanged(view);
                var groups = registry.PlatformOf(alert.BoxId) is { } platform
                    ? hub.Clients.Groups(FleetHub.FleetGroup, FleetHub.PlatformGroup(platform), FleetHub.BoxGroup(alert.BoxId))
                    : hub.Clients.Groups(FleetHub.FleetGroup, FleetHub.BoxGroup(alert.BoxId));
                await SendAsync(groups, "alert", view, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushReadingsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in readings.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var list = new List<LiveReading>(batch.NewReadings.Count);
                for (var i = 0; i < batch.NewReadings.Count; i++)
                {
                    var reading = batch.NewReadings[i];
                    list.Add(new LiveReading(reading.Channel, DateTimeOffset.FromUnixTimeMilliseconds(reading.DeviceTimeMs), reading.Value));
                }

                await SendAsync(hub.Clients.Group(FleetHub.BoxGroup(batch.BoxId)), "readings", new LiveReadings(batch.BoxId, list), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(IClientProxy clients, string method, object message, CancellationToken cancellationToken)
    {
        try
        {
            await clients.SendAsync(method, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LiveLog.PushFailed(logger, method, exception);
        }
    }
}
