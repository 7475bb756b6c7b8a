using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>Prints a run's configuration and figures as a table, and judges the run.</summary>
public sealed class LoadReport(LoadOptions options, MachineInfo machine, FloorResult? floor, FleetResult fleet, string loadAverageAfter)
{
    /// <summary>No acknowledged reading lost, something stored, no publish failed; the smoke run also needs an alert.</summary>
    public bool Passed => fleet.Lost == 0 && fleet.LoadReadingsInStore > 0 && fleet.FailedPublishes == 0 &&
        (!options.IsSmoke || fleet.AlertLatencyMs.Count > 0);

    public double ReadingsPerSecond => fleet.ReadingsStoredInWindow / fleet.Window.TotalSeconds;

    public double MessagesPerSecond => ReadingsPerSecond / options.ReadingsPerMessage;

    public static void PrintConfiguration(LoadOptions options, MachineInfo machine)
    {
        Console.WriteLine($"machine:   {machine.Cores} cores ({machine.Cpu}), {Gib(machine.MemoryBytes)} memory, {machine.Os}, {machine.Runtime}");
        Console.WriteLine($"load avg:  {machine.LoadAverage} (1/5/15 min, before the run)");
        Console.WriteLine($"config:    store {options.Store} (SQLite synchronous={options.Synchronous}), broker {options.Broker}, {options.Publishers} publishers (one box each), " +
            $"{options.Window} in flight each, {options.ReadingsPerMessage} reading(s)/message, ~{SenmlPayloads.Readings("LD-0001", 1_700_000_000_123, options.ReadingsPerMessage, 1, 4.5).Length} B payload, QoS 1, {options.Seconds} s");
    }

    public void Print()
    {
        var rows = new List<(string Figure, string Value)>
        {
            ("messages/s stored (counted by the store)", N(MessagesPerSecond)),
            ("readings/s stored", N(ReadingsPerSecond)),
            ($"raw broker floor, messages/s ({(options.UsesMosquitto ? "mosquitto" : "MQTTnet")} + subscriber, {options.FloorWindow} in flight)", floor is null ? "not measured" : N(floor.MessagesPerSecond)),
            ("Fleet / raw floor", floor is null ? "-" : (MessagesPerSecond / floor.MessagesPerSecond).ToString("P0", CultureInfo.InvariantCulture)),
            ("acknowledged readings (PUBACK)", N(fleet.AcknowledgedReadings)),
            (options.UsesInflux ? "load readings in InfluxDB after stop" : "load readings in fleet.db after stop", N(fleet.LoadReadingsInStore)),
            ("lost (acknowledged, not stored)", N(fleet.Lost)),
            ("failed publishes", N(fleet.FailedPublishes)),
            ("alert latency p50 / p95 / p99, ms", $"{Ms(fleet.AlertLatencyMs.At(50))} / {Ms(fleet.AlertLatencyMs.At(95))} / {Ms(fleet.AlertLatencyMs.At(99))}"),
            ("alerts measured / missed (> 5 s)", $"{fleet.AlertLatencyMs.Count} / {fleet.AlertsMissed}"),
            ("server CPU, cores busy (of " + machine.Cores + ")", (fleet.ServerCpu / fleet.Window).ToString("0.00", CultureInfo.InvariantCulture)),
            ("load generator CPU, cores busy", (fleet.LoadGeneratorCpu / fleet.Window).ToString("0.00", CultureInfo.InvariantCulture)),
            ("server RSS before load / under load / peak, MiB", $"{Mib(fleet.RssBeforeLoad)} / {Mib(fleet.RssUnderLoad)} / {Mib(fleet.PeakRss)}"),
            ("server RSS per connected box under load, KiB", ((fleet.RssUnderLoad - fleet.RssBeforeLoad) / 1024.0 / (options.Publishers + 1)).ToString("0", CultureInfo.InvariantCulture)),
            ("server draining mosquitto's queue after the publishers stopped, s", fleet.BrokerQueueDrain is { } drain ? drain.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "-"),
            ("server start to ready (empty store), s", fleet.TimeToReady.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)),
            ("measured window, s", fleet.Window.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)),
            ("load average after (1/5/15 min)", loadAverageAfter),
        };

        FigureTable.Print(rows);

        Console.WriteLine();
        Console.WriteLine(Passed
            ? "PASS: every acknowledged reading is in the store."
            : $"FAIL: lost {fleet.Lost}, failed publishes {fleet.FailedPublishes}, stored {fleet.LoadReadingsInStore}, alerts {fleet.AlertLatencyMs.Count}.");
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024).ToString("0", CultureInfo.InvariantCulture);

    private static string Gib(long bytes) => (bytes / 1024.0 / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
