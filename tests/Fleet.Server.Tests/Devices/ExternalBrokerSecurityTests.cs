using System.Text.RegularExpressions;
using Fleet.Firmware.Protocol;
using Fleet.Server.Devices;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;
using MQTTnet;

namespace Fleet.Server.Tests.Devices;

/// <summary>
/// External broker mode configured as docs/security.md says: a real mosquitto with a password file
/// made by the real mosquitto_passwd and the page's %u ACL, the server on its own account.
/// </summary>
public sealed partial class ExternalBrokerSecurityTests : IDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(_directory);
    }

    [Fact]
    public async Task MosquittoRefusesAWrongSecretAndACrossBoxPublishWhileTheBoxsOwnDataIsStored()
    {
        var serverSecret = DeviceSecret.New();
        var boxSecret = DeviceSecret.New();
        var passwd = Path.Combine(_directory, "passwd");
        var acl = Path.Combine(_directory, "acl");
        await Tool.SucceedAsync("mosquitto_passwd", "-c", "-b", passwd, "fleet-server", serverSecret);
        await Tool.SucceedAsync("mosquitto_passwd", "-b", passwd, "BX-EXT-1", boxSecret);
        await File.WriteAllTextAsync(acl, AclFromSecurityPage(), TestContext.Current.CancellationToken);
        var port = FleetServer.FreeTcpPort();
        var config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            per_listener_settings false
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwd}
            acl_file {acl}
            log_dest stdout
            log_type error
            """, TestContext.Current.CancellationToken);
        // mosquitto started as root reads its files as its own user.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in new[] { passwd, acl, config })
            {
                File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
            }

            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_101_101);
        }
        using var broker = RealProcess.Start(RealProcess.Binary("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto"), "-c", config);
        await broker.WaitForPortAsync(port, TimeSpan.FromSeconds(20));
        await using var server = await FleetServer.StartAsync(
            Path.Combine(_directory, "data"),
            "--Mqtt:Mode=External",
            "--Mqtt:External:Host=127.0.0.1",
            $"--Mqtt:External:Port={port}",
            "--Mqtt:External:ClientId=fleet-server",
            "--Mqtt:External:Username=fleet-server",
            $"--Mqtt:External:Password={serverSecret}",
            "--Mqtt:External:ReconnectMilliseconds=100");

        var (intruder, refusal) = await TestBox.TryConnectAsync(port, "BX-EXT-1", DeviceSecret.New());
        Assert.Null(intruder);
        Assert.NotEqual(MqttClientConnectResultCode.Success, refusal);

        await using var box = await TestBox.ConnectAsync(port, "BX-EXT-1", boxSecret);
        var now = Senml.NowSeconds();
        await box.PublishRawAsync(Topics.For("BX-EXT-2", Topics.Telemetry), System.Text.Encoding.UTF8.GetBytes(Senml.Telemetry("BX-EXT-2", now - 20, ("c1", 0, 30.0))));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, now - 10, ("c1", 0, 4.0)));

        await Eventually.ReturnsAsync(() => server.ReadingCountAsync(box.BoxId, "c1"), n => n == 1, "the box's own reading stored through mosquitto");
        Assert.Null(await server.BoxAsync("BX-EXT-2"));
        Assert.Equal(0, await server.ReadingCountAsync("BX-EXT-2", "c1"));

        // The page's ACL lets the server's account write a box's command topic and the box read its own.
        var command = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        box.Client.ApplicationMessageReceivedAsync += e =>
        {
            command.TrySetResult(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await box.Client.SubscribeAsync(Topics.For(box.BoxId, Topics.Commands), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        using var sent = await server.Http.PostAsync($"/api/devices/{box.BoxId}/commands", new StringContent("{\"cmd\":\"resend\",\"from\":1,\"to\":2}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(Topics.For(box.BoxId, Topics.Commands), await command.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    private static string AclFromSecurityPage()
    {
        var markdown = File.ReadAllText(Path.Combine(SecurityPage.RepositoryRoot(), "docs", "security.md"));
        return AclBlock().Match(markdown).Groups["acl"].Value;
    }

    [GeneratedRegex("```\\n# /etc/mosquitto/acl\\n(?<acl>.*?)```", RegexOptions.Singleline)]
    private static partial Regex AclBlock();
}
