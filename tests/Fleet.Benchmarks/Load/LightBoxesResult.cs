using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>What a light-boxes run measured, printed as a table and judged.</summary>
public sealed record LightBoxesResult(
    LoadOptions Options,
    string Parts,
    int Connected,
    TimeSpan TimeToConnect,
    TimeSpan MeanConnectAck,
    TimeSpan MeanStatusAck,
    TimeSpan ConnectCpu,
    TimeSpan Window,
    long ReadingsStoredInWindow,
    long AcknowledgedReadings,
    long FailedPublishes,
    long ReadingsInStore,
    TimeSpan ServerCpu,
    TimeSpan LoadGeneratorCpu,
    long RssBeforeConnecting,
    long RssAllConnected,
    long RssEndOfWindow,
    long PeakRss,
    long LoadGeneratorRss)
{
    /// <summary>Acknowledged readings the store does not hold: must be 0.</summary>
    public long Lost => Math.Max(0, AcknowledgedReadings - ReadingsInStore);

    /// <summary>Every box connected, something stored, nothing lost, no publish failed.</summary>
    public bool Passed => Connected == Options.Boxes && ReadingsInStore > 0 && Lost == 0 && FailedPublishes == 0;

    public void Print(MachineInfo machine)
    {
        var readingsPerSecond = ReadingsStoredInWindow / Window.TotalSeconds;
        var rows = new (string Figure, string Value)[]
        {
            ("configuration", Parts),
            ("connected boxes", $"{N(Connected)} of {N(Options.Boxes)}"),
            ("time to connect them all, s", S(TimeToConnect)),
            ($"mean CONNECT → CONNACK / status PUBLISH → PUBACK, ms ({Options.ConnectsInFlight} boxes connecting at once)", $"{MeanConnectAck.TotalMilliseconds:0} / {MeanStatusAck.TotalMilliseconds:0}"),
            ("server CPU while connecting, cores busy", (ConnectCpu / TimeToConnect).ToString("0.00", CultureInfo.InvariantCulture)),
            ("messages/s stored (expected: boxes / interval)", $"{N(readingsPerSecond / LightBox.ReadingsPerPack)} ({N((double)Connected / Options.IntervalSeconds)})"),
            ("readings/s stored", N(readingsPerSecond)),
            ("acknowledged readings (PUBACK)", N(AcknowledgedReadings)),
            ($"readings in {(Options.UsesInflux ? "InfluxDB" : "fleet.db")} after stop", N(ReadingsInStore)),
            ("lost (acknowledged, not stored)", N(Lost)),
            ("failed publishes", N(FailedPublishes)),
            ($"server CPU, cores busy (of {machine.Cores})", (ServerCpu / Window).ToString("0.00", CultureInfo.InvariantCulture)),
            ("load generator CPU, cores busy", (LoadGeneratorCpu / Window).ToString("0.00", CultureInfo.InvariantCulture)),
            ("server RSS before connecting / all connected / end of window / peak, MiB", $"{Mib(RssBeforeConnecting)} / {Mib(RssAllConnected)} / {Mib(RssEndOfWindow)} / {Mib(PeakRss)}"),
            ("server RSS per connected box, KiB ((all connected - before) / connected)", Connected == 0 ? "-" : ((RssAllConnected - RssBeforeConnecting) / 1024.0 / Connected).ToString("0.0", CultureInfo.InvariantCulture)),
            ("load generator RSS, MiB", Mib(LoadGeneratorRss)),
            ("measured window, s", S(Window)),
            ("load average after (1/5/15 min)", MachineInfo.LoadAverageNow()),
        };

        FigureTable.Print(rows);

        Console.WriteLine();
        Console.WriteLine(Passed
            ? "PASS: every box connected and every acknowledged reading is in the store."
            : $"FAIL: connected {Connected} of {Options.Boxes}, lost {Lost}, failed publishes {FailedPublishes}, stored {ReadingsInStore}.");
    }

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(TimeSpan value) => value.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024).ToString("0", CultureInfo.InvariantCulture);
}
