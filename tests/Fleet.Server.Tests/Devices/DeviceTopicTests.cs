using System.Text;
using Fleet.Firmware.Protocol;
using Fleet.Server.Ingestion;
using Fleet.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Server.Tests.Devices;

/// <summary>What a connected box may do: publish under its own topics, subscribe to its own commands, within its size and rate.</summary>
public sealed class DeviceTopicTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    // A small bucket, so a flood shows within a test: 20 at once, then 5 a second.
    public async ValueTask InitializeAsync() =>
        _server = await FleetServer.StartAsync(null, "--Mqtt:PublishesPerSecond=5", "--Mqtt:PublishBurst=20");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task APublishToAnotherBoxsTopicIsRefusedAndNotStoredWhileItsOwnDataNextToItIsStored()
    {
        await using var intruder = await TestBox.ConnectAsync(_server, "BX-INTRUDER");
        var now = Senml.NowSeconds();

        await intruder.PublishRawAsync(Topics.For("BX-VICTIM2", Topics.Telemetry), Encoding.UTF8.GetBytes(Senml.Telemetry("BX-VICTIM2", now - 20, ("c1", 0, 30.0))));
        var own = await intruder.PublishAsync(Topics.Telemetry, Senml.Telemetry(intruder.BoxId, now - 10, ("c1", 0, 4.0)));

        Assert.True(own.IsSuccess);
        Assert.Equal(1, await _server.ReadingCountAsync(intruder.BoxId, "c1"));
        Assert.Equal(0, await _server.ReadingCountAsync("BX-VICTIM2", "c1"));
        Assert.Null(await _server.BoxAsync("BX-VICTIM2"));
        var stats = (await _server.IngestionAsync())!;
        Assert.Equal(1, stats.Rejected[RejectReasons.ForeignTopic]);
        Assert.Contains(stats.Recent, r => r.Reason == RejectReasons.ForeignTopic && r.BoxId == intruder.BoxId && r.Topic == "fleet/v1/boxes/BX-VICTIM2/telemetry");
    }

    [Fact]
    public async Task AnMqtt5BoxIsToldItsForeignPublishIsNotAuthorized()
    {
        var (box, _) = await TestBox.TryConnectAsync(_server.MqttPort, "BX-V5", _server.ProvisionBox("BX-V5"), protocol: MqttProtocolVersion.V500);
        await using var connected = box!;

        var ack = await connected.PublishRawAsync(Topics.For("BX-OTHER", Topics.Events), Encoding.UTF8.GetBytes("[]"));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ack.ReasonCode);
    }

    [Fact]
    public async Task ASubscriptionToAnotherBoxsCommandTopicIsRefusedAndItsOwnGranted()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-SUB");

        var foreign = await box.Client.SubscribeAsync(Topics.For("BX-OTHER", Topics.Commands), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var wildcard = await box.Client.SubscribeAsync("fleet/v1/boxes/+/commands", MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var own = await box.Client.SubscribeAsync(Topics.For(box.BoxId, Topics.Commands), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);

        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, Assert.Single(foreign.Items).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, Assert.Single(wildcard.Items).ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(own.Items).ResultCode);
        Assert.Equal(2, (await _server.IngestionAsync())!.DeviceRefusals![DeviceRefusals.ForeignSubscription]);
    }

    [Fact]
    public async Task ACommandSentThroughTheApiReachesOnlyItsBoxAndABoxCannotCommandAnother()
    {
        await using var target = await TestBox.ConnectAsync(_server, "BX-CMD");
        await using var other = await TestBox.ConnectAsync(_server, "BX-CMD-2");
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        target.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await target.Client.SubscribeAsync(Topics.For(target.BoxId, Topics.Commands), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);

        await other.PublishRawAsync(Topics.For(target.BoxId, Topics.Commands), Encoding.UTF8.GetBytes("""{"cmd":"interval","value":5}"""));
        var response = await _server.Http.PostAsync(
            new Uri("/api/devices/BX-CMD/commands", UriKind.Relative),
            new StringContent("""{"cmd":"interval","value":10}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.ReturnsAsync(() => Task.FromResult(received.Count), n => n >= 1, "the command at the box");
        Assert.Equal(["""{"cmd":"interval","value":10}"""], received);
    }

    [Fact]
    public async Task AnOversizedPayloadIsRefusedAndCountedWithoutDisconnectingTheBox()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-BIG");
        var huge = new byte[ProtocolLimits.MaxPayloadBytes + 1];
        huge.AsSpan().Fill((byte)' ');

        await box.PublishRawAsync(Topics.For(box.BoxId, Topics.Telemetry), huge);
        var next = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 5, ("c1", 0, 4.0)));

        Assert.True(next.IsSuccess);
        Assert.True(box.IsConnected);
        var stats = (await _server.IngestionAsync())!;
        Assert.Contains(stats.Recent, r => r.Reason == RejectReasons.TooLarge && r.BoxId == box.BoxId);
        Assert.Equal(1, await _server.ReadingCountAsync(box.BoxId, "c1"));
    }

    [Fact]
    public async Task AFloodingBoxIsCutOffUnacknowledgedWhileAnotherBoxsDataKeepsFlowing()
    {
        await using var flooder = await TestBox.ConnectAsync(_server, "BX-FLOOD", withLastWill: true);
        await using var neighbour = await TestBox.ConnectAsync(_server, "BX-CALM");
        var start = Senml.NowSeconds() - 3600;
        await flooder.PublishStatusAsync(("c1", CompartmentKinds.Chilled));

        var acknowledged = 0;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var ack = await flooder.PublishAsync(Topics.Telemetry, Senml.Telemetry(flooder.BoxId, start + i, ("c1", 0, 4.0)));
                acknowledged += ack.IsSuccess ? 1 : 0;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                break;
            }
        }

        var neighbourAcks = 0;
        for (var i = 0; i < 10; i++)
        {
            neighbourAcks += (await neighbour.PublishAsync(Topics.Telemetry, Senml.Telemetry(neighbour.BoxId, start + i, ("c1", 0, 4.0)))).IsSuccess ? 1 : 0;
        }

        // The burst of 20 (and whatever refilled meanwhile) got through; the rest was neither acknowledged nor stored.
        Assert.InRange(acknowledged, 20, 40);
        await Eventually.ReturnsAsync(() => Task.FromResult(flooder.IsConnected), connected => !connected, "the flooding box to be disconnected");
        Assert.Equal(acknowledged, await _server.ReadingCountAsync(flooder.BoxId, "c1"));
        Assert.Equal(10, neighbourAcks);
        Assert.Equal(10, await _server.ReadingCountAsync(neighbour.BoxId, "c1"));
        Assert.True((await _server.IngestionAsync())!.Rejected[RejectReasons.RateLimited] >= 1);

        // Its last will still passes (status has its own bucket), so the dashboard shows it offline.
        await Eventually.ReturnsAsync(() => _server.BoxAsync(flooder.BoxId), box => box is { Online: false }, "the cut-off box shown offline");

        // Once its bucket refills, the box's replay of what was not acknowledged is taken.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await using var back = await TestBox.ConnectAsync(_server, "BX-FLOOD");
        Assert.True((await back.PublishAsync(Topics.Telemetry, Senml.Telemetry(back.BoxId, start + acknowledged, ("c1", 0, 4.0)))).IsSuccess);
        Assert.Equal(acknowledged + 1, await _server.ReadingCountAsync(flooder.BoxId, "c1"));
    }
}
