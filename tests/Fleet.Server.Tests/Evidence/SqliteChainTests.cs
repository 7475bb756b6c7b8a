using System.Diagnostics.Metrics;
using Fleet.Server.Audit;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Chain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Evidence;

/// <summary>The chain on the embedded SQLite store, tampered with by raw SQL on fleet.db.</summary>
public sealed class SqliteChainTests : ChainContract
{
    private static readonly ServiceProvider Meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    protected override async Task<IReadingStore> OpenAsync()
    {
        var options = new StorageOptions { DataDirectory = Directory };
        var store = new SqliteReadingStore(new FleetDatabase(options, "/"), [], Options.Create(options), NullLogger<SqliteReadingStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        return store;
    }

    protected override IChainRecordReader Reader(IReadingStore store) => new SqliteChainRecordReader(Database);

    protected override Task ChangeStoredReadingAsync(string boxId, string channel, long deviceTimeMs, double value) =>
        SqlAsync($"UPDATE readings SET value = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} WHERE box_id = '{boxId}' AND channel = '{channel}' AND t = {deviceTimeMs};");

    protected override Task DeleteStoredReadingAsync(string boxId, string channel, long deviceTimeMs) =>
        SqlAsync($"DELETE FROM readings WHERE box_id = '{boxId}' AND channel = '{channel}' AND t = {deviceTimeMs};");

    [Fact]
    public async Task PacksOfOneBoxCommittedTogetherShareALinkAndTheChainStillVerifies()
    {
        const int packs = 50;
        // Written at once, as a box's window or replayed backlog arrives: the writer commits
        // what queued up together, and each box's records of one commit get one link.
        var writes = Enumerable.Range(0, packs).SelectMany(i => new[]
        {
            Store.WriteAsync("BX-1", [R("c1", i * 1_000, 4.0 + i / 100.0)], [], Ct),
            Store.WriteAsync("BX-2", [R("c1", i * 1_000, 3.0, "BX-2"), R("c2", i * 1_000, -19.0, "BX-2")], [], Ct),
        }).ToList();
        var stored = await Task.WhenAll(writes);
        Assert.All(stored, batch => Assert.Equal(0, batch.Duplicates));

        var one = await VerifyAsync("BX-1");
        var two = await VerifyAsync("BX-2");

        Assert.True(one.Intact && two.Intact, one.Problem ?? two.Problem);
        Assert.Equal((packs, 2 * packs), (one.RecordsChecked, two.RecordsChecked));
        Assert.InRange(one.LinksChecked, 1, packs - 1);
        await ChangeStoredReadingAsync("BX-1", "c1", T0 + 25_000, 9.9);
        Assert.False((await VerifyAsync("BX-1")).Intact);
    }

    [Fact]
    public async Task DeletingALinkOrMovingARecordToAnotherLinkBreaksTheChain()
    {
        await WriteThreePacksAsync();

        await SqlAsync("UPDATE events SET link = 2 WHERE box_id = 'BX-1' AND name = 'lid';");
        Assert.Equal(1, (await VerifyAsync()).BrokenSeq);
        await SqlAsync("UPDATE events SET link = 1 WHERE box_id = 'BX-1' AND name = 'lid';");
        Assert.True((await VerifyAsync()).Intact);

        await SqlAsync("DELETE FROM chain_links WHERE box_id = 'BX-1' AND seq = 2;");
        var result = await VerifyAsync();
        Assert.Equal(2, result.BrokenSeq);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetentionPurgeLeavesAChainThatVerifiesFromItsRecordedAnchor()
    {
        await WriteThreePacksAsync();
        var links = await new ChainStore(Database).LinksAsync("BX-1", 1, 3, 3, Ct);

        // Links 1 and 2 hold only records before T0 + 61 s; link 3 has one after it.
        var audit = Audit();
        var anchors = await new ChainPurge(Database, audit, TimeProvider.System).PurgeBeforeAsync(T0 + 61_000, Ct);

        var anchor = Assert.Single(anchors, a => a.BoxId == "BX-1");
        Assert.Equal((3L, 2L, links[1].LinkHash), (anchor.Seq, anchor.PurgedLinks, anchor.AnchorHash));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM readings WHERE box_id = 'BX-1';"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM events WHERE box_id = 'BX-1';"));
        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.Equal((3L, 1, links[1].LinkHash), (result.FromSeq, result.LinksChecked, result.AnchorHash));
        // BX-2's only link is its head, which a purge never removes.
        Assert.DoesNotContain(anchors, a => a.BoxId == "BX-2");

        // The purge is in the audit trail, by the server, with the anchor the chain now starts from.
        var recorded = Assert.Single(await ScalarsAsync($"SELECT actor || ' ' || target_kind || '/' || target_id || ' ' || after FROM audit_trail WHERE action = '{AuditActions.RetentionPurged}';"));
        Assert.StartsWith("system box/BX-1 ", recorded, StringComparison.Ordinal);
        Assert.Contains($"\"anchorHash\":\"{links[1].LinkHash}\"", recorded, StringComparison.Ordinal);
        Assert.Contains("\"anchorSeq\":3,", recorded, StringComparison.Ordinal);
        Assert.Contains("\"purgedLinks\":2,", recorded, StringComparison.Ordinal);
        Assert.True((await audit.VerifyAsync(Ct)).Intact);

        // A forged anchor does not verify.
        await SqlAsync("UPDATE chain_anchors SET anchor_hash = replace(anchor_hash, substr(anchor_hash, 1, 1), 'x') WHERE box_id = 'BX-1';");
        Assert.Equal(3, (await VerifyAsync()).BrokenSeq);
    }

    /// <summary>The real audit trail on this test's fleet.db.</summary>
    private AuditTrail Audit() => new(Database, TimeProvider.System, new AuditMetrics(Meters.GetRequiredService<IMeterFactory>()), NullLogger<AuditTrail>.Instance);

    private async Task SqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Directory, "fleet.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync(Ct) > 0, sql);
    }

    private async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Directory, "fleet.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Directory, "fleet.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
