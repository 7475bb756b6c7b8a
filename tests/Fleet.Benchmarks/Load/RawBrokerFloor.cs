using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The raw broker floor: the same publishers into a plain MQTTnet broker with a plain QoS 1
/// subscriber and no Fleet processing. Fleet's throughput is reported as a fraction of it.
/// </summary>
public static class RawBrokerFloor
{
    public static async Task<FloorResult> MeasureAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        // With --broker mosquitto the floor is a mosquitto of its own, configured as Fleet's, so nothing
        // queued for the floor's subscriber reaches the measured run.
        await using var mosquitto = options.UsesMosquitto ? await Brokers.StartMosquittoAsync(cancellationToken) : null;
        var port = mosquitto?.Port ?? ServerProcess.FreeTcpPort();
        var factory = new MqttServerFactory();
        var serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(port)
            // MQTTnet's default of 1,000 would silently drop for a subscriber that falls behind.
            .WithMaxPendingMessagesPerClient(10_000_000)
            .Build();
        using var broker = factory.CreateMqttServer(serverOptions);
        if (mosquitto is null)
        {
            await broker.StartAsync();
        }

        long received = 0;
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("floor-subscriber").Build(), cancellationToken);
        await subscriber.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter("fleet/v1/boxes/+/+", MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);

        var publishers = LoadHarness.CreatePublishers(options, options.FloorWindow, port, "FL");
        try
        {
            await Task.WhenAll(publishers.Select(p => p.ConnectAsync(declareChilled: false, cancellationToken)));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.EffectiveFloorSeconds));
            var clock = Stopwatch.StartNew();
            var running = Task.WhenAll(publishers.Select(p => p.RunAsync(stop.Token)));
            await Task.Delay(TimeSpan.FromSeconds(options.EffectiveFloorSeconds), cancellationToken);
            var receivedInWindow = Interlocked.Read(ref received);
            var window = clock.Elapsed;
            await running;
            return new FloorResult(receivedInWindow / window.TotalSeconds, publishers.Sum(p => p.Failed));
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }

            await subscriber.DisconnectAsync();
            if (broker.IsStarted)
            {
                await broker.StopAsync();
            }
        }
    }
}
