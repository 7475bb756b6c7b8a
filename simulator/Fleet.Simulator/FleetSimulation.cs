using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Simulator;

/// <summary>
/// Runs N virtual boxes against an MQTT broker: one background loop steps every box every
/// <see cref="SimulationOptions.StepPeriod"/> and applies the scheduled faults at their device time.
/// </summary>
public sealed class FleetSimulation : IAsyncDisposable
{
    private readonly SimulationOptions _options;
    private readonly ILogger _logger;
    private readonly VirtualClock _clock;
    private readonly List<VirtualBox> _boxes = [];
    private readonly Dictionary<string, VirtualBox> _byId = new(StringComparer.Ordinal);
    private readonly List<ScheduledFault> _pendingFaults;
    private readonly List<(TimeSpan At, VirtualBox Box)> _pendingRestores = [];
    private CancellationTokenSource? _cts;
    private Task? _loop;

    /// <summary>Creates the boxes; nothing connects before <see cref="StartAsync"/>.</summary>
    public FleetSimulation(SimulationOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<FleetSimulation>();
        _clock = new VirtualClock(options.Start ?? DateTimeOffset.UtcNow, options.Speed);
        var boxLogger = loggerFactory.CreateLogger<VirtualBox>();
        for (int i = 1; i <= options.Boxes; i++)
        {
            var box = new VirtualBox(options.BoxId(i), unchecked((options.Seed * 1_000_003) + i), options, _clock, boxLogger);
            _boxes.Add(box);
            _byId.Add(box.BoxId, box);
        }

        foreach (var fault in options.Faults)
        {
            if (!_byId.ContainsKey(fault.BoxId))
            {
                throw new ArgumentException($"Scheduled fault for unknown box '{fault.BoxId}'.", nameof(options));
            }
        }

        _pendingFaults = [.. options.Faults.OrderBy(f => f.AtDeviceTime)];
    }

    /// <summary>The boxes, in id order.</summary>
    public IReadOnlyList<VirtualBox> Boxes => _boxes;

    /// <summary>The box with id <paramref name="boxId"/>.</summary>
    public VirtualBox this[string boxId] =>
        _byId.TryGetValue(boxId, out var box) ? box : throw new KeyNotFoundException($"No virtual box '{boxId}'.");

    /// <summary>Current device time of the fleet.</summary>
    public DateTimeOffset DeviceNow => _clock.Now;

    /// <summary>The fleet's device clock.</summary>
    public VirtualClock Clock => _clock;

    /// <summary>Starts device time and the step loop; boxes connect in the background. Returns once started.</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (_loop is not null)
        {
            throw new InvalidOperationException("The simulation is already started.");
        }

        _clock.Begin();
        _cts = new CancellationTokenSource();
        StepAll(); // first samples and connection attempts now, not one period later
        _loop = Task.Run(() => RunAsync(_cts.Token), CancellationToken.None);
        _logger.LogInformation("Simulating {Boxes} boxes against {Host}:{Port} at {Speed}× speed", _boxes.Count, _options.BrokerHost, _options.BrokerPort, _options.Speed);
        return Task.CompletedTask;
    }

    /// <summary>Stops stepping and powers the boxes off (the broker publishes their offline wills).</summary>
    public async Task StopAsync()
    {
        if (_cts is null || _loop is null)
        {
            return;
        }

        await _cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var box in _boxes)
        {
            box.PowerOff();
        }

        _cts.Dispose();
        _cts = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.StepPeriod);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            ApplyDueFaults();
            StepAll();
        }
    }

    private void StepAll()
    {
        foreach (var box in _boxes)
        {
            try
            {
                box.Step();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogError(ex, "{BoxId} step failed", box.BoxId);
            }
        }
    }

    private void ApplyDueFaults()
    {
        var elapsed = _clock.Elapsed;
        while (_pendingFaults.Count > 0 && _pendingFaults[0].AtDeviceTime <= elapsed)
        {
            var fault = _pendingFaults[0];
            _pendingFaults.RemoveAt(0);
            var box = _byId[fault.BoxId];
            _logger.LogInformation("Fault {Kind} on {BoxId} at +{At}", fault.Kind, fault.BoxId, fault.AtDeviceTime);
            switch (fault.Kind)
            {
                case FaultKind.CoolingFailure:
                    box.InjectCoolingFailure();
                    if (fault.Duration is { } d)
                    {
                        _pendingRestores.Add((fault.AtDeviceTime + d, box));
                    }

                    break;
                case FaultKind.NetworkDrop:
                    box.DropNetwork(fault.Duration ?? TimeSpan.FromMinutes(5));
                    break;
                case FaultKind.Reboot:
                    box.Reboot();
                    break;
                case FaultKind.LidOpen:
                    box.OpenLid(fault.Duration ?? TimeSpan.FromMinutes(2));
                    break;
            }
        }

        for (int i = _pendingRestores.Count - 1; i >= 0; i--)
        {
            if (_pendingRestores[i].At <= elapsed)
            {
                _pendingRestores[i].Box.RestoreCooling();
                _pendingRestores.RemoveAt(i);
            }
        }
    }
}
