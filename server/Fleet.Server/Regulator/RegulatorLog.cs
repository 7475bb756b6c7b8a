namespace Fleet.Server.Regulator;

internal static partial class RegulatorLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Regulator query {Path} refused for {User}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string user, string reason);
}
