using Fleet.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Storage.Contract;

public sealed class SqliteStoreContractTests : ReadingStoreContract
{
    protected override async Task<IReadingStore> OpenAsync(ICommittedBatchSink sink)
    {
        var options = new StorageOptions { DataDirectory = Directory };
        var store = new SqliteReadingStore(new FleetDatabase(options, "/"), [sink], Options.Create(options), NullLogger<SqliteReadingStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        return store;
    }
}
