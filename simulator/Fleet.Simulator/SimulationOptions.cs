namespace Fleet.Simulator;

/// <summary>How many boxes to run, against which broker, how fast, and which faults to inject when.</summary>
public sealed class SimulationOptions
{
    /// <summary>MQTT broker host.</summary>
    public string BrokerHost { get; set; } = "localhost";

    /// <summary>MQTT broker port.</summary>
    public int BrokerPort { get; set; } = 1883;

    /// <summary>Number of virtual boxes.</summary>
    public int Boxes { get; set; } = 20;

    /// <summary>Box ids are this prefix and a 4-digit number: BX-0001, BX-0002 …</summary>
    public string BoxIdPrefix { get; set; } = "BX-";

    /// <summary>Device time runs this many times faster than real time.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>The boxes' sampling interval at boot, device seconds.</summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>Device time at start; now when null.</summary>
    public DateTimeOffset? Start { get; set; }

    /// <summary>Seed of every random choice (noise, drift, jitter), so a run can be repeated.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Faults applied when device time reaches their offset from the start.</summary>
    public List<ScheduledFault> Faults { get; } = [];

    /// <summary>
    /// The MQTT password of a box (its username is its id), or null to connect without credentials.
    /// The Fleet server's broker refuses boxes without a secret it issued; see <see cref="SecretsCsv"/>.
    /// </summary>
    public Func<string, string?>? SecretFor { get; set; }

    /// <summary>
    /// PEM certificate of the CA that signed the broker's certificate: the boxes then connect over
    /// TLS (to <see cref="BrokerPort"/>, e.g. 8883) and trust that CA alone. Null for plain MQTT.
    /// </summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Real time between two steps of every box.</summary>
    public TimeSpan StepPeriod { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The id of box <paramref name="index"/> (1-based).</summary>
    public string BoxId(int index) => BoxIdPrefix + index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    internal void Validate()
    {
        if (Boxes < 0) throw new ArgumentOutOfRangeException(nameof(Boxes), Boxes, "Boxes must not be negative.");
        if (!(Speed > 0)) throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "Speed must be positive.");
        if (BrokerPort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(BrokerPort), BrokerPort, "BrokerPort must be 1-65535.");
        if (IntervalSeconds < Fleet.Firmware.Protocol.ProtocolLimits.MinIntervalSeconds || IntervalSeconds > Fleet.Firmware.Protocol.ProtocolLimits.MaxIntervalSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(IntervalSeconds), IntervalSeconds, "IntervalSeconds must be 5-300.");
        }

        if (Boxes > 0 && !Fleet.Firmware.Protocol.BoxIdentity.IsValid(BoxId(Boxes)))
        {
            throw new ArgumentException($"BoxIdPrefix '{BoxIdPrefix}' does not make valid box ids.", nameof(BoxIdPrefix));
        }
    }
}
