using Fleet.Server.Storage.Influx;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Storage;

public static class StorageExtensions
{
    /// <summary>The embedded SQLite store: {Storage:DataDirectory}/fleet.db, WAL, one group-commit writer.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a folder.")
            .Validate(o => o.Synchronous.ToUpperInvariant() is "FULL" or "NORMAL" or "EXTRA", "Storage:Synchronous must be FULL, NORMAL or EXTRA.")
            .Validate(o => o.MaxBatchRecords is >= 1 and <= 100_000, "Storage:MaxBatchRecords must be between 1 and 100000.")
            .Validate(o => o.RuleQueueCapacity is >= 1 and <= 10_000_000, "Storage:RuleQueueCapacity must be between 1 and 10000000.")
            .Validate(o => o.TimeSeries is StorageOptions.Sqlite or StorageOptions.InfluxDb, "Storage:TimeSeries must be Sqlite or InfluxDb.")
            .ValidateOnStart();

        builder.Services.AddSingleton(sp => new FleetDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        // Relational data (boxes, alerts) stays in fleet.db either way; only readings and events move.
        if (string.Equals(builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.TimeSeries)}"], StorageOptions.InfluxDb, StringComparison.Ordinal))
        {
            builder.AddInfluxStore();
        }
        else
        {
            builder.Services.AddSingleton<SqliteReadingStore>();
            builder.Services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<SqliteReadingStore>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SqliteReadingStore>());
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
