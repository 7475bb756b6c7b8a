using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// Spoofing with Debian's real mosquitto_pub: a box with a wrong secret, a box posing as another,
/// and a box publishing into another box's topic get nothing stored, while honest data flows.
/// </summary>
public sealed class DeviceSecurityTests
{
    private const string Reading = """[{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":4.5}]""";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWrongSecretIsRefusedByTheBroker()
    {
        using var server = FleetServer.Start();
        server.ProvisionBox("BX-0001");

        var (exitCode, output) = await MosquittoPubAsync(server, "BX-0001", "BX-0001", "not-the-secret", "fleet/v1/boxes/BX-0001/telemetry", Reading);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("bad user name or password", output, StringComparison.OrdinalIgnoreCase);
        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(1, ingestion!.DeviceRefusals![DeviceRefusals.WrongSecret]);
        Assert.Equal(0, ingestion.ReadingsStored);
    }

    [Fact]
    public async Task ABoxPostingAsAnotherWithItsOwnClientIdIsRefused()
    {
        using var server = FleetServer.Start();
        var victimSecret = server.ProvisionBox("BX-0001");

        var (exitCode, _) = await MosquittoPubAsync(server, "BX-0666", "BX-0001", victimSecret, "fleet/v1/boxes/BX-0001/telemetry", Reading);

        Assert.NotEqual(0, exitCode);
        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(1, ingestion!.DeviceRefusals![DeviceRefusals.ClientIdMismatch]);
    }

    [Fact]
    public async Task APublishIntoAnotherBoxsTopicIsNotStoredWhileTheSendersOwnIs()
    {
        using var server = FleetServer.Start();
        var secret = server.ProvisionBox("BX-0002");

        await MosquittoPubAsync(server, "BX-0002", "BX-0002", secret, "fleet/v1/boxes/BX-0001/telemetry", Reading);
        var (ownExit, ownOutput) = await MosquittoPubAsync(server, "BX-0002", "BX-0002", secret, "fleet/v1/boxes/BX-0002/telemetry", Reading.Replace("BX-0001", "BX-0002", StringComparison.Ordinal));

        Assert.True(ownExit == 0, ownOutput);
        var boxes = await server.Http.GetFromJsonAsync<List<BoxResponse>>("/api/boxes", Cancellation);
        Assert.Equal(["BX-0002"], boxes!.Select(b => b.BoxId));
        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(1, ingestion!.ReadingsStored);
        Assert.Equal(1, ingestion.Rejected[RejectReasons.ForeignTopic]);
        Assert.Contains(ingestion.Recent, r => r.Reason == RejectReasons.ForeignTopic && r.BoxId == "BX-0002" && r.Topic == "fleet/v1/boxes/BX-0001/telemetry");
    }

    private static async Task<(int ExitCode, string Output)> MosquittoPubAsync(FleetServer server, string clientId, string userName, string secret, string topic, string payload)
    {
        var start = new System.Diagnostics.ProcessStartInfo("mosquitto_pub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", server.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clientId, "-u", userName, "-P", secret, "-q", "1", "-t", topic, "-m", payload })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Cancellation);
        var stderr = process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);
        return (process.ExitCode, await stdout + await stderr);
    }
}
