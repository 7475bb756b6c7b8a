using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>The load run's configuration, from `--name value` arguments.</summary>
public sealed class LoadOptions
{
    public const string Usage = """
          --seconds N                  length of the measured Fleet run (default 60)
          --floor-seconds N            length of the raw broker floor run (default: min(seconds, 20); 0 skips it)
          --publishers N               MQTT publisher clients, one box each (default 10)
          --window N                   QoS 1 publishes in flight per client (default 100)
          --floor-window N             in flight per client for the raw floor (default 5: the raw broker's best here;
                                       deeper windows pile up in its subscriber queue and slow it down)
          --readings-per-message N     SenML records per publish (default 1)
          --alert-probes-per-second N  chilled excursions published by the probe box (default 4)
          --synchronous FULL|NORMAL    the server's Storage:Synchronous (default FULL)
          --broker embedded|mosquitto  the embedded MQTTnet broker (default), or a mosquitto the harness starts,
                                       with the server in external-broker mode (the raw floor then uses mosquitto too)
          --store sqlite|influx        readings in SQLite (default) or in an influxd the harness starts
        many light boxes instead (with --boxes, --publishers, --window and the floor do not apply):
          --boxes N                    N boxes, one MQTT connection each, one pack of a few compartments every interval
          --interval S                 seconds between a box's packs (default 10), phases spread over the interval
          --connects-in-flight N       connection attempts at once while connecting the boxes (default 200)
        restart mode (`restart`): --boxes N (default 10000), --interval S, --history-minutes M (default 40)
        """;

    public int Seconds { get; private set; } = 60;

    public int FloorSeconds { get; private set; } = -1;

    public int Publishers { get; private set; } = 10;

    public int Window { get; private set; } = 100;

    public int FloorWindow { get; private set; } = 5;

    public int ReadingsPerMessage { get; private set; } = 1;

    public double AlertProbesPerSecond { get; private set; } = 4;

    public string Synchronous { get; private set; } = "FULL";

    public string Broker { get; private set; } = "embedded";

    public string Store { get; private set; } = "sqlite";

    /// <summary>Many light boxes (0: the standard run with <see cref="Publishers"/>).</summary>
    public int Boxes { get; private set; }

    public int IntervalSeconds { get; private set; } = 10;

    public int ConnectsInFlight { get; private set; } = 200;

    /// <summary>Restart mode: how much history each box has in the store before the restart.</summary>
    public int HistoryMinutes { get; private set; } = 40;

    public bool UsesMosquitto => Broker == "mosquitto";

    public bool UsesInflux => Store == "influx";

    /// <summary>True for the smoke run, which fails on loss or on nothing stored.</summary>
    public bool IsSmoke { get; private set; }

    public int EffectiveFloorSeconds => FloorSeconds >= 0 ? FloorSeconds : Math.Min(Seconds, 20);

    public static LoadOptions Parse(string[] args) => Apply(new LoadOptions(), args);

    /// <summary>Restart mode: 10,000 boxes with 40 minutes of history at one pack every 10 s, unless told otherwise.</summary>
    public static LoadOptions Restart(string[] args) => Apply(new LoadOptions { Boxes = 10_000 }, args);

    /// <summary>The smoke run's second part: a few seconds of light boxes, so that mode cannot rot either.</summary>
    public static LoadOptions SmokeBoxes() => new() { IsSmoke = true, Boxes = 200, IntervalSeconds = 2, Seconds = 4 };

    /// <summary>Small numbers: a few seconds, so it can run with every test run.</summary>
    public static LoadOptions Smoke(string[] args) => Apply(
        new LoadOptions { IsSmoke = true, Seconds = 3, FloorSeconds = 1, Publishers = 2, Window = 20, AlertProbesPerSecond = 4 },
        args);

    private static LoadOptions Apply(LoadOptions o, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--seconds": o.Seconds = Positive(args[i], value); break;
                case "--floor-seconds": o.FloorSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--publishers": o.Publishers = Positive(args[i], value); break;
                case "--window": o.Window = Positive(args[i], value); break;
                case "--floor-window": o.FloorWindow = Positive(args[i], value); break;
                case "--readings-per-message": o.ReadingsPerMessage = Positive(args[i], value); break;
                case "--alert-probes-per-second": o.AlertProbesPerSecond = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--synchronous": o.Synchronous = value.ToUpperInvariant(); break;
                case "--broker":
                    o.Broker = value is "embedded" or "mosquitto" ? value : throw new ArgumentException("--broker is embedded or mosquitto.");
                    break;
                case "--store":
                    o.Store = value is "sqlite" or "influx" ? value : throw new ArgumentException("--store is sqlite or influx.");
                    break;
                case "--boxes": o.Boxes = Positive(args[i], value); break;
                case "--interval": o.IntervalSeconds = Positive(args[i], value); break;
                case "--connects-in-flight": o.ConnectsInFlight = Positive(args[i], value); break;
                case "--history-minutes": o.HistoryMinutes = Positive(args[i], value); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}");
            }

            i++;
        }

        return o;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive whole number.");
}
