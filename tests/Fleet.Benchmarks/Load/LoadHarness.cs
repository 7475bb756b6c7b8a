using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// One load run: the raw broker floor, then the real server under the same publishers for a fixed
/// time, with an alert probe; throughput counted in the store, loss checked against PUBACKs.
/// </summary>
public static class LoadHarness
{
    // Load readings are six hours old: device times rise 1 ms a reading, far faster than real time,
    // and must never run ahead of the server's clock (clock-ahead rejections).
    private static readonly long LoadDeviceTimeOffsetMs = (long)TimeSpan.FromHours(6).TotalMilliseconds;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        if (options.Boxes > 0)
        {
            return await LightBoxesRun.RunAsync(options);
        }

        var machine = MachineInfo.Current();
        LoadReport.PrintConfiguration(options, machine);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        FloorResult? floor = null;
        if (options.EffectiveFloorSeconds > 0)
        {
            Console.WriteLine($"raw broker floor: {options.EffectiveFloorSeconds} s ...");
            floor = await RawBrokerFloor.MeasureAsync(options, cancel.Token);
        }

        Console.WriteLine($"fleet server: {options.Seconds} s ...");
        var result = await MeasureFleetAsync(options, cancel.Token);
        var report = new LoadReport(options, machine, floor, result, MachineInfo.LoadAverageNow());
        report.Print();
        return report.Passed ? 0 : 1;
    }

    public static LoadPublisher[] CreatePublishers(LoadOptions options, int window, int port, string prefix, IReadOnlyDictionary<string, string>? secrets = null)
    {
        var first = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - LoadDeviceTimeOffsetMs;
        return [.. PublisherIds(options, prefix)
            .Select(id => new LoadPublisher(id, port, window, options.ReadingsPerMessage, first, secrets?.GetValueOrDefault(id)))];
    }

    private static IEnumerable<string> PublisherIds(LoadOptions options, string prefix) =>
        Enumerable.Range(1, options.Publishers).Select(i => $"{prefix}-{i:D4}");

    private static async Task<FleetResult> MeasureFleetAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        // Load boxes publish as fast as PUBACKs return, far above a real box's rate: the token bucket
        // stays in the path (its cost is measured) but is set wide enough never to cut them off.
        await using var parts = await FleetParts.StartAsync(options, cancellationToken);
        await using var server = await ServerProcess.StartAsync(
            [$"--Storage:Synchronous={options.Synchronous}", $"--Rules:Chilled:GraceMinutes={AlertProbe.GraceMinutes}", "--Mqtt:PublishesPerSecond=1000000", "--Mqtt:PublishBurst=1000000", .. parts.Settings],
            [.. PublisherIds(options, "LD"), AlertProbe.BoxId],
            cancellationToken);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.AdminToken);
        var brokerPort = parts.BrokerPort(server);
        var publishers = CreatePublishers(options, options.Window, brokerPort, "LD", server.Secrets);
        await using var probe = new AlertProbe(server.BaseAddress, brokerPort, server.AdminToken, server.Secrets[AlertProbe.BoxId]);
        try
        {
            await Task.WhenAll(publishers.Select(p => p.ConnectAsync(declareChilled: true, cancellationToken)));
            await probe.ConnectAsync(cancellationToken);
            var rssBefore = server.Meter.ResidentBytes();
            var storedBefore = await ReadingsStoredAsync(http, cancellationToken);
            var cpuBefore = server.Meter.CpuTime();
            var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
            var clock = Stopwatch.StartNew();
            var publishing = Task.WhenAll(publishers.Select(p => p.RunAsync(stop.Token)));
            var probing = probe.RunAsync(options.AlertProbesPerSecond, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var storedInWindow = await ReadingsStoredAsync(http, cancellationToken) - storedBefore;
            var window = clock.Elapsed;
            var cpu = server.Meter.CpuTime() - cpuBefore;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
            var rssUnderLoad = server.Meter.ResidentBytes();
            await Task.WhenAll(publishing, probing);
            var draining = Stopwatch.StartNew();
            if (parts.Mosquitto is not null)
            {
                // Mosquitto acknowledged the publishers; the server may still be working through its queue.
                await WaitUntilStoredSettlesAsync(http, cancellationToken);
            }

            var drain = parts.Mosquitto is null ? (TimeSpan?)null : draining.Elapsed;

            var peakRss = server.Meter.PeakResidentBytes();
            await server.StopAsync();
            var acknowledgedReadings = publishers.Sum(p => p.Acknowledged) * options.ReadingsPerMessage;
            return new FleetResult(
                Window: window,
                ReadingsStoredInWindow: storedInWindow,
                AcknowledgedMessages: publishers.Sum(p => p.Acknowledged),
                AcknowledgedReadings: acknowledgedReadings,
                FailedPublishes: publishers.Sum(p => p.Failed),
                LoadReadingsInStore: await parts.CountReadingsAsync(server.DataDirectory, "LD-", cancellationToken),
                AlertLatencyMs: new Percentiles(probe.LatenciesMs),
                AlertsMissed: probe.Missed,
                ServerCpu: cpu,
                LoadGeneratorCpu: ownCpu,
                RssBeforeLoad: rssBefore,
                RssUnderLoad: rssUnderLoad,
                PeakRss: peakRss,
                TimeToReady: server.TimeToReady,
                BrokerQueueDrain: drain);
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    public static async Task<long> ReadingsStoredAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var snapshot = await http.GetFromJsonAsync<JsonElement>("/api/ingestion", cancellationToken);
        return snapshot.GetProperty("readingsStored").GetInt64();
    }

    /// <summary>Waits until the server's stored count has not moved for two seconds (at most two minutes).</summary>
    public static async Task WaitUntilStoredSettlesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var last = await ReadingsStoredAsync(http, cancellationToken);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(2) && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(200, cancellationToken);
            var now = await ReadingsStoredAsync(http, cancellationToken);
            if (now != last)
            {
                (last, still) = (now, Stopwatch.StartNew());
            }
        }
    }
}
