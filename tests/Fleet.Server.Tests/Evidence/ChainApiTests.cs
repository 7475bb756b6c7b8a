using System.Net;
using System.Net.Http.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Tests.Evidence;

/// <summary>GET /api/boxes/{id}/chain/verify on the real server, fed over real MQTT.</summary>
public sealed class ChainApiTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await EvidenceServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AChangedReadingRowInFleetDbIsReportedAtItsLink()
    {
        var start = Senml.NowSeconds() - 600;
        await using (var box = await TestBox.ConnectAsync(_server, "BX-CHAIN-1"))
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 0.0, 4.0), ("c2", 0.0, -19.0)));
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start + 30, ("c1", 0.0, 4.5)));
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start + 60, ("c1", 0.0, 5.0)));
        }

        var intact = await VerifyAsync("BX-CHAIN-1");
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal((3, 4), (intact.LinksChecked, intact.RecordsChecked));

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "fleet.db")};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var update = connection.CreateCommand();
            update.CommandText = $"UPDATE readings SET value = 3.9 WHERE box_id = 'BX-CHAIN-1' AND t = {(start + 30) * 1000};";
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
        }

        var broken = await VerifyAsync("BX-CHAIN-1");
        Assert.False(broken.Intact);
        Assert.Equal(2, broken.BrokenSeq);
        Assert.True((await VerifyAsync("BX-CHAIN-1", "?from=3&to=3")).Intact);
    }

    [Fact]
    public async Task VerificationNeedsASignedInCallerWithTheBoxInScope()
    {
        using var anonymous = EvidenceServer.Anonymous(_server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/boxes/BX-1/chain/verify", UriKind.Relative), Ct)).StatusCode);

        // Signed in, but the box is not the caller's: a manager of a platform it does not belong to.
        var manager = await EvidenceServer.ManagerAsync(_server, "someone", "other-platform");
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(new Uri("/api/boxes/BX-1/chain/verify", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.GetAsync(new Uri("/api/boxes/BX-1/chain/verify?from=5&to=2", UriKind.Relative), Ct)).StatusCode);
    }

    private async Task<ChainVerification> VerifyAsync(string boxId, string query = "") =>
        (await Eventually.ReturnsAsync(
            () => _server.Http.GetFromJsonAsync<ChainVerification>($"/api/boxes/{boxId}/chain/verify{query}", Ct)!,
            v => v!.HeadSeq >= 3,
            "three links"))!;
}
