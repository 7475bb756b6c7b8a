using Fleet.Server.Storage;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Storage.Influx;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Evidence;

public static class EvidenceExtensions
{
    /// <summary>The hash chain's verifier and retention, the evidence key, bundles and violation reports.</summary>
    public static WebApplicationBuilder AddEvidence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EvidenceOptions>()
            .BindConfiguration(EvidenceOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPath), "Evidence:KeyPath must name a file.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PdfSharpLicense), "Evidence:PdfSharpLicense must be AGPL or a PDFsharp commercial licence key.")
            .Validate(o => o.ReadingRetentionMonths == 0 || o.ReadingRetentionMonths is >= EvidenceOptions.MinReadingRetentionMonths and <= 1200,
                "Evidence:ReadingRetentionMonths must be 0 (keep for ever) or between 6 (the legal minimum for records) and 1200.")
            .Validate(o => o.PurgeEveryMinutes is >= 0.01 and <= 7 * 24 * 60, "Evidence:PurgeEveryMinutes must be between 0.01 and 10080.")
            .Validate(o => o.MaxWindowDays is >= 1 and <= 3660, "Evidence:MaxWindowDays must be between 1 and 3660.")
            .Validate(o => o.Departments.Keys.All(IsRegionPrefix), "Evidence:Departments keys must be region codes of 2 to 6 digits.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ChainStore>();
        builder.Services.AddSingleton<IChainRecordReader>(sp => sp.GetRequiredService<IReadingStore>() is InfluxReadingStore influx
            ? new InfluxChainRecordReader(influx)
            : new SqliteChainRecordReader(sp.GetRequiredService<FleetDatabase>()));
        builder.Services.AddSingleton<ChainVerifier>();
        builder.Services.AddSingleton<ChainPurge>();
        builder.Services.AddSingleton<ChainRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChainRetention>());
        builder.Services.AddSingleton<EvidenceAccess>();
        builder.Services.AddSingleton<EvidenceQueries>();
        builder.Services.AddSingleton<EvidenceCollector>();
        // Created (or loaded) at start, so a missing key is made on first start, not on first request.
        builder.Services.AddSingleton<EvidenceKey>();
        builder.Services.AddHostedService<EvidenceStartup>();
        return builder;
    }

    public static WebApplication MapEvidenceApi(this WebApplication app)
    {
        ChainApi.Map(app);
        EvidenceApi.Map(app);
        return app;
    }

    /// <summary>At start: the evidence key is loaded or created, and PDFsharp's licence is loaded (a bad key stops the server).</summary>
    private sealed class EvidenceStartup(EvidenceKey key, IOptions<EvidenceOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(key);
            var license = options.Value.PdfSharpLicense;
            if (string.Equals(license, EvidenceOptions.Agpl, StringComparison.OrdinalIgnoreCase))
            {
                PdfSharp.PdfSharpLicense.SetAgplLicense();
            }
            else
            {
                PdfSharp.PdfSharpLicense.LoadLicense(license);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static bool IsRegionPrefix(string code) => code.Length is >= 2 and <= 6 && code.All(char.IsAsciiDigit);
}
