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

    [Fact]
    public async Task TheDatabaseRunsInWalMode()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Directory, "fleet.db")}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
