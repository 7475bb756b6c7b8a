using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using MQTTnet;

namespace Fleet.Server.Tests.Ingestion;

/// <summary>
/// A box with many publishes in flight: the broker reads on while they are stored, and each PUBACK
/// still leaves only once its publish is durable — or never, when the store fails.
/// </summary>
public sealed class HeldAcknowledgementTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task EveryPubAckOfAFullWindowArrivesOnlyOnceItsPackIsStored()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-HELD-1");
        var t0 = Senml.NowSeconds() - 600;
        const int packs = 40;

        var receipts = Enumerable.Range(0, packs).Select(async i =>
        {
            var ack = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t0 + i, ($"c{i % 4 + 1}", 0, 4.0 + i / 100.0)));
            Assert.True(ack.IsSuccess, ack.ReasonCode.ToString());
            // Read at once, through another connection to the file: the pack must be there already.
            return await StoredAtAsync(box.BoxId, (t0 + i) * 1000);
        }).ToList();

        Assert.All(await Task.WhenAll(receipts), stored => Assert.True(stored));
        Assert.Equal(packs, await CountAsync(box.BoxId));
    }

    [Fact]
    public async Task WhenTheStoreCannotCommitNothingOfTheWindowIsAcknowledgedAndTheResentPacksAreStoredOnce()
    {
        var secret = _server.ProvisionBox("BX-HELD-2");
        var t0 = Senml.NowSeconds() - 600;
        string Pack(int i) => Senml.Telemetry("BX-HELD-2", t0 + i, ("c1", 0, 4.0 + i / 100.0));

        await using (var box = await TestBox.ConnectAsync(_server.MqttPort, "BX-HELD-2", secret))
        {
            Assert.True((await box.PublishAsync(Topics.Telemetry, Pack(0))).IsSuccess);

            // A fault of the disk, as SQLite reports it: every insert of a reading fails.
            await ExecuteAsync("CREATE TRIGGER fault BEFORE INSERT ON readings BEGIN SELECT RAISE(ABORT, 'disk fault'); END;");
            var window = Enumerable.Range(1, 5).Select(i => AcknowledgedAsync(box, Pack(i))).ToList();

            Assert.All(await Task.WhenAll(window), acknowledged => Assert.False(acknowledged));
            await Eventually.ReturnsAsync(() => Task.FromResult(box.IsConnected), connected => !connected, "the server closing the connection");
        }

        Assert.True((await _server.IngestionAsync())!.StoreFailures >= 1);
        await ExecuteAsync("DROP TRIGGER fault;");

        // The box sends again what was not acknowledged, as the firmware's queue does.
        await using (var box = await TestBox.ConnectAsync(_server.MqttPort, "BX-HELD-2", secret))
        {
            var resent = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => AcknowledgedAsync(box, Pack(i))));
            Assert.All(resent, Assert.True);
        }

        Assert.Equal(6, await CountAsync("BX-HELD-2"));
    }

    private static async Task<bool> AcknowledgedAsync(TestBox box, string pack)
    {
        try
        {
            return (await box.PublishAsync(Topics.Telemetry, pack)).IsSuccess;
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> StoredAtAsync(string boxId, long deviceTimeMs)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM readings WHERE box_id = $box AND t = $t";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$t", deviceTimeMs);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    private async Task<long> CountAsync(string boxId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM readings WHERE box_id = $box";
        command.Parameters.AddWithValue("$box", boxId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "fleet.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
