using System.Net.Http.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Boxes;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;

namespace Fleet.Server.Tests.Faults;

/// <summary>
/// The server as its own process, ingesting from a real mosquitto, killed with SIGKILL while a
/// box keeps publishing. What the server had not acknowledged the broker delivers again; the
/// store keeps each reading once.
/// </summary>
public sealed class ServerKillTests : IDisposable
{
    private const int Packs = 60;
    private const int ReadingsPerPack = 10;

    private readonly string _directory = FleetServer.NewDataDirectory();
    private readonly string _clientId = "fleet-kill-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _httpPort = FleetServer.FreeTcpPort();
    private readonly HttpClient _http;

    public ServerKillTests() => _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };

    public void Dispose()
    {
        _http.Dispose();
        FleetServer.TryDelete(_directory);
    }

    [Fact]
    public async Task ReadingsPublishedAcrossASigkillOfTheServerAreStoredExactlyOnce()
    {
        _http.DefaultRequestHeaders.Authorization = new("Bearer", await FleetServer.AdminTokenThroughCommandLineAsync(_directory));
        await using var broker = await MosquittoBroker.StartAsync();
        await using var box = await TestBox.ConnectAsync(broker.Port, "BX-KILL", secret: null);
        var start = Senml.NowSeconds() - 3600;

        using (var server = await StartServerProcessAsync(broker))
        {
            await PublishAsync(box, start, 0, Packs / 3);
            await Eventually.ReturnsAsync(StoredCountAsync, n => n > 0, "the first readings stored");

            // Killed mid-stream: packs are still arriving from the broker.
            var publishing = PublishAsync(box, start, Packs / 3, 2 * Packs / 3);
            await server.KillAsync();
            await publishing;
        }

        // While the server is down, the broker keeps what arrives for its persistent session.
        await PublishAsync(box, start, 2 * Packs / 3, Packs);

        using var restarted = await StartServerProcessAsync(broker);
        var stored = await Eventually.ReturnsAsync(StoredCountAsync, n => n >= Packs * ReadingsPerPack, "every reading stored", TimeSpan.FromSeconds(30));

        Assert.Equal(Packs * ReadingsPerPack, stored);
        await restarted.TerminateAsync();
    }

    private static async Task PublishAsync(TestBox box, long start, int fromPack, int toPack)
    {
        for (var pack = fromPack; pack < toPack; pack++)
        {
            var readings = Enumerable.Range(0, ReadingsPerPack).Select(i => ("c1", (double)((pack * ReadingsPerPack) + i) * 5, 4.0)).ToArray();
            var result = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings));
            Assert.True(result.IsSuccess, $"pack {pack}: {result.ReasonCode}");
        }
    }

    private async Task<int> StoredCountAsync()
    {
        try
        {
            var response = await _http.GetFromJsonAsync<ReadingsResponse>("/api/boxes/BX-KILL/readings?channel=c1&from=2020-01-01T00:00:00Z");
            return response!.Readings.Count;
        }
        catch (HttpRequestException)
        {
            return 0; // not listening yet, or the box not registered yet
        }
    }

    private async Task<RealProcess> StartServerProcessAsync(MosquittoBroker broker)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Fleet.Server.dll");
        var server = RealProcess.Start(
            "dotnet",
            serverDll,
            $"--contentRoot={AppContext.BaseDirectory}",
            $"--Urls=http://127.0.0.1:{_httpPort}",
            $"--Storage:DataDirectory={_directory}",
            "--Mqtt:Mode=External",
            "--Mqtt:External:Host=127.0.0.1",
            $"--Mqtt:External:Port={broker.Port}",
            $"--Mqtt:External:ClientId={_clientId}",
            "--Mqtt:External:ReconnectMilliseconds=100");
        await server.WaitForPortAsync(_httpPort, TimeSpan.FromSeconds(30));

        // Healthy once subscribed at the broker: from then on its session keeps what arrives.
        await Eventually.ReturnsAsync(IsHealthyAsync, healthy => healthy, "the server subscribed at the broker");
        return server;
    }

    private async Task<bool> IsHealthyAsync()
    {
        using var response = await _http.GetAsync("/health");
        return response.IsSuccessStatusCode;
    }
}
