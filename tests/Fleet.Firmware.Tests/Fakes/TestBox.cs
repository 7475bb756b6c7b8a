using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>A firmware instance over fakes, with the three compartments of a standard box.</summary>
public sealed class TestBox
{
    private readonly Func<IRecordStorage> _storageFactory;

    public TestBox(int queueCapacity = 1000, Action<BoxConfig>? configure = null, Func<IRecordStorage>? storageFactory = null)
    {
        Config = new BoxConfig("BX-0001");
        Config.AddCompartment(1, CompartmentKinds.Chilled);
        Config.AddCompartment(2, CompartmentKinds.Frozen);
        Config.AddCompartment(3, CompartmentKinds.Hot);
        configure?.Invoke(Config);
        var memory = new InMemoryRecordStorage(queueCapacity);
        _storageFactory = storageFactory ?? (() => memory);
        Storage = _storageFactory();
        Firmware = new BoxFirmware(Config, Clock, Sensors, Alarm, Link, Storage, Lamp);
    }

    public BoxConfig Config { get; }

    public FakeClock Clock { get; } = new();

    public FakeSensors Sensors { get; } = new();

    public FakeAlarmOutput Alarm { get; } = new();

    public FakeMqttLink Link { get; } = new();

    public FakeUvcLamp Lamp { get; } = new();

    /// <summary>The flash queue: by default in RAM; with a storage factory, reopened from flash at every reboot.</summary>
    public IRecordStorage Storage { get; private set; }

    public BoxFirmware Firmware { get; private set; }

    /// <summary>Power-cycles the box: a new firmware instance over the same flash.</summary>
    public void Reboot()
    {
        Storage = _storageFactory();
        Firmware = new BoxFirmware(Config, Clock, Sensors, Alarm, Link, Storage, Lamp);
    }

    /// <summary>Steps the firmware every second of device time for <paramref name="seconds"/>.</summary>
    public void Run(int seconds, bool ackEverything = false)
    {
        for (int i = 0; i < seconds; i++)
        {
            Firmware.Step();
            if (ackEverything)
            {
                AckAll();
            }

            Clock.Advance(1000);
        }
    }

    /// <summary>Steps every second, acknowledging everything, until the box is online (at most the 5 min back-off cap and a bit).</summary>
    public void RunUntilOnline()
    {
        for (int i = 0; i < 400 && !Firmware.IsOnline; i++)
        {
            Run(1, ackEverything: true);
        }

        Assert.True(Firmware.IsOnline, "the box did not reconnect within the back-off cap");
    }

    /// <summary>Acknowledges every publish so far (what a broker that stores everything does).</summary>
    public void AckAll()
    {
        foreach (var p in Link.Publishes)
        {
            Firmware.OnPublishAcknowledged(p.Token);
        }
    }

    /// <summary>Every telemetry record published, resolved to (channel, device time ms, value).</summary>
    public List<(string Channel, long TimeMs, double Value)> PublishedTelemetry() =>
        Link.On(Topics.Telemetry).SelectMany(p => Senml.Resolve(p.Payload)).Select(r => (r.Name, r.TimeMs, r.Value!.Value)).ToList();
}
