namespace Fleet.Server.Ingestion;

public static class IngestionExtensions
{
    /// <summary>The embedded broker and the ingestion that runs inside it.</summary>
    public static WebApplicationBuilder AddIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>()
            .BindConfiguration(MqttOptions.Section)
            .Validate(o => o.Port is >= 1 and <= 65535, "Mqtt:Port must be between 1 and 65535.")
            .Validate(o => o.MaxPendingMessagesPerClient >= 1000, "Mqtt:MaxPendingMessagesPerClient must be at least 1000.")
            .Validate(o => o.Mode is MqttOptions.Embedded or MqttOptions.ExternalMode, "Mqtt:Mode must be Embedded or External.")
            .Validate(o => o.Mode != MqttOptions.ExternalMode || !string.IsNullOrWhiteSpace(o.External.Host), "Mqtt:External:Host must name the broker.")
            .Validate(o => o.External.Port is >= 1 and <= 65535, "Mqtt:External:Port must be between 1 and 65535.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.External.ClientId), "Mqtt:External:ClientId must be set (the persistent session's identity).")
            .Validate(o => o.External.ReconnectMilliseconds is >= 10 and <= 600_000, "Mqtt:External:ReconnectMilliseconds must be between 10 and 600000.")
            .Validate(o => o.PublishesPerSecond > 0, "Mqtt:PublishesPerSecond must be more than 0.")
            .Validate(o => o.PublishBurst >= 1, "Mqtt:PublishBurst must be at least 1.")
            .Validate(o => !o.Tls.Enabled || o.Tls.Port is >= 1 and <= 65535, "Mqtt:Tls:Port must be between 1 and 65535.")
            .Validate(o => !o.Tls.Enabled || File.Exists(o.Tls.CertificatePath), "Mqtt:Tls:CertificatePath must name an existing .pfx or PEM certificate file.")
            .Validate(o => !o.Tls.Enabled || IsPfx(o.Tls.CertificatePath) || File.Exists(o.Tls.KeyPath), "Mqtt:Tls:KeyPath must name the PEM private key of a PEM certificate.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .Validate(o => o.MaxClockAheadSeconds >= 0, "Ingestion:MaxClockAheadSeconds must be 0 or more.")
            .Validate(o => o.LateAfterSeconds >= 0, "Ingestion:LateAfterSeconds must be 0 or more.")
            .Validate(o => o.RecentRejections is >= 1 and <= 10_000, "Ingestion:RecentRejections must be between 1 and 10000.")
            .ValidateOnStart();

        builder.Services.AddMetrics();
        builder.Services.AddSingleton<IngestionStats>();
        builder.Services.AddSingleton<PublishIngestor>();
        builder.Services.AddSingleton<PublishRateLimiter>();
        builder.Services.AddSingleton<DeviceGuard>();
        if (string.Equals(builder.Configuration[$"{MqttOptions.Section}:{nameof(MqttOptions.Mode)}"], MqttOptions.ExternalMode, StringComparison.Ordinal))
        {
            builder.Services.AddSingleton<ExternalBrokerClient>();
            builder.Services.AddSingleton<IMqttIngress>(sp => sp.GetRequiredService<ExternalBrokerClient>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ExternalBrokerClient>());
        }
        else
        {
            builder.Services.AddSingleton<AcknowledgementGate>();
            builder.Services.AddSingleton<MqttBrokerService>();
            builder.Services.AddSingleton<IMqttIngress>(sp => sp.GetRequiredService<MqttBrokerService>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<MqttBrokerService>());
        }

        return builder;
    }

    private static bool IsPfx(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    public static WebApplication MapIngestionApi(this WebApplication app)
    {
        app.MapGet("/api/ingestion", (IngestionStats stats) => stats.Snapshot())
            .WithName("GetIngestion")
            .WithSummary("Ingestion counters and the latest rejections")
            .WithDescription("Messages, stored and duplicate records, store failures, rejections per reason code (docs/protocol.md), the latest rejections with time, topic, reason and detail, and the connections and subscriptions refused to devices, per reason (docs/security.md).")
            .WithTags("Ingestion")
            .RequireAuthorization(Access.AccessExtensions.AdminPolicy);
        return app;
    }
}
