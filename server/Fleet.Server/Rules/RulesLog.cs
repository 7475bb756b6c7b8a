namespace Fleet.Server.Rules;

internal static partial class RulesLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Rule state rebuilt: {OpenAlerts} open alerts, {Compartments} compartments, {Readings} readings replayed")]
    public static partial void Rebuilt(ILogger logger, int openAlerts, int compartments, int readings);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Alert raised: {BoxId} {Channel} {Message} (late: {Late})")]
    public static partial void Raised(ILogger logger, string boxId, string channel, string message, bool late);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Alert resolved: {BoxId} {Channel} {Message}")]
    public static partial void Resolved(ILogger logger, string boxId, string channel, string message);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Evaluating a batch of box {BoxId} failed")]
    public static partial void EvaluationFailed(ILogger logger, string boxId, Exception exception);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Out-of-order readings of {BoxId} {Channel}: {Readings} stored readings evaluated again")]
    public static partial void ReEvaluated(ILogger logger, string boxId, string channel, int readings);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "A run of the rule watch failed")]
    public static partial void WatchFailed(ILogger logger, Exception exception);
}
