namespace Fleet.Server.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Demo fleet: {Boxes} simulated boxes, device clocks at {Speed}x real time; {FaultyBox} loses its chilled cooling after {Minutes} device minutes")]
    public static partial void Started(ILogger logger, int boxes, double speed, string faultyBox, double minutes);
}
