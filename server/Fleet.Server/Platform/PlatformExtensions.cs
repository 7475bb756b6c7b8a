namespace Fleet.Server.Platform;

public static class PlatformExtensions
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformOptions>()
            .BindConfiguration(PlatformOptions.Section)
            // Whole quarter hours from -12 to +14: every offset in use (+5:30, +5:45 included).
            .Validate(o => o.UtcOffsetHours is >= -12 and <= 14 && o.UtcOffsetHours * 4 == Math.Round(o.UtcOffsetHours * 4), "Platform:UtcOffsetHours must be a whole number of quarter hours between -12 and 14.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PlatformCalendar>();
        return builder;
    }
}
