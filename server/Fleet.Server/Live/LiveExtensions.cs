using Fleet.Dashboard.Data;
using Fleet.Server.Storage;

namespace Fleet.Server.Live;

public static class LiveExtensions
{
    /// <summary>The SignalR hub, the broadcaster that feeds it, and the dashboard's IFleetFeed and IFleetRegisters.</summary>
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveReadingsQueue>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<LiveReadingsQueue>());
        builder.Services.AddSingleton<BoxViews>();
        builder.Services.AddSingleton<DeliveryViews>();
        builder.Services.AddSingleton<BoxHistories>();
        builder.Services.AddSingleton<FleetFeed>();
        // Per circuit: each signed-in user's feed shows only what their role and scope allow.
        builder.Services.AddScoped<IFleetFeed, Access.ScopedFleetFeed>();
        builder.Services.AddSingleton<DisinfectionReports>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<DisinfectionReports>());
        builder.Services.AddSingleton<BoxStatusCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BoxStatusCache>());
        builder.Services.AddSingleton<FleetRegisters>();
        builder.Services.AddScoped<IFleetRegisters, Access.ScopedFleetRegisters>();
        builder.Services.AddHostedService<LiveBroadcaster>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<FleetHub>(FleetHub.Path);
        return app;
    }
}
