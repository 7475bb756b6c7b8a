using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Fleet.Firmware.Protocol;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;

namespace Fleet.Server.Tests.Evidence;

/// <summary>The server on a real influxd: the chain verified from the points, a bundle built from them, a changed point found.</summary>
public sealed class InfluxEvidenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AChainKeptInFleetDbVerifiesAgainstInfluxDbPointsAndAChangedPointBreaksIt()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        await using var server = await EvidenceServer.StartAsync(
            "--Storage:TimeSeries=InfluxDb", $"--InfluxDb:Url={influx.Url}", "--InfluxDb:Database=fleet", "--InfluxDb:WriteWaitMilliseconds=5000");
        var start = Senml.NowSeconds() - 600;
        await using (var box = await TestBox.ConnectAsync(server, "BX-INFLUX-EV"))
        {
            for (var pack = 0; pack < 3; pack++)
            {
                Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start + (pack * 60), ("c1", 0.0, 4.0 + pack), ("c1", 30.0, 4.5 + pack)))).IsSuccess);
            }
        }

        var intact = await Eventually.ReturnsAsync(
            () => server.Http.GetFromJsonAsync<ChainVerification>("/api/boxes/BX-INFLUX-EV/chain/verify", Ct)!,
            v => v!.Intact && v.LinksChecked == 3,
            "three intact links read back from InfluxDB");
        Assert.Equal(6, intact!.RecordsChecked);
        var window = $"from={Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(start).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(start + 600).ToString("O"))}";
        using var bundle = await server.Http.GetAsync(new Uri($"/api/evidence/boxes/BX-INFLUX-EV?{window}", UriKind.Relative), Ct);
        var files = EvidenceScenario.Unzip(await bundle.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(7, Encoding.UTF8.GetString(files["readings.csv"]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The same point (tags and time) written again with another value: InfluxDB keeps the new one.
        var line = string.Create(CultureInfo.InvariantCulture, $"reading,box=BX-INFLUX-EV,channel=c1 value=3.9 {(start + 60) * 1000}\n");
        using var http = new HttpClient { BaseAddress = influx.Url };
        (await http.PostAsync("write?db=fleet&precision=ms", new StringContent(line, Encoding.UTF8), Ct)).EnsureSuccessStatusCode();

        var broken = await server.Http.GetFromJsonAsync<ChainVerification>("/api/boxes/BX-INFLUX-EV/chain/verify", Ct);
        Assert.False(broken!.Intact);
        Assert.Equal(2, broken.BrokenSeq);
    }
}
