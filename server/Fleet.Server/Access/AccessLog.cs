namespace Fleet.Server.Access;

internal static partial class AccessLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Sign-in refused for {UserName} from {Address}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string userName, string? address, string reason);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "{UserName} ({Role}) signed in from {Address}")]
    public static partial void SignedIn(ILogger logger, string userName, string role, string? address);

    [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "API token refused from {Address}: {Reason} (token {TokenId})")]
    public static partial void TokenRefused(ILogger logger, string? address, string reason, long? tokenId);

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "{UserName} ({Role}) was refused {Method} {Path}")]
    public static partial void Forbidden(ILogger logger, string? userName, string? role, string method, string path);

    [LoggerMessage(EventId = 904, Level = LogLevel.Information, Message = "{UserName} signed out")]
    public static partial void SignedOut(ILogger logger, string? userName);

    [LoggerMessage(EventId = 905, Level = LogLevel.Information, Message = "Access change by {Actor}: {Change}")]
    public static partial void Changed(ILogger logger, string actor, string change);

    [LoggerMessage(EventId = 906, Level = LogLevel.Warning, Message = "Demo mode and no user yet: created admin \"{UserName}\" with password {Password} (shown once; create your own admin and disable this one outside a demo)")]
    public static partial void DemoAdminCreated(ILogger logger, string userName, string password);
}
