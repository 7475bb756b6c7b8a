using Fleet.Server.Ingestion;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Demo;

public static class DemoExtensions
{
    // The demo's device clocks run faster than real time, so they get ahead of the server's clock;
    // at 10× a clock gains 9 s every second. Thirty days of headroom lasts for days of demo.
    private const int DemoClockAheadSeconds = 30 * 24 * 3600;

    /// <summary>A simulated fleet inside the server: <c>--demo 20</c>, <c>--demo-speed 60</c>.</summary>
    public static WebApplicationBuilder AddDemoFleet(this WebApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--demo"] = "Demo:Boxes",
            ["--demo-speed"] = "Demo:Speed",
        });
        builder.Services.AddOptions<DemoOptions>()
            .BindConfiguration(DemoOptions.Section)
            .Validate(o => o.Boxes is >= 0 and <= 10_000, "Demo:Boxes (--demo) must be between 0 and 10000.")
            .Validate(o => o.Speed is >= 1 and <= 3600, "Demo:Speed (--demo-speed) must be between 1 and 3600.")
            .Validate(o => o.CoolingFailsAfterMinutes >= 0, "Demo:CoolingFailsAfterMinutes must be 0 or more.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestionOptions>()
            .PostConfigure<IOptions<DemoOptions>>((ingestion, demo) =>
            {
                if (demo.Value.Boxes > 0 && demo.Value.Speed > 1)
                {
                    ingestion.MaxClockAheadSeconds = Math.Max(ingestion.MaxClockAheadSeconds, DemoClockAheadSeconds);
                }
            });
        builder.Services.AddOptions<MqttOptions>()
            .PostConfigure<IOptions<DemoOptions>>((mqtt, demo) =>
            {
                // A demo box at 60× speed samples 60 times as often as a real one.
                if (demo.Value.Boxes > 0)
                {
                    mqtt.PublishesPerSecond = Math.Max(mqtt.PublishesPerSecond, mqtt.PublishesPerSecond * demo.Value.Speed);
                }
            });
        builder.Services.AddHostedService<DemoFleetService>();
        return builder;
    }
}
