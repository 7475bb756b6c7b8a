namespace Fleet.Server.Settings;

internal static partial class SettingsLog
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Rule setting changed by {Actor}: {Change}, in force from the next reading ({Category})")]
    public static partial void Changed(ILogger logger, string category, string actor, string change);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Rule setting of {Category} refused for {Actor}: {Reason}")]
    public static partial void ChangeRefused(ILogger logger, string category, string actor, string reason);
}
