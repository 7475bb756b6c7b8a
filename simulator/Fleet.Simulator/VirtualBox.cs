using Fleet.Firmware;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;
using Fleet.Simulator.Boxes;
using Fleet.Simulator.Mqtt;
using Fleet.Simulator.Thermal;
using Microsoft.Extensions.Logging;

namespace Fleet.Simulator;

/// <summary>
/// One delivery box: a real <see cref="BoxFirmware"/> over simulated compartments (c1 chilled, c2 frozen,
/// c3 hot), an ambient drift, the power-loss-safe flash queue over flash bytes that survive reboots,
/// and a real MQTT client.
/// The simulation's loop steps it; the fault methods may be called from any thread.
/// </summary>
public sealed class VirtualBox
{
    private const int FlashRecords = 20_000;

    private readonly Lock _gate = new();
    private readonly VirtualClock _clock;
    private readonly SimulationOptions _options;
    private readonly ILogger _logger;
    private readonly BoxConfig _config;
    private readonly InMemoryFlashFile _flash = new(64 + (FlashRecords * FlashRecordStorage.DefaultSlotSize));
    private FlashRecordStorage _storage;
    private readonly SimulatedUvcLamp _uvcLamp;
    private readonly CompartmentModel[] _compartments;
    private readonly AmbientModel _ambient;
    private readonly SimulatedSensors _sensors;
    private readonly SimulatedBuzzer _buzzer = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2Collection? _trustChain;
    private MqttNetLink _link;
    private BoxFirmware _firmware;
    private long _publishedBeforeReboot;
    private DateTimeOffset _modelTime;
    private DateTimeOffset? _networkBackAt;
    private DateTimeOffset? _lidClosesAt;
    private bool _wasOnline;
    private bool _stopped;

    internal VirtualBox(string boxId, int seed, SimulationOptions options, VirtualClock clock, ILogger logger)
    {
        BoxId = boxId;
        _options = options;
        if (options.TlsCaFile is not null)
        {
            _trustChain = [];
            _trustChain.ImportFromPemFile(options.TlsCaFile);
        }

        _clock = clock;
        _logger = logger;
        var random = new Random(seed);
        _ambient = new AmbientModel(25, 2, TimeSpan.FromHours(1), random);
        _compartments =
        [
            new CompartmentModel(4, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(3)),
            new CompartmentModel(-20, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(3)),
            new CompartmentModel(65, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(3)),
        ];
        _sensors = new SimulatedSensors(_compartments, _ambient, new Random(unchecked((seed * 31) + 7)));
        _uvcLamp = new SimulatedUvcLamp(_sensors);
        _storage = new FlashRecordStorage(_flash);

        _config = new BoxConfig(boxId)
        {
            FirmwareVersion = "1.0.0-sim",
            IntervalSeconds = options.IntervalSeconds,
            QueueCapacity = FlashRecords,
            RandomSeed = seed == 0 ? 1 : seed,

            // PUBACKs take real milliseconds; at high speed a fixed device-time timeout would expire before them.
            PublishTimeoutMs = (int)Math.Min(int.MaxValue, Math.Max(30_000, 10_000 * options.Speed)),
        };
        _config.AddCompartment(1, CompartmentKinds.Chilled);
        _config.AddCompartment(2, CompartmentKinds.Frozen);
        _config.AddCompartment(3, CompartmentKinds.Hot);
        _modelTime = clock.Now;
        _link = NewLink();
        _firmware = NewFirmware();
    }

    /// <summary>The box id.</summary>
    public string BoxId { get; }

    /// <summary>Records the server has acknowledged, across reboots.</summary>
    public long Published
    {
        get
        {
            lock (_gate)
            {
                return _publishedBeforeReboot + _firmware.Published;
            }
        }
    }

    /// <summary>Records the box had to drop because its flash was full (kept in flash, so across reboots).</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _storage.Dropped;
            }
        }
    }

    /// <summary>Records waiting in flash.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _storage.Count;
            }
        }
    }

    /// <summary>True while the box has an MQTT session and has announced itself online.</summary>
    public bool Connected
    {
        get
        {
            lock (_gate)
            {
                return _firmware.IsOnline && _link.IsConnected;
            }
        }
    }

    /// <summary>Sessions re-established after a loss, since the last reboot.</summary>
    public int Reconnects
    {
        get
        {
            lock (_gate)
            {
                return _firmware.Reconnects;
            }
        }
    }

    /// <summary>True while the local alarm sounds.</summary>
    public bool AlarmSounding
    {
        get
        {
            lock (_gate)
            {
                return _buzzer.On;
            }
        }
    }

    /// <summary>The compartment's cooling (or heating) stops: it drifts toward ambient.</summary>
    public void InjectCoolingFailure(string channel = "c1") => SetActiveElement(channel, working: false);

    /// <summary>The compartment's cooling (or heating) works again.</summary>
    public void RestoreCooling(string channel = "c1") => SetActiveElement(channel, working: true);

    /// <summary>The box loses the network for <paramref name="deviceDuration"/> of device time; it keeps sampling into its queue.</summary>
    public void DropNetwork(TimeSpan deviceDuration)
    {
        lock (_gate)
        {
            _networkBackAt = _clock.Now + deviceDuration;
            _link.NetworkUp = false;
            _logger.LogInformation("{BoxId} network down for {Duration} (device time)", BoxId, deviceDuration);
        }
    }

    /// <summary>The box restarts: a new firmware instance and MQTT client over the same flash, so the queue survives.</summary>
    public void Reboot()
    {
        lock (_gate)
        {
            _publishedBeforeReboot += _firmware.Published;
            bool networkUp = _link.NetworkUp;
            _link.Dispose();
            _link = NewLink();
            _link.NetworkUp = networkUp;
            _sensors.Uvc = false; // the relay drops with the power
            _storage = new FlashRecordStorage(_flash); // the queue is recovered from the same flash bytes
            _firmware = NewFirmware();
            _wasOnline = false;
            _logger.LogInformation("{BoxId} rebooted with {Queued} records in flash", BoxId, _storage.Count);
        }
    }

    /// <summary>The lid stays open for <paramref name="deviceDuration"/> of device time.</summary>
    public void OpenLid(TimeSpan deviceDuration)
    {
        lock (_gate)
        {
            _lidClosesAt = _clock.Now + deviceDuration;
            SetLid(true);
        }
    }

    /// <summary>The courier presses pickup.</summary>
    public void PressPickup(string? orderId = null)
    {
        lock (_gate)
        {
            _firmware.PressPickup(orderId);
        }
    }

    /// <summary>The courier presses hand-over.</summary>
    public void PressHandover(string? orderId = null)
    {
        lock (_gate)
        {
            _firmware.PressHandover(orderId);
        }
    }

    /// <summary>The UV-C disinfection lamp switches on or off (the simulated UV sensor sees it).</summary>
    public void UvcLamp(bool on)
    {
        lock (_gate)
        {
            _sensors.Uvc = on;
            _firmware.UvcLamp(on);
        }
    }

    /// <summary>The box starts a disinfection cycle itself: its relay switches the lamp on until the dose is reached.</summary>
    public bool StartDisinfection()
    {
        lock (_gate)
        {
            return _firmware.StartDisinfection();
        }
    }

    /// <summary>True while a disinfection cycle runs.</summary>
    public bool Disinfecting
    {
        get
        {
            lock (_gate)
            {
                return _firmware.DisinfectionRunning;
            }
        }
    }

    /// <summary>The true simulated temperature of "c1", "c2", "c3" or "ambient", °C.</summary>
    public double TemperatureOf(string channel)
    {
        lock (_gate)
        {
            if (channel == Channels.Ambient)
            {
                return _ambient.Temperature;
            }

            return Compartment(channel).Temperature;
        }
    }

    /// <summary>One turn: advance physics to device now, restore timed faults, feed link events, run the firmware.</summary>
    internal void Step()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = _clock.Now;
            var elapsed = now - _modelTime;
            _modelTime = now;
            _ambient.Advance(elapsed);
            foreach (var compartment in _compartments)
            {
                compartment.Advance(elapsed, _ambient.Temperature);
            }

            if (_networkBackAt is { } back && now >= back)
            {
                _networkBackAt = null;
                _link.NetworkUp = true;
                _logger.LogInformation("{BoxId} network back", BoxId);
            }

            if (_lidClosesAt is { } closes && now >= closes)
            {
                _lidClosesAt = null;
                SetLid(false);
            }

            while (_link.Inbox.TryDequeue(out var e))
            {
                if (e.Command is { } command)
                {
                    _firmware.OnCommand(command);
                }
                else
                {
                    _firmware.OnPublishAcknowledged(e.AcknowledgedToken);
                }
            }

            _firmware.Step();
            if (_firmware.IsOnline != _wasOnline)
            {
                _wasOnline = _firmware.IsOnline;
                if (_wasOnline)
                {
                    _logger.LogInformation("{BoxId} connected to {Host}:{Port} ({Queued} queued, {Reconnects} reconnects)", BoxId, _options.BrokerHost, _options.BrokerPort, _storage.Count, _firmware.Reconnects);
                }
                else
                {
                    _logger.LogInformation("{BoxId} lost its connection ({Queued} queued)", BoxId, _storage.Count);
                }
            }
        }
    }

    /// <summary>Powers the box off: the connection drops without DISCONNECT, so the broker publishes the offline will.</summary>
    internal void PowerOff()
    {
        lock (_gate)
        {
            _stopped = true;
            _link.Dispose();
        }
    }

    private void SetActiveElement(string channel, bool working)
    {
        lock (_gate)
        {
            Compartment(channel).ActiveElementWorking = working;
            _logger.LogInformation("{BoxId} {Channel} {State}", BoxId, channel, working ? "cooling restored" : "cooling failed");
        }
    }

    private void SetLid(bool open)
    {
        _sensors.Lid = open;
        foreach (var compartment in _compartments)
        {
            compartment.LidOpen = open;
        }
    }

    private CompartmentModel Compartment(string channel)
    {
        int n = Channels.CompartmentNumber(channel);
        if (n < 1 || n > _compartments.Length)
        {
            throw new ArgumentException($"Box {BoxId} has no channel '{channel}' (c1 … c{_compartments.Length} or ambient).", nameof(channel));
        }

        return _compartments[n - 1];
    }

    private MqttNetLink NewLink() => new(_options.BrokerHost, _options.BrokerPort, _options.SecretFor?.Invoke(BoxId), _trustChain, _logger);

    private BoxFirmware NewFirmware() => new(_config, _clock, _sensors, _buzzer, _link, _storage, _uvcLamp);
}
