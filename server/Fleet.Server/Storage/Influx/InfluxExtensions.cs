namespace Fleet.Server.Storage.Influx;

public static class InfluxExtensions
{
    /// <summary>Readings and events in InfluxDB (v1 HTTP API), with a durable local spool and dedupe ledger.</summary>
    public static WebApplicationBuilder AddInfluxStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InfluxOptions>()
            .BindConfiguration(InfluxOptions.Section)
            .Validate(o => Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https", "InfluxDb:Url must be an absolute http or https address.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Database), "InfluxDb:Database must name a database.")
            .Validate(o => o.BatchLines is >= 1 and <= 100_000, "InfluxDb:BatchLines must be between 1 and 100000.")
            .Validate(o => o.WriteWaitMilliseconds is >= 0 and <= 60_000, "InfluxDb:WriteWaitMilliseconds must be between 0 and 60000.")
            .Validate(o => o.RequestTimeoutSeconds is >= 1 and <= 300, "InfluxDb:RequestTimeoutSeconds must be between 1 and 300.")
            .Validate(o => o.RetryMilliseconds is >= 10 and <= 60_000, "InfluxDb:RetryMilliseconds must be between 10 and 60000.")
            .Validate(o => o.Username.Length == 0 || o.Password.Length > 0, "InfluxDb:Password must be set when InfluxDb:Username is.")
            .Validate(o => o.DedupeWindowDays is >= 2 and <= 3650, "InfluxDb:DedupeWindowDays must be between 2 and 3650.")
            .ValidateOnStart();
        // A record older than the ledger's window could not be told from a new one: ingestion refuses it.
        builder.Services.AddOptions<Ingestion.IngestionOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<InfluxOptions>>((ingestion, influx) =>
            ingestion.MaxAgeDays = ingestion.MaxAgeDays is > 0 && ingestion.MaxAgeDays < influx.Value.DedupeWindowDays ? ingestion.MaxAgeDays : influx.Value.DedupeWindowDays);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<InfluxReadingStore>();
        builder.Services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<InfluxReadingStore>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InfluxReadingStore>());
        return builder;
    }
}
