using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Restart time with a fleet's rule state to rebuild (`restart --boxes 10000`): fills a store
/// through MQTT with each box's recent history (a few boxes in an open excursion, mid-excursion
/// without an alert yet, after a resolved one, or with a stuck sensor), stops the server with
/// SIGTERM, starts it again on that store and times process start → GET /health 200 and →
/// the first reading acknowledged (the embedded broker's PUBACK, which follows the durable commit).
/// </summary>
public static class RestartRun
{
    public const string Prefix = "RB-";

    /// <summary>Samples per history pack (two records each: c1 and c2), as a box replaying a backlog sends them.</summary>
    private const int SamplesPerPack = 30;

    /// <summary>One box in this many is in each of the special situations.</summary>
    private const int SituationEvery = 50;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        if (options.UsesMosquitto)
        {
            throw new ArgumentException("restart measures the embedded broker: with mosquitto the broker, not Fleet, accepts the first reading.");
        }

        var machine = MachineInfo.Current();
        OpenFileLimit.RaiseTo(options.Boxes + 1024);
        var samples = options.HistoryMinutes * 60 / options.IntervalSeconds;
        Console.WriteLine($"machine:   {machine.Cores} cores ({machine.Cpu}), {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory, {machine.Os}, {machine.Runtime}");
        Console.WriteLine($"load avg:  {machine.LoadAverage} (1/5/15 min, before the run)");
        Console.WriteLine($"config:    {options.Boxes} boxes (c1 chilled, c2 frozen), {options.HistoryMinutes} min of history each, one sample every {options.IntervalSeconds} s " +
            $"({samples} samples, {2L * samples * options.Boxes:N0} readings in all), store {options.Store}; one box in {SituationEvery} each: open excursion, mid-excursion, resolved excursion, stuck c2");
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var token = cancel.Token;

        var ids = Enumerable.Range(1, options.Boxes).Select(i => $"{Prefix}{i:D5}").ToArray();
        await using var parts = await FleetParts.StartAsync(options, token);
        await using var server = await ServerProcess.StartAsync([$"--Storage:Synchronous={options.Synchronous}", .. parts.Settings], ids, token);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);

        var boxes = ids.Select(id => new LightBox(id, server.Secrets[id], server.MqttPort)).ToArray();
        var fill = Stopwatch.StartNew();
        var connected = await LightBoxesRun.ConnectAllAsync(boxes, options, token);
        var lastSampleMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 2_000;
        var failedPacks = 0;
        await Parallel.ForEachAsync(
            boxes.Select((box, i) => (box, i)),
            new ParallelOptions { MaxDegreeOfParallelism = 1000, CancellationToken = token },
            async (item, _) =>
            {
                if (!await PublishHistoryAsync(item.box, item.i + 1, samples, options.IntervalSeconds * 1000, lastSampleMs))
                {
                    Interlocked.Increment(ref failedPacks);
                }
            });
        await LoadHarness.WaitUntilStoredSettlesAsync(http, token);
        var fillTime = fill.Elapsed;
        var unresolvedBefore = await UnresolvedAlertsAsync(http, token);
        await Parallel.ForEachAsync(boxes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (box, _) => await box.DisposeAsync());
        await server.StopAsync();
        var stored = await parts.CountReadingsAsync(server.DataDirectory, Prefix, token);
        var storeBytes = new DirectoryInfo(server.DataDirectory).EnumerateFiles("fleet.db*").Sum(f => f.Length);
        Console.WriteLine($"filled: {connected} boxes connected, {stored:N0} readings stored in {fillTime.TotalSeconds:0} s ({stored / fillTime.TotalSeconds:N0} readings/s), {failedPacks} boxes with a failed pack, {unresolvedBefore} unresolved alerts; restarting ...");

        // The restarted server logs at Information (Fleet's categories), each line timed on arrival, so
        // the report shows where the start-up time goes.
        TimeSpan? rebuiltAt = null;
        string? rebuilt = null;
        var startupLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clock = new Stopwatch();
        server.Output += line =>
        {
            startupLog.Enqueue($"{clock.Elapsed.TotalSeconds,6:0.00} s  {line.Trim()}");
            if (rebuilt is null && line.Contains("Rule state rebuilt", StringComparison.Ordinal))
            {
                (rebuiltAt, rebuilt) = (clock.Elapsed, line.Trim());
            }
        };
        clock = server.Launch(["--Logging:LogLevel:Fleet.Server=Information", "--Logging:LogLevel:Fleet.Server.Rules=Information", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        var probeId = ids[Math.Min(4, ids.Length - 1)];
        var firstAccepted = FirstReadingAcceptedAsync(probeId, server.Secrets[probeId], server.MqttPort, options.IntervalSeconds, clock, token);
        await server.WaitUntilReadyAsync(clock, token);
        var cpuToReady = server.Meter.CpuTime();
        var accepted = await firstAccepted;
        // The rule state is rebuilt after the server starts ingesting: count alerts once it is done.
        while (rebuilt is null && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), token);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), token);
        var unresolvedAfter = await UnresolvedAlertsAsync(http, token);
        var rss = server.Meter.ResidentBytes();
        var peak = server.Meter.PeakResidentBytes();
        await server.StopAsync();

        var rows = new (string Figure, string Value)[]
        {
            ("store before the restart", $"{stored:N0} readings of {connected:N0} boxes, fleet.db {storeBytes / 1024.0 / 1024:N0} MiB, {unresolvedBefore} unresolved alerts"),
            ("filled in, s (connect + publish through MQTT + commit)", fillTime.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)),
            ("process start → rule state rebuilt (log line seen), s", rebuiltAt is { } r ? S(r) : "not seen"),
            ("process start → GET /health 200, s", S(server.TimeToReady)),
            ("server CPU time used by then (user + system), s", S(cpuToReady)),
            ("process start → first reading acknowledged, s", accepted is { } a ? S(a) : "none within 120 s"),
            ("rebuild", rebuilt is null ? "-" : rebuilt[(rebuilt.IndexOf("Rule state rebuilt", StringComparison.Ordinal))..]),
            ("unresolved alerts after the restart", unresolvedAfter.ToString(CultureInfo.InvariantCulture)),
            ("server RSS after the restart / peak, MiB", $"{rss / 1024 / 1024} / {peak / 1024 / 1024}"),
            ("load average after (1/5/15 min)", MachineInfo.LoadAverageNow()),
        };
        FigureTable.Print(rows);

        Console.WriteLine();
        Console.WriteLine("server log of the restart (time since process start):");
        foreach (var line in startupLog.Take(60))
        {
            Console.WriteLine("  " + line);
        }

        // At least as many: the watch (every 10 s) may still be raising stuck-sensor alerts when the count before is taken.
        var passed = accepted is not null && failedPacks == 0 && unresolvedAfter >= unresolvedBefore;
        Console.WriteLine();
        Console.WriteLine(passed
            ? "PASS: restarted, the same alerts unresolved, a reading accepted."
            : $"FAIL: first reading {(accepted is null ? "not accepted" : "accepted")}, {failedPacks} boxes with a failed pack, unresolved alerts {unresolvedBefore} before and {unresolvedAfter} after.");
        return passed ? 0 : 1;
    }

    /// <summary>
    /// The box's history, oldest first, in packs of <see cref="SamplesPerPack"/> samples; one box in
    /// <see cref="SituationEvery"/> each is warm for the last 15 minutes (an open alert), warm for the
    /// last 3 (an excursion inside its grace time), was warm 30 to 20 minutes ago (a resolved alert),
    /// or has c2 stuck at one value.
    /// </summary>
    private static async Task<bool> PublishHistoryAsync(LightBox box, int index, int samples, int stepMs, long lastSampleMs)
    {
        var situation = index % SituationEvery;
        var firstMs = lastSampleMs - (long)(samples - 1) * stepMs;
        var topic = SenmlPayloads.TelemetryTopic(box.BoxId);
        for (var first = 0; first < samples; first += SamplesPerPack)
        {
            var count = Math.Min(SamplesPerPack, samples - first);
            var packStartMs = firstMs + (long)first * stepMs;
            var payload = SenmlPayloads.Samples(box.BoxId, packStartMs, count, stepMs, i =>
            {
                var n = first + i;
                var minutesAgo = (lastSampleMs - (packStartMs + (long)i * stepMs)) / 60_000.0;
                var warm = situation switch
                {
                    0 => minutesAgo < 15,
                    1 => minutesAgo < 3,
                    2 => minutesAgo is >= 20 and < 30,
                    _ => false,
                };
                var c1 = warm ? 10 + (n % 5) / 10.0 : 4 + ((n * 7 + index) % 20) / 10.0;
                var c2 = situation == 3 ? -21 : -20 - ((n * 3 + index) % 15) / 10.0;
                return (c1, c2, null);
            });
            if (!await box.PublishAsync(topic, payload, retain: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Connects a box as soon as the broker listens and publishes one reading; the time of its PUBACK.</summary>
    private static async Task<TimeSpan?> FirstReadingAcceptedAsync(string boxId, string secret, int port, int intervalSeconds, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await using var box = new LightBox(boxId, secret, port);
            if (await box.ConnectAsync(intervalSeconds, TimeSpan.FromSeconds(5), cancellationToken, attempts: 1))
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                if (await box.PublishAsync(SenmlPayloads.TelemetryTopic(boxId), SenmlPayloads.Samples(boxId, now, 1, 0, _ => (4.2, -20.2, null)), retain: false))
                {
                    return clock.Elapsed;
                }
            }

            await Task.Delay(20, cancellationToken);
        }

        return null;
    }

    private static async Task<int> UnresolvedAlertsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var alerts = await http.GetFromJsonAsync<JsonElement>("/api/alerts?state=unresolved&limit=10000", cancellationToken);
        return alerts.GetArrayLength();
    }

    private static string S(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
