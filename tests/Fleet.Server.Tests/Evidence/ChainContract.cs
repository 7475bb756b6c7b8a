using Fleet.Server.Storage;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// The per-box hash chain, as every time-series store must keep it: links written on the store's
/// own write path, recomputed from what is actually stored, broken by a changed or deleted record.
/// Each store runs these through its own subclass against the real database.
/// </summary>
public abstract class ChainContract : IAsyncLifetime
{
    protected const long T0 = 1_795_000_000_000;

    private IReadingStore _store = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string Directory { get; } = FleetServer.NewDataDirectory();

    protected FleetDatabase Database => new(new StorageOptions { DataDirectory = Directory }, "/");

    protected IReadingStore Store => _store;

    protected abstract Task<IReadingStore> OpenAsync();

    protected abstract IChainRecordReader Reader(IReadingStore store);

    /// <summary>Changes a stored reading's value behind the server's back, with the database's own tools.</summary>
    protected abstract Task ChangeStoredReadingAsync(string boxId, string channel, long deviceTimeMs, double value);

    /// <summary>Deletes a stored reading behind the server's back.</summary>
    protected abstract Task DeleteStoredReadingAsync(string boxId, string channel, long deviceTimeMs);

    public async ValueTask InitializeAsync() => _store = await OpenAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(Directory);
    }

    protected static Reading R(string channel, long offsetMs, double value, string box = "BX-1") => new(box, channel, T0 + offsetMs, value, T0 + offsetMs + 5);

    protected Task<ChainVerification> VerifyAsync(string boxId = "BX-1", long? from = null, long? to = null) =>
        new ChainVerifier(new ChainStore(Database), Reader(_store)).VerifyAsync(boxId, from, to, Ct);

    /// <summary>Three packs of BX-1 (the third one partly a redelivery) and one of BX-2.</summary>
    protected async Task WriteThreePacksAsync()
    {
        await _store.WriteAsync("BX-1", [R("c1", 0, 4.1), R("c2", 0, -19.5)], [new("BX-1", "lid", T0, "true", T0 + 5)], Ct);
        await _store.WriteAsync("BX-1", [R("c1", 30_000, 4.2), R("c1", 60_000, 4.3)], [], Ct);
        await _store.WriteAsync("BX-2", [R("c1", 0, 3.0, "BX-2")], [], Ct);
        await _store.WriteAsync("BX-1", [R("c1", 60_000, 4.3), R("c1", 90_000, 4.4)], [new("BX-1", "note", T0 + 90_000, "tab\there \\ too", T0 + 90_005)], Ct);
    }

    [Fact]
    public async Task EachStoredPackBecomesOneLinkAndTheChainVerifiesFromTheStoredRows()
    {
        await WriteThreePacksAsync();
        // A pack of nothing but redeliveries stores nothing, so it makes no link.
        var duplicate = await _store.WriteAsync("BX-1", [R("c1", 0, 4.1)], [], Ct);

        var result = await VerifyAsync();

        Assert.Equal(1, duplicate.Duplicates);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal((1, 3, 3, 7), (result.FromSeq, result.ToSeq, result.LinksChecked, result.RecordsChecked));
        var links = await new ChainStore(Database).LinksAsync("BX-1", 1, 10, 10, Ct);
        Assert.Equal([3, 2, 2], links.Select(l => l.Records));
        Assert.Equal(ChainCanonical.Genesis, links[0].PreviousHash);
        Assert.Equal(links[0].LinkHash, links[1].PreviousHash);
        Assert.Equal(links[1].LinkHash, links[2].PreviousHash);
        Assert.Equal((3, links[2].LinkHash), (result.HeadSeq, result.HeadHash));
        Assert.True((await VerifyAsync("BX-2")).Intact);
    }

    [Fact]
    public async Task ChangingOneStoredReadingBreaksTheVerificationAtItsLink()
    {
        await WriteThreePacksAsync();

        await ChangeStoredReadingAsync("BX-1", "c1", T0 + 30_000, 2.2);
        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenSeq);
        Assert.Contains("changed", result.Problem, StringComparison.Ordinal);
        Assert.True((await VerifyAsync("BX-1", from: 3)).Intact);
        Assert.True((await VerifyAsync("BX-2")).Intact);
    }

    [Fact]
    public async Task DeletingOneStoredReadingBreaksTheVerificationAtItsLink()
    {
        await WriteThreePacksAsync();

        await DeleteStoredReadingAsync("BX-1", "c1", T0 + 90_000);
        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenSeq);
        Assert.Contains("stored 2 records, 1 are there now", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChainCarriesOnFromItsHeadAfterTheStoreIsReopened()
    {
        await WriteThreePacksAsync();
        await ((IAsyncDisposable)_store).DisposeAsync();

        _store = await OpenAsync();
        await _store.WriteAsync("BX-1", [R("c1", 120_000, 4.5)], [], Ct);
        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Problem);
        Assert.Equal((4, 4), (result.HeadSeq, result.LinksChecked));
    }
}
