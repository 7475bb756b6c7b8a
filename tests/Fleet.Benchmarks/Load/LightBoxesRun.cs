using System.Diagnostics;
using System.Globalization;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Many light boxes (`load --boxes N --interval S`): N MQTT connections, each a provisioned box
/// publishing one pack of c1, c2 and ambient every S seconds, with phases spread over the interval.
/// Measures what a connected box costs the server (RSS) and whether it keeps up, not top speed.
/// </summary>
public static class LightBoxesRun
{
    public const string Prefix = "LB-";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var machine = MachineInfo.Current();
        var fileLimit = OpenFileLimit.RaiseTo(options.Boxes + 1024);
        Console.WriteLine($"machine:   {machine.Cores} cores ({machine.Cpu}), {machine.MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory, {machine.Os}, {machine.Runtime}");
        Console.WriteLine($"load avg:  {machine.LoadAverage} (1/5/15 min, before the run)");
        Console.WriteLine($"config:    {options.Boxes} boxes, one connection each, one pack of {LightBox.ReadingsPerPack} readings every {options.IntervalSeconds} s, QoS 1, {options.Seconds} s window, " +
            $"store {options.Store}, broker {options.Broker}, open-file limit {fileLimit}, ephemeral ports {EphemeralPorts()}");
        if (fileLimit >= 0 && fileLimit < options.Boxes + 100)
        {
            Console.WriteLine($"warning:   the open-file limit ({fileLimit}) is below the box count: raise `ulimit -Hn` first");
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var result = await MeasureAsync(options, cancel.Token);
        result.Print(machine);
        return result.Passed ? 0 : 1;
    }

    private static async Task<LightBoxesResult> MeasureAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(1, options.Boxes).Select(i => $"{Prefix}{i:D5}").ToArray();
        await using var parts = await FleetParts.StartAsync(options, cancellationToken);
        var provisioning = Stopwatch.StartNew();
        await using var server = await ServerProcess.StartAsync([$"--Storage:Synchronous={options.Synchronous}", .. parts.Settings], ids, cancellationToken);
        Console.WriteLine($"provisioned {ids.Length} boxes and started the server in {provisioning.Elapsed.TotalSeconds:0.0} s");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
        var port = parts.BrokerPort(server);
        var boxes = ids.Select(id => new LightBox(id, server.Secrets.GetValueOrDefault(id), port)).ToArray();
        try
        {
            var rssBefore = server.Meter.ResidentBytes();
            var cpuBeforeConnect = server.Meter.CpuTime();
            var connecting = Stopwatch.StartNew();
            var connected = await ConnectAllAsync(boxes, options, cancellationToken);
            var timeToConnect = connecting.Elapsed;
            var connectCpu = server.Meter.CpuTime() - cpuBeforeConnect;
            Console.WriteLine($"connected {connected} of {boxes.Length} boxes in {timeToConnect.TotalSeconds:0.0} s; publishing for {options.Seconds} s ...");
            // Let the connect storm's garbage settle into the steady state before "all connected" is read.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var rssConnected = server.Meter.ResidentBytes();

            var storedBefore = await LoadHarness.ReadingsStoredAsync(http, cancellationToken);
            var cpuBefore = server.Meter.CpuTime();
            var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var running = Task.WhenAll(boxes.Where(b => b.IsConnected).Select((b, i) =>
                b.RunAsync(interval, interval * ((i + 0.5) / connected) + TimeSpan.FromMilliseconds(Random.Shared.Next(-50, 50)), stop.Token)));
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var storedInWindow = await LoadHarness.ReadingsStoredAsync(http, cancellationToken) - storedBefore;
            var window = clock.Elapsed;
            var cpu = server.Meter.CpuTime() - cpuBefore;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
            var rssEnd = server.Meter.ResidentBytes();
            await stop.CancelAsync();
            await running;
            if (parts.Mosquitto is not null)
            {
                await LoadHarness.WaitUntilStoredSettlesAsync(http, cancellationToken);
            }

            var peakRss = server.Meter.PeakResidentBytes();
            await server.StopAsync();
            return new LightBoxesResult(
                options,
                parts.Description,
                Connected: connected,
                TimeToConnect: timeToConnect,
                MeanConnectAck: Mean(boxes.Select(b => b.ConnectTime)),
                MeanStatusAck: Mean(boxes.Select(b => b.StatusTime)),
                ConnectCpu: connectCpu,
                Window: window,
                ReadingsStoredInWindow: storedInWindow,
                AcknowledgedReadings: boxes.Sum(b => b.Acknowledged) * LightBox.ReadingsPerPack,
                FailedPublishes: boxes.Sum(b => b.Failed),
                ReadingsInStore: await parts.CountReadingsAsync(server.DataDirectory, Prefix, cancellationToken),
                ServerCpu: cpu,
                LoadGeneratorCpu: ownCpu,
                RssBeforeConnecting: rssBefore,
                RssAllConnected: rssConnected,
                RssEndOfWindow: rssEnd,
                PeakRss: peakRss,
                LoadGeneratorRss: Environment.WorkingSet);
        }
        finally
        {
            await Parallel.ForEachAsync(boxes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (box, _) => await box.DisposeAsync());
        }
    }

    /// <summary>Connects every box with at most --connects-in-flight attempts at once; returns how many made it.</summary>
    public static async Task<int> ConnectAllAsync(IReadOnlyList<LightBox> boxes, LoadOptions options, CancellationToken cancellationToken)
    {
        var connected = 0;
        await Parallel.ForEachAsync(
            boxes,
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectsInFlight, CancellationToken = cancellationToken },
            async (box, token) =>
            {
                if (await box.ConnectAsync(options.IntervalSeconds, TimeSpan.FromSeconds(30), token))
                {
                    Interlocked.Increment(ref connected);
                }
            });
        return connected;
    }

    private static TimeSpan Mean(IEnumerable<TimeSpan> times) => TimeSpan.FromTicks((long)times.Average(t => t.Ticks));

    private static string EphemeralPorts()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(range))
        {
            return "?";
        }

        var bounds = File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray();
        return $"{bounds[0]}-{bounds[1]} ({bounds[1] - bounds[0] + 1:N0})";
    }
}
