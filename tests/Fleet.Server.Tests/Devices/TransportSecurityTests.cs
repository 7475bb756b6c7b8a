using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;

namespace Fleet.Server.Tests.Devices;

/// <summary>
/// docs/security.md followed by hand, with real tools: openssl makes a CA and a server certificate,
/// the server's own <c>devices provision</c> verb issues a box's secret, the server process serves
/// MQTT over TLS and HTTPS with that certificate, and mosquitto_pub --cafile and curl --cacert talk to it.
/// </summary>
public sealed class TransportSecurityTests : IDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();

    public void Dispose() => FleetServer.TryDelete(_directory);

    [Fact]
    public async Task ABoxProvisionedByTheVerbPublishesOverTlsAndItsReadingIsServedOverHttps()
    {
        foreach (var openssl in SecurityPage.Commands().Where(c => c.StartsWith("openssl ", StringComparison.Ordinal)))
        {
            await Tool.SucceedAsync("bash", "-c", $"cd '{_directory}' && {openssl}");
        }

        var serverDll = Path.Combine(AppContext.BaseDirectory, "Fleet.Server.dll");
        var data = Path.Combine(_directory, "data");
        var csv = Path.Combine(_directory, "secrets.csv");
        await Tool.SucceedAsync("dotnet", serverDll, "devices", "provision", "BX-9001", "BX-0001", "--out", csv, $"--Storage:DataDirectory={data}");
        var secret = File.ReadAllLines(csv).Single(l => l.StartsWith("BX-9001,", StringComparison.Ordinal))["BX-9001,".Length..];
        var simulatedSecrets = Fleet.Simulator.SecretsCsv.Load(csv);
        var token = await FleetServer.AdminTokenThroughCommandLineAsync(data);

        int mqttPort = FleetServer.FreeTcpPort(), tlsPort = FleetServer.FreeTcpPort(), httpsPort = FleetServer.FreeTcpPort();
        var settings = SecurityPage.Command("dotnet run --project server/Fleet.Server", "Mqtt:Tls")
            .Split(' ')
            .Where(token => token.StartsWith("--", StringComparison.Ordinal) && token.Contains('=', StringComparison.Ordinal))
            .Select(token => Localize(token, tlsPort, httpsPort));
        using var server = RealProcess.Start(
            "dotnet",
            [serverDll, $"--contentRoot={AppContext.BaseDirectory}", $"--Mqtt:Port={mqttPort}", $"--Storage:DataDirectory={data}", .. settings]);
        await server.WaitForPortAsync(tlsPort, TimeSpan.FromSeconds(30));
        await server.WaitForPortAsync(httpsPort, TimeSpan.FromSeconds(30));

        var environment = $"export BOX_SECRET='{secret}' FLEET_TOKEN='{token}'; cd '{_directory}';";
        var publish = Localize(SecurityPage.Command("mosquitto_pub --cafile"), tlsPort, httpsPort);
        await Tool.SucceedAsync("bash", "-c", $"{environment} {publish}");
        var box = await Tool.SucceedAsync("bash", "-c", $"{environment} {Localize(SecurityPage.Command("curl --cacert"), tlsPort, httpsPort)}");
        Assert.Contains("\"celsius\":4.5", box, StringComparison.Ordinal);

        // The same box with a wrong secret, and a client that does not trust the CA, get nowhere.
        var (wrongSecret, refusal) = await Tool.RunAsync("bash", "-c", $"export BOX_SECRET=wrong; cd '{_directory}'; {publish}");
        Assert.NotEqual(0, wrongSecret);
        Assert.Contains("bad user name or password", refusal, StringComparison.OrdinalIgnoreCase);
        var (untrusted, _) = await Tool.RunAsync("curl", "-sS", $"https://localhost:{httpsPort}/health");
        Assert.NotEqual(0, untrusted);

        // A simulated box trusting only the CA reports over TLS; HttpClient, trusting the same CA, reads it.
        await using (var fleet = new Fleet.Simulator.FleetSimulation(new Fleet.Simulator.SimulationOptions
        {
            BrokerHost = "localhost", BrokerPort = tlsPort, Boxes = 1, SecretFor = simulatedSecrets, TlsCaFile = Path.Combine(_directory, "ca.crt"),
        }))
        {
            await fleet.StartAsync(TestContext.Current.CancellationToken);
            using var https = TrustingOnly(Path.Combine(_directory, "ca.crt"), new Uri($"https://localhost:{httpsPort}"));
            https.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            await Eventually.ReturnsAsync(
                async () => await https.GetStringAsync(new Uri("/api/boxes/BX-0001", UriKind.Relative)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "", TaskScheduler.Default),
                body => body.Contains("\"online\":true", StringComparison.Ordinal),
                "the simulated box online, read over HTTPS",
                TimeSpan.FromSeconds(30));
        }

        await server.TerminateAsync();
    }

    private static HttpClient TrustingOnly(string caFile, Uri baseAddress)
    {
        var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null || chain is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    private string Localize(string text, int tlsPort, int httpsPort) => text
        .Replace("8883", tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("5443", httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
        .Replace("=server.", $"={_directory}/server.", StringComparison.Ordinal);
}
